// Static pages ("À propos") and the addresses a site had before Tribune (WordPress's
// permalinks, "/?p=123", attachment pages), which lead to what they showed.
#include "site/page_builder.h"

#include "core/url.h"

namespace tribune {

std::optional<Page> PageBuilder::try_static_page(std::string_view path) {
  if (path.size() < 3 || !path.ends_with('/')) return std::nullopt;
  const std::string_view own = path.substr(1, path.size() - 2);
  for (const StaticPage& found : s_.static_pages) {
    if (found.path != own || found.draft || found.published_at > now_) continue;
    use_language(found.lang);
    const std::string canonical_path = "/" + found.path + "/";
    json json_ld = {{"@context", "https://schema.org"},
                    {"@type", "WebPage"},
                    {"name", found.title},
                    {"inLanguage", found.lang},
                    {"url", absolute(canonical_path)}};
    json view = layout(found.title, found.description, canonical_path, json_ld);
    view["static_page"] = {{"title", found.title},
                           {"lang", found.lang},
                           {"lang_differs", found.lang != t_->locale()},
                           {"dir", direction_of(found.lang)},
                           {"body_html", found.body_html}};
    Page page = html(200, "page", view);
    page.last_modified = found.updated_at;
    return page;
  }
  return std::nullopt;
}

std::optional<Page> PageBuilder::old_address(std::string_view address) {
  auto found = store_.old_address(lowercase_percent_escapes(address));
  if (!found || !*found) return std::nullopt;
  const OldAddress& old = **found;
  switch (old.kind) {
    case OldAddressKind::article: {
      std::optional<Article> article = s_.archive->article(old.target_id);
      if (!article || article->published_at > now_) return std::nullopt;
      shown_.push_back(article->id);
      Page page = redirect(s_.permalink.path_of(*article));
      file_sources(page);
      return page;
    }
    case OldAddressKind::page:
      for (const StaticPage& page : s_.static_pages) {
        if (page.id == old.target_id && !page.draft) return redirect("/" + page.path + "/");
      }
      return std::nullopt;
    case OldAddressKind::section:
      for (const Section& section : s_.sections) {
        if (section.id == old.target_id) return redirect(section_href(section));
      }
      return std::nullopt;
    case OldAddressKind::tag:
      for (const Tag& tag : s_.archive->tags()) {
        if (tag.id == old.target_id) return redirect("/tag/" + tag.slug + "/");
      }
      return std::nullopt;
    case OldAddressKind::author:
      for (const Author& author : s_.archive->authors()) {
        if (author.id == old.target_id) return redirect("/author/" + author.slug + "/");
      }
      return std::nullopt;
    case OldAddressKind::home:
      return redirect("/");
    case OldAddressKind::feed:
      return redirect("/feed/");
    case OldAddressKind::file:
      if (old.target_url.empty()) return std::nullopt;
      return redirect(old.target_url);
  }
  return std::nullopt;
}

}  // namespace tribune
