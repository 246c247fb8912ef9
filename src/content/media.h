// Pictures in the media library: what the store keeps about each (its name, size, alt text,
// caption, credit) and the names of the variants made from it once, when it was added.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "core/time.h"

namespace tribune {

// One picture of the library. Its files are named by `hash`, a hash of the original's bytes,
// so that a new picture never takes an old one's address and each file is cached for a year.
struct Media {
  Id id = 0;
  std::string name;  // what articles name it by: "marche-de-segou" ([a-z0-9-], unique)
  std::string hash;  // 16 hex digits
  int width = 0;     // of the original, upright (its EXIF orientation applied)
  int height = 0;
  std::string alt;      // required: what the picture shows, for readers who cannot see it
  std::string caption;  // optional
  std::string credit;   // optional: "Photo : Awa Diallo"
  UnixSeconds added_at = 0;
  bool avif = false;  // has AVIF variants too (made when the server's libvips encodes AVIF)
};

// The library by name, as pages and imports look pictures up.
using MediaByName = std::map<std::string, Media, std::less<>>;

// The encodings each width is saved in: browsers take the first they read, AVIF (the
// smallest, when the picture has it), then WebP, then JPEG.
enum class MediaFormat { avif, webp, jpeg };

struct MediaVariant {
  std::string file;  // the file's name in the media folder: "3f2a…-640.webp"
  int width = 0;
  int height = 0;
  MediaFormat format = MediaFormat::webp;
};

// The widths variants are made at: wide enough for a 1280-px screen at twice its density,
// small enough for a phone on a slow link.
inline constexpr int kMediaWidths[] = {320, 640, 1024, 1600};
// The link preview's size (og:image): what Facebook and WhatsApp show best.
inline constexpr int kShareWidth = 1200;
inline constexpr int kShareHeight = 630;

// The variants of `media` in `format`, narrowest first (none in AVIF unless it has them):
// one per width of kMediaWidths below
// the original's, and the original's own width when it is narrower than the widest.
std::vector<MediaVariant> media_variants(const Media& media, MediaFormat format);
// The link preview's file (JPEG, kShareWidth × kShareHeight, cropped to its middle).
std::string media_share_file(const Media& media);
// "image/avif", "image/webp", "image/jpeg".
std::string_view media_format_type(MediaFormat format);

// True when `name` could name a picture of the library: what is_valid_slug accepts.
bool is_valid_media_name(std::string_view name);
// True when `file` could be one of the library's files: hex, a hyphen, a size, an extension;
// nothing that could leave the media folder.
bool is_media_file_name(std::string_view file);

}  // namespace tribune
