// Videos in an article as a light facade: the video's poster, title and a play button, a link
// to the video's page that a small script turns into the provider's player on the reader's
// click. Until then, nothing is loaded from the provider.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "content/media.h"

namespace tribune {

// The library's picture named `name`, or nullptr.
using MediaLookup = std::function<const Media*(std::string_view name)>;

struct VideoFacades {
  std::string html;
  int count = 0;  // how many links became facades: the page then needs the player's script
};

// `body_html` with each paragraph that holds one link to a video alone, its text its address
// (a Markdown autolink, WordPress's [embed] or auto-embed once converted), replaced by
//   <figure class="video"><a class="video-facade" href="PAGE" data-player="PLAYER">
//   POSTER<span class="video-caption"><span class="video-title">TITLE</span>
//   <span class="video-provider">YouTube</span></span></a></figure>
// The poster and title come from the library's picture named video_poster_name(link) (its
// caption, else its alt text); without one, the facade is a dark frame whose title is the
// video's address. Other links, and paragraphs with more than the link, are left alone.
VideoFacades embed_videos(std::string_view body_html, const MediaLookup& poster);

}  // namespace tribune
