// The media library's records: one row per picture, its files in the data folder's media/
// (media/media_library.h writes them). Part of Store (store/store.h).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "content/media.h"
#include "core/result.h"

namespace tribune {

class MediaStore {
 public:
  virtual ~MediaStore() = default;

  // Records `media` (its id and added_at are set here) and returns it as stored; conflict
  // (field "name") when another picture has its name. Pages showing pictures are stale after.
  virtual Result<Media> add_media(const Media& media) = 0;
  // The picture named `name`, or nullopt.
  virtual Result<std::optional<Media>> media_named(std::string_view name) = 0;
  // Every picture, the newest first.
  virtual Result<std::vector<Media>> all_media() = 0;
};

// The whole library by name: what pages and imports look pictures up in.
inline Result<MediaByName> media_by_name(MediaStore& store) {
  auto all = store.all_media();
  if (!all) return all.error();
  MediaByName by_name;
  for (Media& media : *all) {
    std::string name = media.name;
    by_name.emplace(std::move(name), std::move(media));
  }
  return by_name;
}

}  // namespace tribune
