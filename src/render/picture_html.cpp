#include "render/picture_html.h"

#include <cstdlib>

#include "render/html.h"

namespace tribune {
namespace {

// What the theme's columns give each role (themes/default/style.css): the article column
// is at most 44rem (704 px); a list's picture is a 7rem column beside its headline, except in
// the home's section blocks from 64rem, where it spans a third of the 72rem grid.
std::string_view sizes_for(PictureRole role) {
  switch (role) {
    case PictureRole::lead:
    case PictureRole::inline_:
    case PictureRole::poster:
      return "(min-width: 46rem) 44rem, 100vw";
    case PictureRole::thumbnail:
      return "(min-width: 64rem) 22rem, 7rem";
    case PictureRole::logo:
      return "3rem";
  }
  return "100vw";
}

std::string srcset(const std::vector<MediaVariant>& variants, std::string_view base) {
  std::string set;
  for (const MediaVariant& variant : variants) {
    if (!set.empty()) set += ", ";
    set += std::string(base) + variant.file + " " + std::to_string(variant.width) + "w";
  }
  return set;
}

}  // namespace

MediaVariant fallback_variant(const Media& media) {
  std::vector<MediaVariant> variants = media_variants(media, MediaFormat::jpeg);
  MediaVariant best = variants.empty() ? MediaVariant{} : variants.front();
  for (const MediaVariant& variant : variants) {
    if (std::abs(variant.width - 640) < std::abs(best.width - 640)) best = variant;
  }
  return best;
}

std::string picture_html(const Media& media, std::string_view alt, PictureRole role,
                         std::string_view base) {
  const std::vector<MediaVariant> avif = media_variants(media, MediaFormat::avif);
  const std::vector<MediaVariant> webp = media_variants(media, MediaFormat::webp);
  const std::vector<MediaVariant> jpeg = media_variants(media, MediaFormat::jpeg);
  if (jpeg.empty()) return {};
  const MediaVariant fallback = fallback_variant(media);
  // The widest variant's size: the proportions the browser keeps room for.
  const MediaVariant& widest = jpeg.back();
  const std::string sizes = escape_html(sizes_for(role));
  std::string html = "<picture>";
  if (!avif.empty()) {
    html += "<source type=\"image/avif\" srcset=\"" + escape_html(srcset(avif, base)) +
            "\" sizes=\"" + sizes + "\">";
  }
  html +=
      "<source type=\"image/webp\" srcset=\"" + escape_html(srcset(webp, base)) + "\" sizes=\"" +
      sizes + "\"><img src=\"" + escape_html(std::string(base) + fallback.file) + "\" srcset=\"" +
      escape_html(srcset(jpeg, base)) + "\" sizes=\"" + sizes + "\" width=\"" +
      std::to_string(widest.width) + "\" height=\"" + std::to_string(widest.height) + "\" alt=\"" +
      // The logo stands beside the site's name, a poster beside its video's title: saying it
      // again would repeat it.
      (role == PictureRole::logo || role == PictureRole::poster
           ? std::string()
           : escape_html(alt.empty() ? std::string_view(media.alt) : alt)) +
      "\"";
  if (role == PictureRole::lead) {
    html += " fetchpriority=\"high\"";
  } else if (role != PictureRole::logo) {
    html += " loading=\"lazy\" decoding=\"async\"";
  }
  html += "></picture>";
  return html;
}

}  // namespace tribune
