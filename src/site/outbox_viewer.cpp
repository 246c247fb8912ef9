// The outbox viewer: for a site without an SMTP server (the demo), the messages written to
// the outbox folder instead of being sent, listed and shown at /outbox/. For this machine's
// eyes only: the HTTP layer serves it to loopback readers.
#include "mail/file_transport.h"
#include "site/page_builder.h"  // the class these pages belong to

namespace tribune {
namespace {

// Messages listed on the viewer's page.
constexpr int kOutboxListed = 200;

}  // namespace

std::optional<Page> PageBuilder::outbox_page(std::string_view path) {
  if (!path.starts_with("/outbox/")) return std::nullopt;
  if (!s_.outbox_folder) return not_found();
  json labels = {{"from", msg("outbox.from")},
                 {"to", msg("outbox.to")},
                 {"subject", msg("outbox.subject")},
                 {"date", msg("outbox.date")},
                 {"html", msg("outbox.html")}};
  if (path == "/outbox/") {
    auto messages = mail::read_saved_messages(*s_.outbox_folder, kOutboxListed);
    if (!messages) return failure(messages.error());
    json items = json::array();
    for (const mail::SavedMessage& message : *messages) {
      items.push_back({{"date", format_iso8601(message.date)},
                       {"to", message.to},
                       {"subject", message.subject},
                       {"href", "/outbox/" + message.file + "/"}});
    }
    std::string title = msg("outbox.title");
    json view = layout(title, title, "", nullptr);
    view["outbox"] = {{"title", title},
                      {"text", msg("outbox.text")},
                      {"empty", items.empty() ? msg("outbox.empty") : std::string()},
                      {"messages", items},
                      {"has_messages", !items.empty()},
                      {"labels", labels}};
    Page page = html(200, "outbox", view);
    page.personal = true;
    return page;
  }
  // "/outbox/000001.eml/" or "/outbox/000001.eml/html/"
  std::string_view rest = path.substr(8);
  bool html_part = rest.ends_with("/html/");
  if (html_part) rest.remove_suffix(5);
  if (!rest.ends_with('/')) return not_found();
  rest.remove_suffix(1);
  auto message = mail::read_saved_message(*s_.outbox_folder, rest);
  if (!message)
    return message.error().code == Errc::not_found ? not_found() : failure(message.error());
  Page page;
  page.personal = true;
  if (html_part) {
    if (message->html.empty()) return not_found();
    page.body = message->html;
    // The message as a mail client shows it: its inline styles, nothing it could run.
    page.security_policy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:";
    return page;
  }
  json view = layout(message->subject, message->subject, "", nullptr);
  view["outbox_message"] = {
      {"subject", message->subject},
      {"from", message->from},
      {"to", message->to},
      {"date", format_iso8601(message->date)},
      {"text", message->text},
      {"html_href", message->html.empty() ? std::string() : "/outbox/" + message->file + "/html/"},
      {"back", msg("outbox.back")},
      {"labels", labels}};
  page = html(200, "outbox", view);
  page.personal = true;
  return page;
}

}  // namespace tribune
