#include "content/video_link.h"

#include <algorithm>
#include <cctype>

#include "core/url.h"

namespace tribune {
namespace {

struct Address {
  std::string host;  // lower case, without "www." or "m."
  std::string path;  // from its "/", without the query
  std::string query;
};

std::optional<Address> split_address(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (url.size() > scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), url.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      url.remove_prefix(scheme.size());
      std::size_t host_end = url.find_first_of("/?#");
      Address address;
      address.host = std::string(url.substr(0, host_end));
      std::transform(address.host.begin(), address.host.end(), address.host.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      for (std::string_view prefix : {"www.", "m."}) {
        if (address.host.starts_with(prefix)) address.host.erase(0, prefix.size());
      }
      if (host_end == std::string_view::npos) return address;
      std::string_view rest = url.substr(host_end);
      rest = rest.substr(0, rest.find('#'));
      std::size_t query = rest.find('?');
      address.path = std::string(rest.substr(0, query));
      if (query != std::string_view::npos) address.query = std::string(rest.substr(query + 1));
      return address;
    }
  }
  return std::nullopt;
}

// The value of `name` in a query string, or empty.
std::string query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    std::size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return {};
}

// The path's segments: "/a/b/" → {"a", "b"}.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    std::size_t start = path.find_first_not_of('/');
    if (start == std::string_view::npos) break;
    path.remove_prefix(start);
    std::size_t end = path.find('/');
    parts.push_back(path.substr(0, end));
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  return parts;
}

bool is_id(std::string_view id, std::string_view extra, std::size_t min, std::size_t max) {
  return id.size() >= min && id.size() <= max && std::all_of(id.begin(), id.end(), [&](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != extra.npos;
         });
}

bool is_digits(std::string_view id) {
  return !id.empty() && id.size() <= 20 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<VideoLink> youtube(const Address& address) {
  std::string id;
  std::vector<std::string_view> parts = segments(address.path);
  if (address.host == "youtu.be") {
    if (parts.size() == 1) id = std::string(parts[0]);
  } else if (address.host == "youtube.com" || address.host == "youtube-nocookie.com") {
    if (parts.size() == 1 && parts[0] == "watch") {
      id = query_value(address.query, "v");
    } else if (parts.size() == 2 &&
               (parts[0] == "shorts" || parts[0] == "embed" || parts[0] == "live")) {
      id = std::string(parts[1]);
    }
  }
  // YouTube's identifiers are eleven characters of base64url.
  if (!is_id(id, "-_", 11, 11)) return std::nullopt;
  return VideoLink{VideoProvider::youtube, id, "https://www.youtube.com/watch?v=" + id};
}

std::optional<VideoLink> dailymotion(const Address& address) {
  std::string id;
  std::vector<std::string_view> parts = segments(address.path);
  if (address.host == "dai.ly" && parts.size() == 1) {
    id = std::string(parts[0]);
  } else if (address.host == "dailymotion.com" && parts.size() == 2 && parts[0] == "video") {
    // Older addresses follow the identifier with "_" and the title's slug.
    id = std::string(parts[1].substr(0, parts[1].find('_')));
  }
  if (!is_id(id, "", 5, 12)) return std::nullopt;
  return VideoLink{VideoProvider::dailymotion, id, "https://www.dailymotion.com/video/" + id};
}

std::optional<VideoLink> facebook(const Address& address) {
  std::vector<std::string_view> parts = segments(address.path);
  if (address.host == "fb.watch" && parts.size() == 1 && is_id(parts[0], "-_", 4, 20)) {
    std::string id(parts[0]);
    return VideoLink{VideoProvider::facebook, id, "https://fb.watch/" + id + "/"};
  }
  if (address.host != "facebook.com") return std::nullopt;
  if (parts.size() == 1 && parts[0] == "watch") {
    std::string id = query_value(address.query, "v");
    if (!is_digits(id)) return std::nullopt;
    return VideoLink{VideoProvider::facebook, id, "https://www.facebook.com/watch/?v=" + id};
  }
  // PAGE/videos/N or PAGE/videos/TITLE/N.
  if (parts.size() >= 3 && parts.size() <= 4 && parts[1] == "videos" && is_digits(parts.back()) &&
      is_id(parts[0], ".-_", 1, 80)) {
    std::string id(parts.back());
    return VideoLink{VideoProvider::facebook, id,
                     "https://www.facebook.com/" + std::string(parts[0]) + "/videos/" + id + "/"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<VideoLink> parse_video_link(std::string_view url) {
  auto address = split_address(url);
  if (!address) return std::nullopt;
  if (auto link = youtube(*address)) return link;
  if (auto link = dailymotion(*address)) return link;
  return facebook(*address);
}

std::string_view video_provider_name(VideoProvider provider) {
  switch (provider) {
    case VideoProvider::youtube:
      return "YouTube";
    case VideoProvider::dailymotion:
      return "Dailymotion";
    case VideoProvider::facebook:
      return "Facebook";
  }
  return {};
}

std::string video_player_url(const VideoLink& link) {
  switch (link.provider) {
    case VideoProvider::youtube:
      return "https://www.youtube-nocookie.com/embed/" + link.id + "?autoplay=1";
    case VideoProvider::dailymotion:
      return "https://geo.dailymotion.com/player.html?video=" + link.id + "&autoplay=1";
    case VideoProvider::facebook:
      return "https://www.facebook.com/plugins/video.php?href=" + url_encode(link.page_url) +
             "&autoplay=true";
  }
  return {};
}

const std::vector<std::string>& video_player_origins() {
  static const std::vector<std::string> origins = {"https://www.youtube-nocookie.com",
                                                   "https://geo.dailymotion.com",
                                                   "https://www.facebook.com"};
  return origins;
}

std::string video_poster_name(const VideoLink& link) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = "video-";
  for (char c : video_provider_name(link.provider)) {
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  name += '-';
  for (unsigned char c : link.id) {
    name += kHex[c >> 4];
    name += kHex[c & 0xF];
  }
  return name;
}

}  // namespace tribune
