#include "content/media.h"

#include <algorithm>

#include "content/slug.h"

namespace tribune {

namespace {

std::string_view extension_of(MediaFormat format) {
  switch (format) {
    case MediaFormat::avif:
      return "avif";
    case MediaFormat::webp:
      return "webp";
    case MediaFormat::jpeg:
      break;
  }
  return "jpg";
}

}  // namespace

std::vector<MediaVariant> media_variants(const Media& media, MediaFormat format) {
  std::vector<MediaVariant> variants;
  if (media.width <= 0 || media.height <= 0) return variants;
  if (format == MediaFormat::avif && !media.avif) return variants;
  auto add = [&](int width) {
    // Rounded as libvips rounds when it shrinks to a width.
    const int height = std::max(
        1, static_cast<int>((static_cast<long long>(media.height) * width + media.width / 2) /
                            media.width));
    variants.push_back(
        {media.hash + "-" + std::to_string(width) + "." + std::string(extension_of(format)), width,
         height, format});
  };
  for (int width : kMediaWidths) {
    if (width < media.width) add(width);
  }
  if (media.width <= kMediaWidths[std::size(kMediaWidths) - 1]) add(media.width);
  return variants;
}

std::string media_share_file(const Media& media) {
  return media.hash + "-" + std::to_string(kShareWidth) + "x" + std::to_string(kShareHeight) +
         ".jpg";
}

std::string_view media_format_type(MediaFormat format) {
  switch (format) {
    case MediaFormat::avif:
      return "image/avif";
    case MediaFormat::webp:
      return "image/webp";
    case MediaFormat::jpeg:
      break;
  }
  return "image/jpeg";
}

bool is_valid_media_name(std::string_view name) { return is_valid_slug(name); }

bool is_media_file_name(std::string_view file) {
  // HASH-WIDTH.EXT or HASH-WIDTHxHEIGHT.jpg, HASH 16 lower-case hex digits.
  constexpr std::size_t kHashLength = 16;
  if (file.size() < kHashLength + 2 || file[kHashLength] != '-') return false;
  const auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (!std::all_of(file.begin(), file.begin() + kHashLength, is_hex)) return false;
  std::string_view rest = file.substr(kHashLength + 1);
  const std::size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view extension = rest.substr(dot + 1);
  if (extension != "avif" && extension != "webp" && extension != "jpg") return false;
  const std::string_view size = rest.substr(0, dot);
  const std::size_t cross = size.find('x');
  const auto is_number = [](std::string_view digits) {
    return !digits.empty() && digits.size() <= 5 &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (cross == std::string_view::npos) return is_number(size);
  return is_number(size.substr(0, cross)) && is_number(size.substr(cross + 1));
}

}  // namespace tribune
