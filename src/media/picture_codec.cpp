// libvips behind picture_codec.h. Only the loaders for JPEG, PNG, WebP and GIF ever see a
// file: the type is checked from the bytes before any loader runs, and libvips's untrusted
// loaders (ImageMagick, PDF, SVG…) are blocked for the whole process.
#include "media/picture_codec.h"

#include <glib.h>
#include <vips/vips8>

#include <algorithm>
#include <mutex>

namespace tribune::media {
namespace {

void start_vips() {
  static std::once_flag started;
  std::call_once(started, [] {
    if (VIPS_INIT("tribune") != 0) return;  // every later call then fails with vips's message
    vips_block_untrusted_set(TRUE);
    // Pictures are encoded once each; libvips's operation cache would only hold memory.
    vips_cache_set_max(0);
  });
}

Error vips_failure(std::string_view what) {
  std::string message(vips_error_buffer());
  vips_error_clear();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (const std::size_t newline = message.find('\n'); newline != std::string::npos) {
    message.resize(newline);  // libvips's first line says it; the rest repeats it
  }
  return make_error(Errc::invalid_input,
                    std::string(what) + (message.empty() ? "" : ": " + message));
}

std::optional<PictureType> sniff(std::string_view bytes) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
  };
  if (starts("\xFF\xD8\xFF")) return PictureType::jpeg;
  if (starts("\x89PNG\r\n\x1A\n")) return PictureType::png;
  if (starts("RIFF") && starts("WEBP", 8)) return PictureType::webp;
  if (starts("GIF87a") || starts("GIF89a")) return PictureType::gif;
  return std::nullopt;
}

// The loader libvips itself would choose must be the one the bytes announced.
bool loader_matches(std::string_view bytes, PictureType type) {
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  vips_error_clear();
  if (loader == nullptr) return false;
  const std::string_view name(loader);
  switch (type) {
    case PictureType::jpeg:
      return name == "VipsForeignLoadJpegBuffer";
    case PictureType::png:
      return name == "VipsForeignLoadPngBuffer" || name == "VipsForeignLoadSpngBuffer";
    case PictureType::webp:
      return name == "VipsForeignLoadWebpBuffer";
    case PictureType::gif:
      return name == "VipsForeignLoadNsgifBuffer";
  }
  return false;
}

