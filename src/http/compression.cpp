// gzip (libdeflate) and brotli behind one interface.
#include "http/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <libdeflate.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace tribune::http {
namespace {

// The q-value of `coding` in an Accept-Encoding list: -1 when absent, 0 when refused.
double quality_of(std::string_view header, std::string_view coding) {
  double wildcard = -1;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(start, comma - start);
    start = comma + 1;
    std::size_t semicolon = item.find(';');
    std::string_view name = item.substr(0, semicolon);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    double quality = 1.0;
    if (semicolon != std::string_view::npos) {
      std::string_view parameters = item.substr(semicolon + 1);
      std::size_t q = parameters.find("q=");
      if (q != std::string_view::npos) {
        std::string_view value = parameters.substr(q + 2);
        quality = std::atof(std::string(value.substr(0, value.find_first_of(" ;"))).c_str());
      }
    }
    bool matches = name.size() == coding.size();
    for (std::size_t i = 0; matches && i < name.size(); ++i) {
      matches = (name[i] | 0x20) == coding[i];
    }
    if (matches) return quality;
    if (name == "*") wildcard = quality;
  }
  return wildcard;
}

}  // namespace

Encoding choose_encoding(std::string_view accept_encoding, EncodingPreference preference) {
  if (accept_encoding.empty()) return Encoding::identity;
  const bool brotli = quality_of(accept_encoding, "br") > 0;
  // RFC 9110 asks servers to take "x-gzip" as "gzip".
  const bool gzip =
      quality_of(accept_encoding, "gzip") > 0 || quality_of(accept_encoding, "x-gzip") > 0;
  if (brotli && !(gzip && preference == EncodingPreference::cheapest)) return Encoding::brotli;
  return gzip ? Encoding::gzip : Encoding::identity;
}

std::string_view encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::gzip:
      return "gzip";
    case Encoding::brotli:
      return "br";
    case Encoding::identity:
      break;
  }
  return "";
}

namespace {

// This thread's buffer for a compressor's output, at least `bound` bytes: the result is then
// copied at its own size (the cache keeps it), with no allocation or zeroing of the bound per
// page.
std::vector<char>& compression_scratch(std::size_t bound) {
  thread_local std::vector<char> scratch;
  if (scratch.size() < bound) scratch.resize(bound);
  return scratch;
}

}  // namespace

std::optional<std::string> gzip_compress(std::string_view data, CompressionEffort effort) {
  // libdeflate compresses a whole buffer about twice as fast as zlib for the same output. Level
  // 6 is within 1% of zlib's 9 on HTML; 12 (its highest) is for assets, compressed once.
  // A compressor holds tables of a few hundred KiB: one per thread and level, kept.
  struct Compressor {
    libdeflate_compressor* state;
    explicit Compressor(int chosen) : state(libdeflate_alloc_compressor(chosen)) {}
    ~Compressor() { libdeflate_free_compressor(state); }
    Compressor(const Compressor&) = delete;
    Compressor& operator=(const Compressor&) = delete;
  };
  thread_local Compressor quick(1);
  thread_local Compressor fast(6);
  thread_local Compressor thorough(12);
  libdeflate_compressor* compressor = effort == CompressionEffort::quick  ? quick.state
                                      : effort == CompressionEffort::fast ? fast.state
                                                                          : thorough.state;
  if (compressor == nullptr) return std::nullopt;
  std::vector<char>& scratch =
      compression_scratch(libdeflate_gzip_compress_bound(compressor, data.size()));
  std::size_t size = libdeflate_gzip_compress(compressor, data.data(), data.size(), scratch.data(),
                                              scratch.size());
  if (size == 0) return std::nullopt;
  return std::string(scratch.data(), size);
}

std::optional<std::string> brotli_compress(std::string_view data, CompressionEffort effort) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::vector<char>& scratch = compression_scratch(size);
  // Quality 5 compresses HTML within a few percent of 11 at a small fraction of its cost.
  int quality = effort == CompressionEffort::thorough ? BROTLI_MAX_QUALITY
                : effort == CompressionEffort::fast   ? 5
                                                      : 3;
  // A window no larger than the input: the same output, without allocating 4 MiB for a page.
  int window = BROTLI_MIN_WINDOW_BITS + 6;  // 64 KiB
  while (window < BROTLI_DEFAULT_WINDOW && (std::size_t{1} << window) < data.size()) ++window;
  if (!BrotliEncoderCompress(quality, window, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(scratch.data()))) {
    return std::nullopt;
  }
  return std::string(scratch.data(), size);
}

std::optional<std::string> decompress(Encoding encoding, std::string_view data,
                                      std::size_t original_size) {
  std::string out(original_size, '\0');
  if (encoding == Encoding::gzip) {
    struct Decompressor {
      libdeflate_decompressor* state = libdeflate_alloc_decompressor();
      ~Decompressor() { libdeflate_free_decompressor(state); }
    };
    thread_local Decompressor decompressor;
    std::size_t size = 0;
    if (decompressor.state == nullptr ||
        libdeflate_gzip_decompress(decompressor.state, data.data(), data.size(), out.data(),
                                   out.size(), &size) != LIBDEFLATE_SUCCESS ||
        size != original_size) {
      return std::nullopt;
    }
    return out;
  }
  if (encoding == Encoding::brotli) {
    std::size_t size = out.size();
    if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                                reinterpret_cast<uint8_t*>(out.data())) !=
            BROTLI_DECODER_RESULT_SUCCESS ||
        size != original_size) {
      return std::nullopt;
    }
    return out;
  }
  return std::string(data);
}

bool is_compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type.starts_with("application/ld+json") ||
         content_type.starts_with("application/xml") || content_type.starts_with("image/svg") ||
         content_type.starts_with("application/rss") ||
         content_type.starts_with("application/atom+xml") ||
         content_type.starts_with("image/x-icon");
}

}  // namespace tribune::http
