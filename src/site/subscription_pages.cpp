// Subscription pages: the form (under articles, on the home page, alone with errors), the
// "check your inbox" notice, and the pages a subscriber's signed links lead to: confirm (a
// page whose button posts), manage (sections and frequency) and unsubscribe (a page, or RFC
// 8058's one-click POST). Following a link never changes anything; only a POST does.
#include <sodium.h>

#include <algorithm>
#include <charconv>

#include "content/email_address.h"
#include "content/utf8.h"
#include "site/page_builder.h"  // the class these pages belong to

namespace tribune {
namespace {

// Subscription requests one reader may make in this many seconds (five of them).
constexpr int kSubscriptionsPerWindow = 5;

// The first value of form field `name`, or "".
std::string field(const FormFields& fields, std::string_view name) {
  auto found = fields.lower_bound(name);
  return found == fields.end() || found->first != name ? std::string() : found->second;
}

// Every value of form field `name` that is a known section's id.
std::vector<Id> chosen_sections(const FormFields& fields, const std::vector<Section>& sections) {
  std::vector<Id> ids;
  auto [first, last] = fields.equal_range("section");
  for (auto it = first; it != last; ++it) {
    Id id = 0;
    const std::string& text = it->second;
    if (std::from_chars(text.data(), text.data() + text.size(), id).ec != std::errc()) continue;
    for (const Section& section : sections) {
      if (section.id == id && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  return ids;
}

std::string trimmed(std::string text) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

json PageBuilder::subscribe_form_view(const FormFields* values,
                                      const std::vector<std::string>& errors) const {
  std::vector<Id> checked;
  Frequency frequency = Frequency::each;
  if (values != nullptr) {
    checked = chosen_sections(*values, s_.sections);
    frequency = parse_frequency(field(*values, "frequency")).value_or(Frequency::each);
  }
  json sections = json::array();
  for (const Section& section : s_.sections) {
    int depth = static_cast<int>(std::count(section.path.begin(), section.path.end(), '/'));
    sections.push_back(
        {{"id", std::to_string(section.id)},
         {"name", section.name},
         {"depth", std::to_string(depth)},
         {"checked", std::find(checked.begin(), checked.end(), section.id) != checked.end()}});
  }
  return {{"text", msg("subscribe.text")},
          {"lang", t_->locale()},
          {"email", values != nullptr ? field(*values, "email") : std::string()},
          {"sections", sections},
          {"has_sections", !sections.empty()},
          {"each", frequency == Frequency::each},
          {"daily", frequency == Frequency::daily},
          {"labels",
           {{"email", msg("subscribe.email")},
            {"options", msg("subscribe.options")},
            {"sections", msg("subscribe.sections")},
            {"frequency", msg("subscribe.frequency")},
            {"each", msg("subscribe.each")},
            {"daily", msg("subscribe.daily")},
            {"honeypot", msg("subscribe.honeypot")},
            {"submit", msg("subscribe.submit")}}},
          {"errors_heading", msg("subscribe.errors_heading")},
          {"errors", errors},
          {"has_errors", !errors.empty()}};
}

Page PageBuilder::subscribe_form_page(int status, const FormFields* values,
                                      const std::vector<std::string>& errors) {
  std::string title = msg("subscribe.heading");
  json view = layout(title, title, "", nullptr);
  json form = subscribe_form_view(values, errors);
  form["heading"] = title;
  view["subscribe_alone"] = {{"subscribe", form}};
  Page page = html(status, "subscription", view);
  page.personal = true;
  return page;
}

Page PageBuilder::notice_page(std::string_view messages,
                              const std::vector<std::pair<std::string, std::string>>& args) {
  std::string key(messages);
  std::vector<std::pair<std::string, MessageArg>> message_args(args.begin(), args.end());
  std::string title = msg(key + "_title");
  json view = layout(title, title, "", nullptr);
  view["error"] = {{"title", title},
                   {"text", msg(key + "_text", message_args)},
                   {"back", msg("subscribe.back")}};
  for (const auto& [name, value] : args) {
    if (name == "back_href") view["error"]["back_href"] = value;
    if (name == "back") view["error"]["back"] = value;
  }
  Page page = html(200, "error", view);
  page.personal = true;
  return page;
}

std::string PageBuilder::subscriber_token(const Subscriber& subscriber,
                                          std::string_view purpose) const {
  std::string id = std::to_string(subscriber.id);
  std::string email = subscriber.email;
  for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // 128 bits of the MAC are plenty for a link, and keep it short enough for mail clients.
  return id + "-" +
         s_.tokens->signature("subscriber/" + std::string(purpose) + "/" + id + "/" + email)
             .substr(0, 32);
}

Result<Subscriber> PageBuilder::subscriber_from_token(std::string_view token,
                                                      std::string_view purpose) {
  auto invalid = [] { return make_error(Errc::not_found, "unknown subscription link", "token"); };
  std::size_t dash = token.find('-');
  Id id = 0;
  if (dash == std::string_view::npos ||
      std::from_chars(token.data(), token.data() + dash, id).ec != std::errc()) {
    return invalid();
  }
  auto subscriber = store_.subscriber(id);
  if (!subscriber) return subscriber.error().code == Errc::not_found ? invalid() : subscriber;
  std::string expected = subscriber_token(*subscriber, purpose);
  if (token.size() != expected.size() ||
      sodium_memcmp(token.data(), expected.data(), expected.size()) != 0) {
    return invalid();
  }
  return subscriber;
}

std::string PageBuilder::subscriber_link(const Subscriber& subscriber,
                                         std::string_view action) const {
  std::string_view purpose = action == "confirm" ? "confirm" : "manage";
  return absolute("/subscription/" + std::string(action) + "/" +
                  subscriber_token(subscriber, purpose) + "/");
}

Page PageBuilder::manage_page(const Subscriber& subscriber, const std::string& notice) {
  std::string title = msg("subscription.manage_title");
  json view = layout(title, title, "", nullptr);
  FormFields current;
  current.emplace("frequency", std::string(frequency_name(subscriber.frequency)));
  for (Id id : subscriber.section_ids) current.emplace("section", std::to_string(id));
  json form = subscribe_form_view(&current, {});
  std::string token = subscriber_token(subscriber, "manage");
  form["title"] = title;
  form["notice"] = notice;
  form["text"] = msg("subscription.manage_text", {{"email", subscriber.email}});
  form["action"] = "/subscription/manage/" + token + "/";
  form["unsubscribe_action"] = "/subscription/unsubscribe/" + token + "/";
  form["labels"]["save"] = msg("subscription.save");
  form["labels"]["unsubscribe"] = msg("subscription.unsubscribe_button");
  view["subscription"] = form;
  Page page = html(200, "subscription", view);
  page.personal = true;
  return page;
}

Page PageBuilder::question_page(std::string_view block, std::string_view messages,
                                const Subscriber& subscriber, std::string action) {
  std::string key(messages);
  std::string title = msg(key + "_title");
  json view = layout(title, title, "", nullptr);
  view[std::string(block)] = {
      {"title", title},
      {"text", msg(key + "_text", {{"email", subscriber.email}, {"site", s_.settings.name}})},
      {"action", std::move(action)},
      {"button", msg(key + "_button")}};
  Page page = html(200, "subscription", view);
  page.personal = true;
  return page;
}

Page PageBuilder::unsubscribe_page(const Subscriber& subscriber) {
  return question_page("unsubscribe", "subscription.unsubscribe", subscriber,
                       "/subscription/unsubscribe/" + subscriber_token(subscriber, "manage") + "/");
}

Page PageBuilder::confirmed_page(const Subscriber& subscriber) {
  return notice_page("subscription.confirmed",
                     {{"email", subscriber.email},
                      {"back_href", subscriber_link(subscriber, "manage")},
                      {"back", msg("subscription.manage_link")}});
}

std::optional<Page> PageBuilder::subscription_page(std::string_view path) {
  if (path == "/subscribe/") return subscribe_form_page(200, nullptr, {});
  if (path == "/subscribe/check-inbox/") return notice_page("subscribe.sent");
  if (path.starts_with("/subscribe/check-inbox/") && path.ends_with('/')) {
    // In the language of the page the reader subscribed on.
    std::string_view language = path.substr(23, path.size() - 24);
    if (s_.catalogs->find(language) == nullptr) return not_found();
    use_language(language);
    return notice_page("subscribe.sent");
  }
  if (!path.starts_with("/subscription/") || !path.ends_with('/')) return std::nullopt;
  std::string_view rest = path.substr(14, path.size() - 15);  // "ACTION/TOKEN"
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return not_found();
  std::string_view action = rest.substr(0, slash);
  std::string_view token = rest.substr(slash + 1);
  if (action != "confirm" && action != "manage" && action != "unsubscribe") return not_found();
  auto subscriber = subscriber_from_token(token, action == "confirm" ? "confirm" : "manage");
  if (!subscriber)
    return subscriber.error().code == Errc::not_found ? not_found() : failure(subscriber.error());
  use_language(subscriber->lang);
  if (subscriber->status == SubscriberStatus::unsubscribed ||
      subscriber->status == SubscriberStatus::bounced) {
    return notice_page("subscription.ended");
  }
  if (action == "confirm") {
    // A GET changes nothing: the link checkers of mail services fetch every link of every
    // message, and would confirm addresses nobody asked to subscribe. Only the button's POST
    // confirms.
    if (subscriber->status == SubscriberStatus::confirmed) return confirmed_page(*subscriber);
    return question_page("confirm", "subscription.confirm", *subscriber,
                         "/subscription/confirm/" + std::string(token) + "/");
  }
  return action == "manage" ? manage_page(*subscriber, "") : unsubscribe_page(*subscriber);
}

Page PageBuilder::post_subscription(std::string_view path, const FormFields& fields,
                                    std::string_view client) {
  if (!s_.mail_enabled) return not_found();
  for (const auto& [name, value] : fields) {
    if (find_invalid_utf8(value)) return bad_request();
  }
  if (path == "/subscribe/") {
    use_language(field(fields, "lang"));  // answered in the language of the page it was on
    auto refuse = [&](int status, std::string error) {
      return subscribe_form_page(status, &fields, {std::move(error)});
    };
    if (!field(fields, "website").empty()) return refuse(422, msg("subscribe.error_robot"));
    std::string email = trimmed(field(fields, "email"));
    if (!is_email_address(email)) return refuse(422, msg("subscribe.error_email"));
    if (!s_.subscription_limiter->allow(client, now_)) {
      return refuse(429, msg("subscribe.error_rate"));
    }
    SubscriptionRequest request;
    request.email = email;
    // The language of the page they subscribed on, when the site has a catalog for it.
    request.lang = t_->locale();
    request.section_ids = chosen_sections(fields, s_.sections);
    request.frequency = parse_frequency(field(fields, "frequency")).value_or(Frequency::each);
    // Committed (with its confirmation queued) before the reader hears anything; the answer
    // is the same whatever state the address was in.
    auto subscribed = store_.subscribe(request, now_);
    if (!subscribed) return failure(subscribed.error());
    Page page;
    page.status = 303;
    page.content_type = "text/plain; charset=utf-8";
    page.location = "/subscribe/check-inbox/";
    if (lang_ != s_.settings.locale) page.location += lang_ + "/";
    return page;
  }
  if (!path.starts_with("/subscription/") || !path.ends_with('/')) return not_found();
  std::string_view rest = path.substr(14, path.size() - 15);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return not_found();
  std::string_view action = rest.substr(0, slash);
  if (action != "confirm" && action != "manage" && action != "unsubscribe") return not_found();
  auto subscriber =
      subscriber_from_token(rest.substr(slash + 1), action == "confirm" ? "confirm" : "manage");
  if (!subscriber)
    return subscriber.error().code == Errc::not_found ? not_found() : failure(subscriber.error());
  use_language(subscriber->lang);
  if (action == "confirm") {
    // The confirmation page's button: committed before the reader is told.
    auto confirmed = store_.confirm_subscriber(subscriber->id, now_);
    if (!confirmed) {
      if (confirmed.error().code == Errc::invalid_input) return notice_page("subscription.ended");
      return failure(confirmed.error());
    }
    return confirmed_page(*confirmed);
  }
  if (action == "unsubscribe") {
    // RFC 8058: the token alone authenticates the one-click POST; the body is not needed.
    if (Status left = store_.unsubscribe(subscriber->id); !left) return failure(left.error());
    return notice_page("subscription.unsubscribed", {{"email", subscriber->email}});
  }
  if (subscriber->status == SubscriberStatus::unsubscribed ||
      subscriber->status == SubscriberStatus::bounced) {
    return notice_page("subscription.ended");
  }
  Frequency frequency = parse_frequency(field(fields, "frequency")).value_or(Frequency::each);
  std::vector<Id> sections = chosen_sections(fields, s_.sections);
  if (Status saved = store_.update_subscription(subscriber->id, sections, frequency); !saved) {
    return failure(saved.error());
  }
  subscriber->frequency = frequency;
  subscriber->section_ids = sections;
  return manage_page(*subscriber, msg("subscription.saved"));
}

}  // namespace tribune
