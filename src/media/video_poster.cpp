#include "media/video_poster.h"

#include <curl/curl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/url.h"

namespace tribune::media {
namespace {

constexpr long kTimeoutSeconds = 10;
constexpr std::size_t kMaxAnswerBytes = 10 * 1024 * 1024;

std::size_t keep_bytes(char* data, std::size_t size, std::size_t count, void* target) {
  auto* body = static_cast<std::string*>(target);
  if (body->size() + size * count > kMaxAnswerBytes) return 0;  // curl then stops: too large
  body->append(data, size * count);
  return size * count;
}

// GET `address` (http or https, a few redirects followed); its body when it answers 200.
Result<std::string> http_get(const std::string& address) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return make_error(Errc::io, "could not start an HTTP request");
  std::string body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, address.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, kTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "Tribune");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, keep_bytes);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    return make_error(Errc::io, address + ": " + curl_easy_strerror(code));
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return make_error(Errc::io, address + " answered " + std::to_string(status));
  }
  return body;
}

std::string oembed_endpoint(VideoProvider provider) {
  switch (provider) {
    case VideoProvider::youtube:
      return "https://www.youtube.com/oembed";
    case VideoProvider::dailymotion:
      return "https://www.dailymotion.com/services/oembed";
    case VideoProvider::facebook:
      break;
  }
  return {};
}

}  // namespace

Result<VideoDetails> fetch_video_details(const VideoLink& link, std::string_view endpoint) {
  std::string base = endpoint.empty() ? oembed_endpoint(link.provider) : std::string(endpoint);
  if (base.empty()) {
    return make_error(Errc::invalid_input,
                      "Facebook tells a video's title and poster only to applications holding "
                      "a key: give them with --title and --poster",
                      "url");
  }
  std::string asked = base + "?url=" + url_encode(link.page_url) + "&format=json";
  auto answer = http_get(asked);
  if (!answer) return answer.error();
  auto json = nlohmann::json::parse(*answer, nullptr, /*allow_exceptions=*/false);
  const std::string title = json.is_object() ? json.value("title", std::string()) : std::string();
  const std::string thumbnail =
      json.is_object() ? json.value("thumbnail_url", std::string()) : std::string();
  if (title.empty() || thumbnail.empty()) {
    return make_error(Errc::io, asked + " answered without a title and a thumbnail_url");
  }
  auto poster = http_get(thumbnail);
  if (!poster) return poster.error();
  return VideoDetails{title, std::move(*poster), thumbnail};
}

Result<Media> add_video_poster(MediaLibrary& library, const VideoLink& link,
                               const VideoDetails& details) {
  if (details.title.empty()) {
    return make_error(Errc::invalid_input, "a video needs its title", "title");
  }
  return library.add({details.poster,
                      details.poster_source,
                      video_poster_name(link),
                      details.title,
                      details.title,
                      {}});
}

}  // namespace tribune::media
