// Reading and encoding pictures with libvips: what a file is (read from its bytes, never its
// name), and the variants pages show, upright and without metadata.
#pragma once

#include <string>
#include <string_view>

#include "content/media.h"
#include "core/result.h"

namespace tribune::media {

// The formats the library takes: what every browser shows and libvips reads safely.
enum class PictureType { jpeg, png, webp, gif };

struct PictureHeader {
  PictureType type = PictureType::jpeg;
  int width = 0;  // upright: with the EXIF orientation applied
  int height = 0;
};

// Limits on what may be added: a picture bigger than a camera's is a mistake or an attack
// (a few hundred bytes of PNG can claim 20,000 × 20,000 pixels, 1.6 GB once decoded).
inline constexpr std::size_t kMaxPictureBytes = 25 * 1024 * 1024;
inline constexpr long long kMaxPicturePixels = 50'000'000;  // 50 megapixels
inline constexpr int kMaxPictureSide = 12'000;

// Reads the header of `bytes` only, decoding no pixel: its type and upright size.
// invalid_input when the bytes are not a JPEG, PNG, WebP or GIF picture (whatever the file is
// called), or break a limit above; the message says which, for the person adding it.
Result<PictureHeader> read_picture_header(std::string_view bytes);

// One encoding of a picture to make.
struct PictureRequest {
  int width = 0;
  // 0: the width decides and the proportions are kept (never enlarged); else the picture is
  // resized to cover width × height and cropped to its middle (enlarged if need be).
  int height = 0;
  MediaFormat format = MediaFormat::jpeg;
};

// True when this libvips encodes AVIF (through libheif and an AV1 encoder): the library then
// makes AVIF variants too.
bool can_encode_avif();

// `bytes` (already checked by read_picture_header) encoded as each of `requests` asks, in
// order: upright, without EXIF, XMP, IPTC or ICC data. The picture is decoded once, at the
// widest size asked for, and resized once per size.
Result<std::vector<std::string>> encode_pictures(std::string_view bytes,
                                                 const std::vector<PictureRequest>& requests);

// Rasterizes `svg`, an illustration built into Tribune (the demo's), to a PNG `width` pixels
// wide. Never for a file from outside: SVG is not a type the library takes from people, and
// libvips's SVG loader is let through for this call only.
Result<std::string> rasterize_bundled_svg(std::string_view svg, int width);

}  // namespace tribune::media
