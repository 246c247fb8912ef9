// A static page: "À propos", "Mentions légales", "Contact". It has its own address and no
// date or byline, and appears in no list, feed or search (WordPress's "pages").
#pragma once

#include <string>

#include "content/article.h"

namespace tribune {

struct StaticPage {
  Id id = 0;
  // Its address under the site, without slashes around: "a-propos", or "a-propos/equipe"
  // for a page under another.
  std::string path;
  std::string title;
  std::string lang;  // "fr", "en"
  std::string description;
  std::string body_source;  // in `body_format`
  BodyFormat body_format = BodyFormat::markdown;
  std::string body_html;
  Id parent_id = 0;    // the page it sits under, 0 for none
  int position = 0;    // order among its siblings (WordPress's menu order)
  bool draft = false;  // hidden from readers
  Id author_id = 0;    // who wrote it, 0 for nobody known
  UnixSeconds published_at = 0;
  UnixSeconds updated_at = 0;
};

}  // namespace tribune
