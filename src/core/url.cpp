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

}  // namespace tribune
