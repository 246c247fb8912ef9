#include "support/pictures.h"

#include <zlib.h>

#include <sstream>
#include <vector>

#include "support/process.h"

namespace tribune::testing {
namespace {

void put_u32(std::string& out, unsigned long value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

void put_chunk(std::string& png, const std::string& type, const std::string& data) {
  put_u32(png, data.size());
  const std::string typed = type + data;
  png += typed;
  put_u32(png,
          crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size())));
}

std::string deflated(const std::string& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
            static_cast<uLong>(raw.size()), 6);
  out.resize(size);
  return out;
}

std::string png(int width, int height, const std::string& idat) {
  std::string header;
  put_u32(header, static_cast<unsigned long>(width));
  put_u32(header, static_cast<unsigned long>(height));
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, no interlace
  std::string out = "\x89PNG\r\n\x1A\n";
  put_chunk(out, "IHDR", header);
  put_chunk(out, "IDAT", idat);
  put_chunk(out, "IEND", "");
  return out;
}

}  // namespace

std::string gradient_png(int width, int height) {
  std::string raw;
  raw.reserve(static_cast<std::size_t>(height) * (1 + 3 * static_cast<std::size_t>(width)));
  for (int y = 0; y < height; ++y) {
    raw += '\0';  // no filter
    for (int x = 0; x < width; ++x) {
      raw += static_cast<char>(x * 255 / width);
      raw += static_cast<char>(y * 255 / height);
      raw += static_cast<char>((x * y) % 251);
    }
  }
  return png(width, height, deflated(raw));
}

std::string png_claiming(int width, int height) {
  return png(width, height, deflated(std::string(1024, '\0')));
}

std::string exif_tags(const std::filesystem::path& file, const std::string& tags) {
  std::vector<std::string> argv = {"/usr/bin/exiftool", "-s3"};
  std::istringstream each(tags);
  for (std::string tag; each >> tag;) argv.push_back("-" + tag);
  argv.push_back(file.string());
  return run_program(argv).out;
}

std::string image_size(const std::filesystem::path& file) {
  std::string size = exif_tags(file, "ImageSize");
  while (!size.empty() && (size.back() == '\n' || size.back() == ' ')) size.pop_back();
  return size;
}

}  // namespace tribune::testing