std::string take_buffer(void* buffer, std::size_t size) {
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

// Removes every metadata block (EXIF with its GPS position, XMP, IPTC, the ICC profile) from
// `image`, a private copy. The savers' own "strip" option is not enough: libvips 8.14's WebP
// saver writes the EXIF block it is given whatever it says (with nothing to write, a minimal
// one: the upright orientation and the resolution).
vips::VImage without_metadata(vips::VImage image) {
  vips::VImage copy = image.copy();
  gchar** fields = vips_image_get_fields(copy.get_image());
  for (gchar** field = fields; field != nullptr && *field != nullptr; ++field) {
    const std::string_view name(*field);
    if (name.starts_with("exif-") || name == VIPS_META_XMP_NAME || name == VIPS_META_IPTC_NAME ||
        name == VIPS_META_ICC_NAME || name == VIPS_META_PHOTOSHOP_NAME ||
        name == VIPS_META_ORIENTATION) {
      copy.remove(*field);
    }
  }
  g_strfreev(fields);
  return copy;
}

Result<std::string> save(vips::VImage image, MediaFormat format) {
  image = without_metadata(image);
  void* buffer = nullptr;
  std::size_t size = 0;
  try {
    if (format == MediaFormat::avif) {
      // Effort 1 of 9: about 0.3 s for the four widths of a 1200-px picture, and two thirds of
      // WebP's bytes (a demo picture at 640 px: 4.2 KB, WebP 6.3 KB). Effort 2 makes 3.4 KB
      // but takes three times as long, which the demo's first start (13 pictures) and every
      // newsroom upload would wait for; effort 0 makes 5.7 KB.
      image.write_to_buffer(
          ".avif", &buffer, &size,
          vips::VImage::option()->set("Q", 50)->set("strip", true)->set("effort", 1));
    } else if (format == MediaFormat::webp) {
      image.write_to_buffer(
          ".webp", &buffer, &size,
          vips::VImage::option()->set("Q", 72)->set("strip", true)->set("effort", 4));
    } else {
      image.write_to_buffer(".jpg", &buffer, &size,
                            vips::VImage::option()
                                ->set("Q", 76)
                                ->set("strip", true)
                                ->set("interlace", true)
                                ->set("optimize_coding", true));
    }
  } catch (const vips::VError&) {
    return vips_failure("the picture could not be encoded");
  }
  return take_buffer(buffer, size);
}

vips::VImage flatten_for(vips::VImage image, MediaFormat format) {
  // JPEG has no transparency: transparent areas become white, as on the page.
  if (format == MediaFormat::jpeg && image.has_alpha()) {
    return image.flatten(
        vips::VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  }
  return image;
}

vips::VImage blob_image(std::string_view bytes, int width, vips::VOption* options) {
  VipsBlob* blob = vips_blob_new(nullptr, bytes.data(), bytes.size());
  try {
    vips::VImage image = vips::VImage::thumbnail_buffer(blob, width, options);
    // Pixels are computed lazily: copy them to memory while the blob is alive.
    image = image.copy_memory();
    vips_area_unref(VIPS_AREA(blob));
    return image;
  } catch (...) {
    vips_area_unref(VIPS_AREA(blob));
    throw;
  }
}

}  // namespace

Result<PictureHeader> read_picture_header(std::string_view bytes) {
  start_vips();
  if (bytes.empty()) return make_error(Errc::invalid_input, "the file is empty");
  if (bytes.size() > kMaxPictureBytes) {
    return make_error(
        Errc::invalid_input,
        "the file is larger than " + std::to_string(kMaxPictureBytes / 1024 / 1024) + " MB");
  }
  const std::optional<PictureType> type = sniff(bytes);
  if (!type || !loader_matches(bytes, *type)) {
    return make_error(Errc::invalid_input,
                      "the file is not a JPEG, PNG, WebP or GIF picture, whatever its name says");
  }
  PictureHeader header;
  header.type = *type;
  try {
    // Reads the header only: no pixel is decoded before the size is known to be sane.
    vips::VImage image = vips::VImage::new_from_buffer(
        bytes.data(), bytes.size(), "",
        vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    header.width = image.width();
    header.height = image.height();
    int orientation = 1;
    if (image.get_typeof(VIPS_META_ORIENTATION) != 0)
      orientation = image.get_int(VIPS_META_ORIENTATION);
    if (orientation >= 5 && orientation <= 8) std::swap(header.width, header.height);
  } catch (const vips::VError&) {
    return vips_failure("the picture cannot be read");
  }
  const long long pixels = static_cast<long long>(header.width) * header.height;
  if (header.width <= 0 || header.height <= 0 || pixels > kMaxPicturePixels ||
      header.width > kMaxPictureSide || header.height > kMaxPictureSide) {
    return make_error(Errc::invalid_input,
                      "the picture is " + std::to_string(header.width) + " × " +
                          std::to_string(header.height) + " pixels; the limit is " +
                          std::to_string(kMaxPicturePixels / 1'000'000) + " megapixels and " +
                          std::to_string(kMaxPictureSide) + " pixels a side");
  }
  return header;
}

bool can_encode_avif() {
  start_vips();
  return vips_foreign_find_save(".avif") != nullptr;
}

Result<std::vector<std::string>> encode_pictures(std::string_view bytes,
                                                 const std::vector<PictureRequest>& requests) {
  start_vips();
  int widest = 1;
  for (const PictureRequest& request : requests) widest = std::max(widest, request.width);
  vips::VImage base;
  try {
    // Decoded once (JPEG shrinks as it loads), upright, no wider than needed; the height bound
    // is never the one that binds.
    base = blob_image(
        bytes, widest,
        vips::VImage::option()->set("height", VIPS_MAX_COORD)->set("size", VIPS_SIZE_DOWN));
  } catch (const vips::VError&) {
    return vips_failure("the picture could not be read");
  }
  // Each size is resized once (copied to memory), then encoded in every format asked for it.
  std::vector<std::string> encoded(requests.size());
  std::vector<bool> done(requests.size(), false);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (done[i]) continue;
    const PictureRequest& size = requests[i];
    try {
      vips::VImage image =
          (size.height == 0
               ? base.thumbnail_image(size.width, vips::VImage::option()
                                                      ->set("height", VIPS_MAX_COORD)
                                                      ->set("size", VIPS_SIZE_DOWN))
               : base.thumbnail_image(size.width, vips::VImage::option()
                                                      ->set("height", size.height)
                                                      ->set("crop", VIPS_INTERESTING_CENTRE)
                                                      ->set("size", VIPS_SIZE_BOTH)))
              .copy_memory();
      for (std::size_t j = i; j < requests.size(); ++j) {
        if (done[j] || requests[j].width != size.width || requests[j].height != size.height) {
          continue;
        }
        auto bytes_out = save(flatten_for(image, requests[j].format), requests[j].format);
        if (!bytes_out) return bytes_out.error();
        encoded[j] = std::move(*bytes_out);
        done[j] = true;
      }
    } catch (const vips::VError&) {
      return vips_failure("the picture could not be resized");
    }
  }
  return encoded;
}

Result<std::string> rasterize_bundled_svg(std::string_view svg, int width) {
  start_vips();
  static std::mutex unblocking;
  std::lock_guard lock(unblocking);
  vips_operation_block_set("VipsForeignLoadSvg", FALSE);
  Result<std::string> png = make_error(Errc::invalid_input, "the illustration is empty");
  try {
    vips::VImage image = blob_image(
        svg, width,
        vips::VImage::option()->set("height", VIPS_MAX_COORD)->set("size", VIPS_SIZE_BOTH));
    void* buffer = nullptr;
    std::size_t size = 0;
    image.write_to_buffer(".png", &buffer, &size);
    png = take_buffer(buffer, size);
  } catch (const vips::VError&) {
    png = vips_failure("the illustration could not be drawn");
  }
  vips_operation_block_set("VipsForeignLoadSvg", TRUE);
  return png;
}

}  // namespace tribune::media
