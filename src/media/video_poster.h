// A video's poster and title kept in the media library, for its facade on article pages
// (render/video_html.h): from a picture the newsroom has, or asked of the provider (oEmbed).
#pragma once

#include <string>
#include <string_view>

#include "content/media.h"
#include "content/video_link.h"
#include "core/result.h"
#include "media/media_library.h"

namespace tribune::media {

// What a facade shows of a video.
struct VideoDetails {
  std::string title;
  std::string poster;         // the picture's bytes (JPEG, PNG, WebP or GIF)
  std::string poster_source;  // where they came from (a file or an address), for messages
};

// Asks the provider's oEmbed endpoint for the video's title and poster, then fetches the
// poster (each request at most 10 s, answers at most 10 MB). `endpoint`: the provider's own
// when empty, else the address asked instead (a mirror, or a test's server), with the
// same "?url=…&format=json" query. invalid_input (field "url") for Facebook, whose endpoint
// answers only applications holding a key (give the title and poster instead); io when the
// provider cannot be reached or answers without a title or a thumbnail.
Result<VideoDetails> fetch_video_details(const VideoLink& link, std::string_view endpoint = {});

// Adds `details.poster` to `library` under video_poster_name(link), the title as its alt
// text and caption: pages then show the facade with them. Fails as MediaLibrary::add does
// (an empty title: invalid_input, field "title").
Result<Media> add_video_poster(MediaLibrary& library, const VideoLink& link,
                               const VideoDetails& details);

}  // namespace tribune::media
