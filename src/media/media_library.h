// The media library: a picture is checked (its type read from its bytes, its size bounded),
// made upright and stripped of its metadata (GPS above all), then saved once in every width
// and format pages use, named by its content's hash; its record goes to the store last.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "content/media.h"
#include "core/result.h"
#include "store/media_store.h"

namespace tribune::media {

// A picture to add, with what readers are told about it.
struct NewPicture {
  std::string bytes;
  std::string source;  // where it came from (a file name), for messages and the default name
  std::string name;  // empty: made from `source`'s name ("Marché de Ségou.jpg" → "marche-de-segou")
  std::string alt;  // required
  std::string caption;
  std::string credit;
};

class MediaLibrary {
 public:
  // `folder`: where the files go (created when missing); the data folder's media/.
  MediaLibrary(MediaStore& store, std::filesystem::path folder)
      : store_(store), folder_(std::move(folder)) {}

  // Adds `picture`: writes its variants (media_variants, media_share_file) and records it.
  // invalid_input naming the field ("alt", "name", "file") when the alt text is missing, the
  // name unusable, or the bytes not an acceptable picture (see read_picture_header); conflict
  // (field "name") when another picture has the name. The same picture added again under
  // the same name is no change: its record is returned. Nothing is recorded on failure.
  Result<Media> add(const NewPicture& picture);

  const std::filesystem::path& folder() const { return folder_; }

 private:
  MediaStore& store_;
  std::filesystem::path folder_;
};

}  // namespace tribune::media
