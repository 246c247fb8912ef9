// Response compression, done once per cached page and encoding, never per request: gzip
// (libdeflate) and brotli, since the cost is paid once and readers on 3G
// pay for every byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tribune::http {

enum class Encoding { identity = 0, gzip = 1, brotli = 2 };
inline constexpr int kEncodingCount = 3;

// smallest: brotli before gzip. cheapest: gzip before brotli (a quarter of brotli's time for
// 4% more bytes), for a page likely read once.
enum class EncodingPreference { smallest, cheapest };

// The encoding to send for an Accept-Encoding header value: the preferred one of brotli and
// gzip that is accepted, else identity. Honors "q=0" (refusal) and "*".
Encoding choose_encoding(std::string_view accept_encoding,
                         EncodingPreference preference = EncodingPreference::smallest);

// "gzip", "br" or "" (identity), as in Content-Encoding.
std::string_view encoding_name(Encoding encoding);

// How hard to compress: pages are compressed each time they are rendered, and brotli's top
// quality costs about a millisecond per 10 KB (tens of milliseconds for a page of comments)
// for a few percent; fingerprinted assets are compressed once per start and cached a year
// (thorough); a page rendered for a crawler is most often read once (quick: a third of the
// time for 2-7% more bytes).
enum class CompressionEffort { quick, fast, thorough };

// `data` compressed; nullopt when the library fails (the caller then sends identity).
std::optional<std::string> gzip_compress(std::string_view data,
                                         CompressionEffort effort = CompressionEffort::fast);
std::optional<std::string> brotli_compress(std::string_view data,
                                           CompressionEffort effort = CompressionEffort::fast);

// `data` (in `encoding`) decompressed, which must give exactly `original_size` bytes; nullopt
// otherwise.
std::optional<std::string> decompress(Encoding encoding, std::string_view data,
                                      std::size_t original_size);

// True for the media types worth compressing (text, JSON, SVG, JavaScript).
bool is_compressible(std::string_view content_type);

}  // namespace tribune::http
