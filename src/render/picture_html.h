// A library picture as pages show it: one <picture> with a WebP and a JPEG srcset, the
// width and height that keep its place before it loads, and loading suited to where it sits.
#pragma once

#include <string>
#include <string_view>

#include "content/media.h"

namespace tribune {

// Where a picture sits decides how soon it loads and how wide the browser should expect it.
enum class PictureRole {
  lead,       // an article's or the front page's first picture: eager, high fetch priority
  inline_,    // in an article's body: lazy
  thumbnail,  // beside a list item: lazy, a third of the column or less
  logo,       // the site's logo in the header: eager, a few rem wide
  poster,     // a video facade's picture (render/video_html.h): lazy, the body's width, no alt
              // text (the video's title stands beside it)
};

// The <picture> element for `media` with alt text `alt` (the library's when empty; none for
// the logo and a poster, which a name or a title stands beside), served from `base`
// ("/media/"). Every attribute escaped.
std::string picture_html(const Media& media, std::string_view alt, PictureRole role,
                         std::string_view base = "/media/");

// The variant that stands for `media` where one file is wanted (an <img src>, a feed's
// enclosure): the JPEG closest to 640 pixels wide.
MediaVariant fallback_variant(const Media& media);

}  // namespace tribune
