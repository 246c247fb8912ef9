// The subscribers' and the outbox's screens: the list by status and address, one subscriber's
// history, unsubscribing, CSV export and import; the outbox's messages by state, retried or
// cancelled. Editors and administrators only (content/account.h: may_manage_subscribers).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "admin/services.h"
#include "content/subscriber_csv.h"

namespace tribune::admin {
namespace {

// A page of addresses or messages: long enough to scan, short enough for a phone.
constexpr int kSubscribersPerPage = 50;
constexpr int kMessagesPerPage = 50;
// One subscriber's screen shows their latest messages (sent ones are pruned after
// mail.sent_retention_days anyway).
constexpr int kHistoryMessages = 100;

constexpr std::array kStatuses = {SubscriberStatus::pending, SubscriberStatus::confirmed,
                                  SubscriberStatus::unsubscribed, SubscriberStatus::bounced};

constexpr std::array kOutboxStates = {OutboxState::queued, OutboxState::deferred, OutboxState::sent,
                                      OutboxState::failed, OutboxState::cancelled};

std::string_view outbox_state_name(OutboxState state) {
  switch (state) {
    case OutboxState::queued:
      return "queued";
    case OutboxState::deferred:
      return "deferred";
    case OutboxState::sent:
      return "sent";
    case OutboxState::failed:
      return "failed";
    case OutboxState::cancelled:
      return "cancelled";
  }
  return "queued";
}

std::optional<OutboxState> parse_outbox_state(std::string_view name) {
  for (OutboxState state : kOutboxStates) {
    if (outbox_state_name(state) == name) return state;
  }
  return std::nullopt;
}

// "/admin/subscribers/?status=…&q=…" with the non-empty parameters of `parameters`.
std::string link_with(std::string_view path,
                      const std::vector<std::pair<std::string_view, std::string>>& parameters) {
  std::string link(path);
  char separator = '?';
  for (const auto& [name, value] : parameters) {
    if (value.empty()) continue;
    link += fmt::format("{}{}={}", separator, name, url_encode(value));
    separator = '&';
  }
  return link;
}

class SubscriberPages {
 public:
  SubscriberPages(Services& services, Visit& visit) : s_(services), v_(visit) {}

  Page list();
  Page subscriber(Id id);
  Page unsubscribe(Id id);
  Page export_csv();
  Page import_form(int status, std::string error);
  Page import_csv();

  Page outbox();
  Page retry_or_cancel(Id id, bool retry);

 private:
  std::string status_label(SubscriberStatus status) const {
    return v_.text("admin.subscribers.status." + std::string(subscriber_status_name(status)));
  }
  std::string state_label(OutboxState state) const {
    return v_.text("admin.outbox.state." + std::string(outbox_state_name(state)));
  }
  // What a message is about, as the outbox and a subscriber's history show it.
  std::string subject_of(const OutboxEntry& entry) const;
  // A message as a row of the outbox or of a subscriber's history.
  nlohmann::json message_row(const OutboxEntry& entry, const std::string& state_filter) const;
  // The query of the list's filters (status and search), nullopt when the status is unknown.
  std::optional<SubscriberQuery> list_query() const;
  // Why an import was refused, in the admin's language: the line and the column at fault.
  std::string import_refusal(const Error& error) const;

