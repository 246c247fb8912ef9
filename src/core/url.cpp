// Percent-encoding through libcurl.
#include "core/url.h"

#include <curl/curl.h>

namespace tribune {

std::string url_encode(std::string_view text) {
  char* encoded = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  std::string out = encoded != nullptr ? std::string(encoded) : std::string();
  curl_free(encoded);
  return out;
}

std::string lowercase_percent_escapes(std::string_view address) {
  std::string out(address);
  for (std::size_t i = 0; i + 2 < out.size(); ++i) {
    if (out[i] != '%') continue;
    for (std::size_t digit = i + 1; digit <= i + 2; ++digit) {
      if (out[digit] >= 'A' && out[digit] <= 'F') out[digit] = static_cast<char>(out[digit] + 32);
    }
  }
  return out;
}

}  // namespace tribune
