// The media library's screen: its pictures, newest first, and the form that adds one (every
// signed-in account: authors illustrate their own articles). A picture goes through the same
// checks as `tribune media add` (media/media_library.h).
#include <fmt/format.h>

#include <algorithm>

#include "admin/services.h"
#include "media/media_library.h"

namespace tribune::admin {
namespace {

// A page of the library: enough to find this week's pictures, light on a phone.
constexpr std::size_t kPicturesPerPage = 50;

class MediaPages {
 public:
  MediaPages(Services& services, Visit& visit) : s_(services), v_(visit) {}

  // The list and the form; `error` (localized) says why an upload was refused, and `kept`
  // holds the refused form's fields so that nothing typed is lost.
  Page show(int status, std::string error = {}, const FormFields* kept = nullptr) {
    auto all = s_.store.all_media();
    if (!all) return s_.pages.error(v_, all.error());
    const std::size_t pages =
        std::max<std::size_t>(1, (all->size() + kPicturesPerPage - 1) / kPicturesPerPage);
    const std::size_t page =
        std::clamp<std::size_t>(parse_id(v_.parameter("page")).value_or(1), 1, pages);
    const std::size_t first = (page - 1) * kPicturesPerPage;
    const std::size_t last = std::min(all->size(), first + kPicturesPerPage);
    nlohmann::json pictures = nlohmann::json::array();
    for (std::size_t i = first; i < last; ++i) {
      const Media& media = (*all)[i];
      std::vector<MediaVariant> jpeg = media_variants(media, MediaFormat::jpeg);
      pictures.push_back({{"name", media.name},
                          {"alt", media.alt},
                          {"caption", media.caption},
                          {"credit", media.credit},
                          {"size", fmt::format("{} × {}", media.width, media.height)},
                          {"thumbnail", jpeg.empty() ? "" : "/media/" + jpeg.front().file},
                          {"added", v_.time_text(media.added_at)}});
    }
    auto page_href = [](std::size_t number) {
      return fmt::format("/admin/media/?page={}", number);
    };
    nlohmann::json view = {{"page_title", v_.text("admin.media.title")},
                           {"pictures", std::move(pictures)},
                           {"empty", all->empty()},
                           {"paged", pages > 1},
                           {"page_label", v_.text("admin.articles.page",
                                                  {{"page", static_cast<std::int64_t>(page)},
                                                   {"pages", static_cast<std::int64_t>(pages)}})},
                           {"newer_href", page > 1 ? page_href(page - 1) : ""},
                           {"older_href", page < pages ? page_href(page + 1) : ""}};
    if (!error.empty()) view["error"] = std::move(error);
    if (kept != nullptr) {
      for (const char* field : {"name", "alt", "caption", "credit"}) {
        view["form"][field] = http::first_value(*kept, field);
      }
    }
    const std::string added = v_.parameter("added");
    if (!added.empty() && status == 200) {
      view["notice"] = v_.text("admin.media.added", {{"name", added}});
    }
    return s_.pages.render(v_, "media", std::move(view), status);
  }

  Page add() {
    if (s_.media_folder.empty()) return s_.pages.refusal(v_, 404, "admin.error.not_found");
    auto file = std::find_if(v_.files.begin(), v_.files.end(),
                             [](const http::FormPart& part) { return part.name == "file"; });
    if (file == v_.files.end() || !file->filename || file->filename->empty()) {
      return show(422, v_.text("admin.media.invalid.no_file"), &v_.form);
    }
    media::MediaLibrary library(s_.store, s_.media_folder);
    auto added = library.add({std::move(file->body), *file->filename, v_.field("name"),
                              v_.field("alt"), v_.field("caption"), v_.field("credit")});
    if (!added) {
      const Error& error = added.error();
      if (error.code != Errc::invalid_input && error.code != Errc::conflict) {
        return s_.pages.error(v_, error);
      }
      std::string key = error.code == Errc::conflict ? "admin.media.invalid.taken"
                        : error.field == "alt" || error.field == "name"
                            ? "admin.media.invalid." + error.field
                            : std::string("admin.media.invalid.file");
      return show(422, v_.text(key), &v_.form);
    }
    s_.content_changed();
    (void)s_.store.add_audit_entry(
        {0, v_.now, v_.user().id, v_.user().name, "add_media", 0, added->name});
    return s_.pages.redirect(v_, "/admin/media/?added=" + url_encode(added->name));
  }

 private:
  Services& s_;
  Visit& v_;
};

}  // namespace

Page get_media(Services& services, Visit& visit) { return MediaPages(services, visit).show(200); }

Page post_media(Services& services, Visit& visit) { return MediaPages(services, visit).add(); }

}  // namespace tribune::admin