  Services& s_;
  Visit& v_;
};

std::optional<SubscriberQuery> SubscriberPages::list_query() const {
  SubscriberQuery query;
  query.search = v_.parameter("q");
  if (query.search.empty()) query.search = v_.field("q");
  std::string status = v_.parameter("status");
  if (status.empty()) status = v_.field("status");
  if (!status.empty()) {
    query.status = parse_subscriber_status(status);
    if (!query.status) return std::nullopt;
  }
  return query;
}

Page SubscriberPages::list() {
  auto query = list_query();
  if (!query) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  const std::string status =
      query->status ? std::string(subscriber_status_name(*query->status)) : std::string();
  const std::string after = v_.parameter("after");
  // One more than a page: whether there is a next one, without counting.
  auto found = s_.store.subscriber_page(*query, after, kSubscribersPerPage + 1);
  if (!found) return s_.pages.error(v_, found.error());
  auto counts = s_.store.subscriber_counts();
  if (!counts) return s_.pages.error(v_, counts.error());
  const bool more = static_cast<int>(found->size()) > kSubscribersPerPage;
  if (more) found->pop_back();

  nlohmann::json filters = nlohmann::json::array();
  const int by_status[] = {counts->pending, counts->confirmed, counts->unsubscribed,
                           counts->bounced};
  filters.push_back({{"href", link_with("/admin/subscribers/", {{"q", query->search}})},
                     {"label", v_.text("admin.subscribers.all")},
                     {"count", by_status[0] + by_status[1] + by_status[2] + by_status[3]},
                     {"current", status.empty()}});
  for (std::size_t i = 0; i < kStatuses.size(); ++i) {
    std::string name(subscriber_status_name(kStatuses[i]));
    filters.push_back(
        {{"href", link_with("/admin/subscribers/", {{"status", name}, {"q", query->search}})},
         {"label", status_label(kStatuses[i])},
         {"count", by_status[i]},
         {"current", name == status}});
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const Subscriber& subscriber : *found) {
    rows.push_back({{"href", fmt::format("/admin/subscribers/{}/", subscriber.id)},
                    {"email", subscriber.email},
                    {"status", subscriber_status_name(subscriber.status)},
                    {"status_label", status_label(subscriber.status)},
                    {"frequency", v_.text("admin.subscribers.frequency." +
                                          std::string(frequency_name(subscriber.frequency)))},
                    {"lang", subscriber.lang},
                    {"since", v_.time_text(subscriber.created_at)}});
  }
  nlohmann::json view = {{"page_title", v_.text("admin.subscribers.title")},
                         {"filters", filters},
                         {"status", status},
                         {"q", query->search},
                         {"rows", rows},
                         {"empty", rows.empty()}};
  if (more) {
    view["next_href"] =
        link_with("/admin/subscribers/",
                  {{"status", status}, {"q", query->search}, {"after", found->back().email}});
  }
  if (!after.empty()) {
    view["first_href"] =
        link_with("/admin/subscribers/", {{"status", status}, {"q", query->search}});
  }
  return s_.pages.render(v_, "subscribers", std::move(view));
}

std::string SubscriberPages::subject_of(const OutboxEntry& entry) const {
  switch (entry.message.kind) {
    case MessageKind::article:
      return entry.article_title;
    case MessageKind::digest:
      return v_.text("admin.outbox.subject.digest",
                     {{"date", v_.time_text(entry.message.period_end).substr(0, 10)}});
    case MessageKind::confirmation:
      return v_.text("admin.outbox.subject.confirmation");
    case MessageKind::moderation:
      return v_.text("admin.outbox.subject.moderation");
  }
  return {};
}

nlohmann::json SubscriberPages::message_row(const OutboxEntry& entry,
                                            const std::string& state_filter) const {
  const OutboxMessage& message = entry.message;
  // When it went, or when the sender takes it next.
  std::string when;
  if (entry.state == OutboxState::sent) {
    when = v_.text("admin.outbox.sent_at", {{"when", v_.time_text(entry.sent_at)}});
  } else if (entry.state == OutboxState::queued || entry.state == OutboxState::deferred) {
    when = v_.text("admin.outbox.next_at", {{"when", v_.time_text(entry.next_attempt_at)}});
  }
  return {
      {"id", message.id},
      {"recipient", message.recipient},
      {"recipient_href", message.subscriber_id
                             ? fmt::format("/admin/subscribers/{}/", *message.subscriber_id)
                             : std::string()},
      {"kind", v_.text("admin.outbox.kind." + std::string(message_kind_name(message.kind)))},
      {"subject", subject_of(entry)},
      {"state", outbox_state_name(entry.state)},
      {"state_label", state_label(entry.state)},
      {"created", v_.time_text(message.created_at)},
      {"when", when},
      {"attempts", message.attempts},
      {"reply", entry.last_error},
      {"retryable", entry.state == OutboxState::failed || entry.state == OutboxState::deferred},
      {"cancellable", entry.state == OutboxState::queued || entry.state == OutboxState::deferred},
      {"state_filter", state_filter}};
}

Page SubscriberPages::subscriber(Id id) {
  auto subscriber = s_.store.subscriber(id);
  if (!subscriber) return s_.pages.error(v_, subscriber.error());
  auto sections = s_.store.sections();
  if (!sections) return s_.pages.error(v_, sections.error());
  auto messages = s_.store.outbox_entries({std::nullopt, id, 0, kHistoryMessages});
  if (!messages) return s_.pages.error(v_, messages.error());
  std::vector<std::string> followed;
  for (Id section_id : subscriber->section_ids) {
    for (const Section& section : *sections) {
      if (section.id == section_id) followed.push_back(section.name);
    }
  }
  std::string sections_text;
  for (const std::string& name : followed) {
    sections_text += (sections_text.empty() ? "" : ", ") + name;
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const OutboxEntry& entry : *messages) rows.push_back(message_row(entry, {}));
  nlohmann::json view = {
      {"page_title", v_.text("admin.subscriber.title", {{"email", subscriber->email}})},
      {"id", subscriber->id},
      {"email", subscriber->email},
      {"status", subscriber_status_name(subscriber->status)},
      {"status_label", status_label(subscriber->status)},
      {"frequency", v_.text("admin.subscribers.frequency." +
                            std::string(frequency_name(subscriber->frequency)))},
      {"lang", subscriber->lang},
      {"sections",
       sections_text.empty() ? v_.text("admin.subscriber.all_sections") : sections_text},
      {"since", v_.time_text(subscriber->created_at)},
      {"confirmed",
       subscriber->confirmed_at ? v_.time_text(subscriber->confirmed_at) : std::string()},
      {"bounce",
       subscriber->status == SubscriberStatus::bounced ? subscriber->last_error : std::string()},
      {"rows", rows},
      {"no_messages", rows.empty()},
      {"subscribed", subscriber->status != SubscriberStatus::unsubscribed}};
  if (v_.parameter("done") == "unsubscribed") {
    view["notice"] = v_.text("admin.subscriber.unsubscribed");
  }
  return s_.pages.render(v_, "subscriber", std::move(view));
}

// Unsubscribes, as the reader's own link would: their queued messages are cancelled.
Page SubscriberPages::unsubscribe(Id id) {
  auto subscriber = s_.store.subscriber(id);
  if (!subscriber) return s_.pages.error(v_, subscriber.error());
  Status left = s_.store.unsubscribe(id);
  if (!left) return s_.pages.error(v_, left.error());
  (void)s_.store.add_audit_entry(
      {0, v_.now, v_.user().id, v_.user().name, "unsubscribe", 0, subscriber->email});
  return s_.pages.redirect(v_, fmt::format("/admin/subscribers/{}/?done=unsubscribed", id));
}

// The list (with the list's filters) as the command line's export writes it, as a download.
Page SubscriberPages::export_csv() {
  auto query = list_query();
  if (!query) return s_.pages.refusal(v_, 422, "admin.error.invalid");
  auto subscribers = s_.store.subscribers(*query);
  if (!subscribers) return s_.pages.error(v_, subscribers.error());
  auto sections = s_.store.sections();
  if (!sections) return s_.pages.error(v_, sections.error());
  (void)s_.store.add_audit_entry({0, v_.now, v_.user().id, v_.user().name, "export_subscribers", 0,
                                  std::to_string(subscribers->size())});
  Page page;
  page.content_type = "text/csv; charset=utf-8";
  page.body = write_subscribers_csv(*subscribers, *sections);
  page.content_disposition = fmt::format("attachment; filename=\"subscribers-{}.csv\"",
                                         v_.time_text(v_.now).substr(0, 10));
  secure_admin_page(page);
  return page;
}

Page SubscriberPages::import_form(int status, std::string error) {
  nlohmann::json view = {{"page_title", v_.text("admin.import.title")},
                         {"columns", [] {
                            std::string columns;
                            for (const char* name : kSubscriberCsvColumns) {
                              columns += (columns.empty() ? "" : ", ") + std::string(name);
                            }
                            return columns;
                          }()}};
  if (!error.empty()) view["error"] = std::move(error);
  const std::string added = v_.parameter("added");
  if (!added.empty() && status == 200) {
    auto count = [](const std::string& text) {
      return static_cast<int64_t>(parse_id(text).value_or(0));
    };
    view["notice"] = v_.text("admin.import.done",
                             {{"added", count(added)}, {"known", count(v_.parameter("known"))}});
  }
  return s_.pages.render(v_, "subscribers_import", std::move(view), status);
}

std::string SubscriberPages::import_refusal(const Error& error) const {
  static constexpr std::string_view kFields[] = {
      "email", "status", "frequency", "sections", "created_at", "confirmed_at", "csv"};
  const bool known =
      std::find(std::begin(kFields), std::end(kFields), error.field) != std::end(kFields);
  std::string reason =
      v_.text("admin.import.reason." + (known ? error.field : std::string("empty")));
  if (error.source.empty()) {
    // The file as a whole: not CSV, empty, or without an email column.
    if (error.field == "email") reason = v_.text("admin.import.reason.columns");
    return v_.text("admin.import.refused_file", {{"reason", reason}});
  }
  return v_.text(
      "admin.import.refused_line",
      {{"line", static_cast<int64_t>(parse_id(error.source).value_or(0))}, {"reason", reason}});
}

// All or none: a fault anywhere refuses the file, naming the line; nothing is written.
Page SubscriberPages::import_csv() {
  auto file = std::find_if(v_.files.begin(), v_.files.end(),
                           [](const http::FormPart& part) { return part.name == "file"; });
  if (file == v_.files.end() || file->filename->empty()) {
    return import_form(422, v_.text("admin.import.no_file"));
  }
  auto sections = s_.store.sections();
  if (!sections) return s_.pages.error(v_, sections.error());
  auto subscribers = read_subscribers_csv(file->body, *sections, v_.settings.locale, v_.now);
  if (!subscribers) {
    if (subscribers.error().code != Errc::invalid_input) {
      return s_.pages.error(v_, subscribers.error());
    }
    return import_form(422, import_refusal(subscribers.error()));
  }
  auto added = s_.store.import_subscribers(*subscribers);
  if (!added) return s_.pages.error(v_, added.error());
  (void)s_.store.add_audit_entry(
      {0, v_.now, v_.user().id, v_.user().name, "import_subscribers", 0, std::to_string(*added)});
  return s_.pages.redirect(v_, fmt::format("/admin/subscribers/import/?added={}&known={}", *added,
                                           subscribers->size() - static_cast<std::size_t>(*added)));
}

Page SubscriberPages::outbox() {
  OutboxQuery query;
  const std::string state = v_.parameter("state");
  if (!state.empty()) {
    query.state = parse_outbox_state(state);
    if (!query.state) return s_.pages.refusal(v_, 404, "admin.error.not_found");
  }
  query.before = parse_id(v_.parameter("before")).value_or(0);
  query.limit = kMessagesPerPage + 1;
  auto entries = s_.store.outbox_entries(query);
  if (!entries) return s_.pages.error(v_, entries.error());
  auto counts = s_.store.outbox_counts();
  if (!counts) return s_.pages.error(v_, counts.error());
  auto refusal = s_.store.sender_refusal();
  if (!refusal) return s_.pages.error(v_, refusal.error());
  const bool more = static_cast<int>(entries->size()) > kMessagesPerPage;
  if (more) entries->pop_back();

  const int by_state[] = {counts->queued - counts->deferred, counts->deferred, counts->sent,
                          counts->failed, counts->cancelled};
  nlohmann::json filters = nlohmann::json::array();
  filters.push_back({{"href", "/admin/outbox/"},
                     {"label", v_.text("admin.outbox.all")},
                     {"count", counts->queued + counts->sent + counts->failed + counts->cancelled},
                     {"current", state.empty()}});
  for (std::size_t i = 0; i < kOutboxStates.size(); ++i) {
    std::string name(outbox_state_name(kOutboxStates[i]));
    filters.push_back({{"href", "/admin/outbox/?state=" + name},
                       {"label", state_label(kOutboxStates[i])},
                       {"count", by_state[i]},
                       {"current", name == state}});
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const OutboxEntry& entry : *entries) rows.push_back(message_row(entry, state));
  nlohmann::json view = {{"page_title", v_.text("admin.outbox.title")},
                         {"filters", filters},
                         {"rows", rows},
                         {"empty", rows.empty()}};
  if (const std::optional<SenderRefusal>& last = *refusal; last && last->resolved_at == 0) {
    view["refusal"] =
        v_.text("admin.outbox.refused", {{"since", v_.time_text(last->first_refused_at)},
                                         {"count", static_cast<int64_t>(last->refusals)},
                                         {"until", v_.time_text(last->retry_at)}});
    view["refusal_reply"] = last->reply;
  }
  if (more) {
    view["older_href"] =
        link_with("/admin/outbox/",
                  {{"state", state}, {"before", std::to_string(entries->back().message.id)}});
  }
  if (query.before > 0) view["newest_href"] = link_with("/admin/outbox/", {{"state", state}});
  const std::string done = v_.parameter("done");
  if (done == "retried" || done == "cancelled") view["notice"] = v_.text("admin.outbox." + done);
  return s_.pages.render(v_, "outbox", std::move(view));
}

// Retry: the sender takes the message at its next pass (it looks every half second when idle,
// unless the server's refusal of the site paused it: the banner says until when).
Page SubscriberPages::retry_or_cancel(Id id, bool retry) {
  auto message = retry ? s_.store.retry_message(id, v_.now) : s_.store.cancel_message(id);
  if (!message) return s_.pages.error(v_, message.error());
  (void)s_.store.add_audit_entry({0, v_.now, v_.user().id, v_.user().name,
                                  retry ? "retry_message" : "cancel_message", 0,
                                  message->recipient});
  std::string state = v_.field("state");
  if (!parse_outbox_state(state)) state.clear();
  return s_.pages.redirect(
      v_,
      link_with("/admin/outbox/", {{"state", state}, {"done", retry ? "retried" : "cancelled"}}));
}

// The id at the start of `rest` ("12/…") and what follows it ("…"), or nullopt.
std::optional<std::pair<Id, std::string_view>> split_id(std::string_view rest) {
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto id = parse_id(rest.substr(0, slash));
  if (!id) return std::nullopt;
  return std::pair{*id, rest.substr(slash + 1)};
}

}  // namespace

Page get_subscribers(Services& services, Visit& visit, std::string_view rest) {
  if (!may_manage_subscribers(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  SubscriberPages pages(services, visit);
  if (rest.empty()) return pages.list();
  if (rest == "import/") return pages.import_form(200, {});
  if (auto id = split_id(rest); id && id->second.empty()) return pages.subscriber(id->first);
  return services.pages.refusal(visit, 404, "admin.error.not_found");
}

Page post_subscribers(Services& services, Visit& visit, std::string_view rest) {
  if (!may_manage_subscribers(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  SubscriberPages pages(services, visit);
  if (rest == "export/") return pages.export_csv();
  if (rest == "import/") return pages.import_csv();
  if (auto id = split_id(rest); id && id->second == "unsubscribe/") {
    return pages.unsubscribe(id->first);
  }
  return services.pages.refusal(visit, 404, "admin.error.not_found");
}

Page get_outbox(Services& services, Visit& visit, std::string_view rest) {
  if (!may_manage_subscribers(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  if (!rest.empty()) return services.pages.refusal(visit, 404, "admin.error.not_found");
  return SubscriberPages(services, visit).outbox();
}

Page post_outbox(Services& services, Visit& visit, std::string_view rest) {
  if (!may_manage_subscribers(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  auto id = split_id(rest);
  if (id && (id->second == "retry/" || id->second == "cancel/")) {
    return SubscriberPages(services, visit).retry_or_cancel(id->first, id->second == "retry/");
  }
  return services.pages.refusal(visit, 404, "admin.error.not_found");
}

}  // namespace tribune::admin
