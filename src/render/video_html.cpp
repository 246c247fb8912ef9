#include "render/video_html.h"

#include <optional>

#include "content/video_link.h"
#include "render/html.h"
#include "render/picture_html.h"

namespace tribune {
namespace {

constexpr std::string_view kParagraphLink = "<p><a ";
constexpr std::string_view kParagraphEnd = "</a></p>";

// Our own HTML escapes only these: enough to compare an href with the link's text.
std::string unescape_basic(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (auto [entity, c] : {std::pair{std::string_view("&amp;"), '&'},
                             {"&quot;", '"'},
                             {"&#39;", '\''},
                             {"&lt;", '<'},
                             {"&gt;", '>'}}) {
      if (text.substr(i).starts_with(entity)) {
        out += c;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

// The address of the link a lone-link paragraph starting at `start` holds, and where the
// paragraph ends; nullopt when it is not one (attributes other than href and rel are fine).
struct LoneLink {
  std::string address;
  std::size_t end = 0;  // one past "</p>"
};
std::optional<LoneLink> lone_link_at(std::string_view html, std::size_t start) {
  std::size_t tag_end = html.find('>', start + kParagraphLink.size());
  if (tag_end == std::string_view::npos) return std::nullopt;
  std::string_view tag = html.substr(start, tag_end - start);
  std::size_t href = tag.find(" href=\"");
  if (href == std::string_view::npos) return std::nullopt;
  href += 7;
  std::size_t href_end = tag.find('"', href);
  if (href_end == std::string_view::npos) return std::nullopt;
  std::size_t close = html.find(kParagraphEnd, tag_end);
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view text = html.substr(tag_end + 1, close - tag_end - 1);
  std::string address = unescape_basic(tag.substr(href, href_end - href));
  if (text.find('<') != std::string_view::npos || unescape_basic(text) != address) {
    return std::nullopt;
  }
  return LoneLink{std::move(address), close + kParagraphEnd.size()};
}

std::string facade_html(const VideoLink& link, const Media* poster) {
  std::string title = poster == nullptr          ? link.page_url
                      : !poster->caption.empty() ? poster->caption
                                                 : poster->alt;
  std::string html = "<figure class=\"video\"><a class=\"video-facade\" href=\"" +
                     escape_html(link.page_url) + "\" data-player=\"" +
                     escape_html(video_player_url(link)) + "\">";
  // The title beside it says what the poster shows: the picture itself has no alt text.
  html += poster != nullptr ? picture_html(*poster, {}, PictureRole::poster)
                            : "<span class=\"video-blank\"></span>";
  html += "<span class=\"video-caption\"><span class=\"video-title\">" + escape_html(title) +
          "</span> <span class=\"video-provider\">" +
          std::string(video_provider_name(link.provider)) + "</span></span></a></figure>";
  return html;
}

}  // namespace

VideoFacades embed_videos(std::string_view body_html, const MediaLookup& poster) {
  VideoFacades result;
  std::size_t copied = 0;
  for (std::size_t at = body_html.find(kParagraphLink); at != std::string_view::npos;
       at = body_html.find(kParagraphLink, at + 1)) {
    auto lone = lone_link_at(body_html, at);
    if (!lone) continue;
    auto link = parse_video_link(lone->address);
    if (!link) continue;
    result.html.append(body_html.substr(copied, at - copied));
    result.html += facade_html(*link, poster ? poster(video_poster_name(*link)) : nullptr);
    copied = lone->end;
    at = lone->end - 1;
    ++result.count;
  }
  result.html.append(body_html.substr(copied));
  return result;
}

}  // namespace tribune
