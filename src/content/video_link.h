// Links to a video on YouTube, Dailymotion or Facebook: which video a link names, where its
// page and its player are, and the name its poster has in the media library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tribune {

enum class VideoProvider { youtube, dailymotion, facebook };

struct VideoLink {
  VideoProvider provider = VideoProvider::youtube;
  // The provider's own identifier: "dQw4w9WgXcQ", "x8abcd1", a Facebook video's number or
  // an fb.watch code.
  std::string id;
  // The video's page on the provider's site, where a reader without the player goes.
  std::string page_url;
};

// The video `url` names, or nullopt when it names none of the providers': YouTube's
// watch?v=, youtu.be/, shorts/, embed/ and live/ addresses; Dailymotion's video/ and dai.ly/;
// Facebook's …/videos/N, watch/?v=N and fb.watch/CODE. http and https, with or without
// "www." or "m.", other query parameters ignored.
std::optional<VideoLink> parse_video_link(std::string_view url);

// "YouTube", "Dailymotion", "Facebook": a name, the same in every language.
std::string_view video_provider_name(VideoProvider provider);

// The provider's player for `link`, started at once: the address of the frame a reader's
// click opens. YouTube's is its no-cookie domain.
std::string video_player_url(const VideoLink& link);

// The origins a page must allow frames from for the players of video_player_url.
const std::vector<std::string>& video_player_origins();

// The name of `link`'s poster in the media library: "video-youtube-" then the identifier's
// bytes in hex (library names are lower case; identifiers are not).
std::string video_poster_name(const VideoLink& link);

}  // namespace tribune
