#include "media/media_library.h"

#include <system_error>

#include "content/slug.h"
#include "core/fs.h"
#include "core/hash.h"
#include "media/picture_codec.h"

namespace tribune::media {
namespace {

std::string default_name(const std::string& source) {
  return slugify(std::filesystem::path(source).stem().string());
}

// Writes `bytes` as `file` in `folder` unless a file of that name is there: names are
// content hashes, so an existing file already holds these bytes.
Status write_variant(const std::filesystem::path& folder, const std::string& file,
                     const std::string& bytes) {
  const std::filesystem::path path = folder / file;
  std::error_code error;
  if (std::filesystem::exists(path, error)) return Ok{};
  using std::filesystem::perms;
  // Readable by all: a proxy in front (nginx) may serve the folder itself.
  return fs::write_file_atomic(
      path, bytes, perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
}

}  // namespace

Result<Media> MediaLibrary::add(const NewPicture& picture) {
  Media media;
  media.name = picture.name.empty() ? default_name(picture.source) : picture.name;
  if (!is_valid_media_name(media.name)) {
    return make_error(Errc::invalid_input,
                      "'" + media.name +
                          "' cannot name a picture: lower-case letters, digits and single "
                          "hyphens only",
                      "name");
  }
  media.alt = picture.alt;
  media.caption = picture.caption;
  media.credit = picture.credit;
  if (media.alt.find_first_not_of(" \t\r\n") == std::string::npos) {
    return make_error(Errc::invalid_input,
                      "a picture needs its alt text: what it shows, for readers who cannot see it",
                      "alt");
  }
  auto header = read_picture_header(picture.bytes);
  if (!header) {
    Error error = header.error();
    error.field = "file";
    return error;
  }
  media.width = header->width;
  media.height = header->height;
  media.hash = content_hash_hex(picture.bytes, 8);

  auto existing = store_.media_named(media.name);
  if (!existing) return existing.error();
  if (*existing) {
    if ((*existing)->hash == media.hash) return **existing;
    return make_error(Errc::conflict,
                      "the media library already has a picture named '" + media.name + "'", "name");
  }

  std::error_code error;
  std::filesystem::create_directories(folder_, error);
  if (error) {
    return make_error(Errc::io, folder_.string() + ": " + error.message());
  }
  media.avif = can_encode_avif();
  std::vector<std::string> files;
  std::vector<PictureRequest> requests;
  for (MediaFormat format : {MediaFormat::avif, MediaFormat::webp, MediaFormat::jpeg}) {
    for (const MediaVariant& variant : media_variants(media, format)) {
      files.push_back(variant.file);
      requests.push_back({variant.width, 0, format});
    }
  }
  files.push_back(media_share_file(media));
  requests.push_back({kShareWidth, kShareHeight, MediaFormat::jpeg});
  auto encoded = encode_pictures(picture.bytes, requests);
  if (!encoded) return encoded.error();
  for (std::size_t i = 0; i < files.size(); ++i) {
    TRIBUNE_TRY(write_variant(folder_, files[i], (*encoded)[i]));
  }
  return store_.add_media(media);
}

}  // namespace tribune::media
