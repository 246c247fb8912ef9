// The site's email: what each outbox message says (a confirmation, an article, the daily
// digest, a comment to moderate, a test), in the recipient's language, as a text part and a
// light HTML part from the theme's "mail" template. Formatting into MIME is mail/'s job.
#include <algorithm>

#include "content/utf8.h"
#include "site/page_builder.h"  // the class these messages belong to

namespace tribune {
namespace {

// Appends `view`'s paragraphs, items and links as plain text: the text/plain part.
std::string text_part(const json& view) {
  std::string text;
  auto add = [&](const std::string& line) { text += line + "\n"; };
  auto value = [&](const json& object, const char* key) {
    return object.contains(key) && object[key].is_string() ? object[key].get<std::string>()
                                                           : std::string();
  };
  if (!value(view, "title").empty()) {
    add(value(view, "title"));
    add("");
  }
  for (const auto& paragraph : view.value("paragraphs", json::array())) {
    add(paragraph.get<std::string>());
    add("");
  }
  if (view.contains("quote") && view["quote"].is_string()) {
    std::string quote = view["quote"].get<std::string>();
    std::size_t start = 0;
    while (start <= quote.size()) {
      std::size_t end = quote.find('\n', start);
      if (end == std::string::npos) end = quote.size();
      add("> " + quote.substr(start, end - start));
      start = end + 1;
    }
    add("");
  }
  for (const auto& item : view.value("items", json::array())) {
    add(value(item, "title"));
    if (!value(item, "meta").empty()) add(value(item, "meta"));
    if (!value(item, "text").empty()) add(value(item, "text"));
    add(value(item, "href"));
    add("");
  }
  if (view.contains("action") && view["action"].is_object()) {
    add(value(view["action"], "label"));
    add(value(view["action"], "href"));
    add("");
  }
  for (const auto& paragraph : view.value("after", json::array())) {
    add(paragraph.get<std::string>());
    add("");
  }
  if (view.contains("footer") && view["footer"].is_object()) {
    const json& footer = view["footer"];
    add("-- ");
    add(value(footer, "text"));
    add(value(footer, "manage"));
    add(value(footer, "manage_href"));
    add(value(footer, "unsubscribe"));
    add(value(footer, "unsubscribe_href"));
  }
  return text;
}

}  // namespace

mail::MailMessage PageBuilder::mail_envelope(std::string to, std::string subject) const {
  mail::MailMessage message;
  message.from = {s_.settings.mail_from_name, s_.settings.mail_from_address};
  message.reply_to = {"", s_.settings.mail_reply_to};
  message.to = {"", std::move(to)};
  message.subject = std::move(subject);
  message.date = now_;
  return message;
}

Status PageBuilder::render_mail_bodies(mail::MailMessage& message, const json& view) const {
  json full = view;
  full["lang"] = t_->locale();
  full["dir"] = t_->direction();
  full["subject"] = message.subject;
  full["site_name"] = s_.settings.name;
  full["site_url"] = s_.settings.url;
  auto html_body = theme_.render_document("mail", full);
  if (!html_body) return html_body.error();
  message.html = std::move(*html_body);
  message.text = s_.settings.name + "\n" + s_.settings.url + "/\n\n" + text_part(full);
  return Ok{};
}

void PageBuilder::add_list_headers(mail::MailMessage& message, const Subscriber& subscriber,
                                   json& view) const {
  std::string unsubscribe = subscriber_link(subscriber, "unsubscribe");
  // RFC 2369 and RFC 8058: mail clients show an "unsubscribe" button that POSTs here.
  message.headers.emplace_back("List-Unsubscribe", "<" + unsubscribe + ">");
  message.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  std::string domain = message.from.address.substr(message.from.address.find('@') + 1);
  message.headers.emplace_back("List-Id", "<subscribers." + domain + ">");
  view["footer"] = {{"text", msg("mail.footer", {{"site", s_.settings.name}})},
                    {"manage", msg("mail.manage")},
                    {"manage_href", subscriber_link(subscriber, "manage")},
                    {"unsubscribe", msg("mail.unsubscribe")},
                    {"unsubscribe_href", unsubscribe}};
}

Result<mail::MailMessage> PageBuilder::compose_mail(const OutboxMessage& outbox,
                                                    const Subscriber* subscriber) {
  const std::string& site = s_.settings.name;
  json view = {{"paragraphs", json::array()}, {"items", json::array()}, {"after", json::array()}};
  mail::MailMessage message;
  switch (outbox.kind) {
    case MessageKind::confirmation: {
      if (!subscriber) return make_error(Errc::not_found, "no subscriber", "subscriber_id");
      message = mail_envelope(outbox.recipient, msg("mail.confirm_subject", {{"site", site}}));
      view["paragraphs"].push_back(msg("mail.confirm_text", {{"site", site}}));
      view["action"] = {{"href", subscriber_link(*subscriber, "confirm")},
                        {"label", msg("mail.confirm_button")}};
      view["after"].push_back(msg("mail.confirm_ignore",
                                  {{"days", static_cast<std::int64_t>(s_.settings.pending_days)}}));
      add_list_headers(message, *subscriber, view);
      // Not subscribed yet: the usual footer ("you subscribed") would say otherwise.
      view["footer"]["text"] = msg("mail.confirm_footer", {{"site", site}});
      break;
    }
    case MessageKind::article: {
      if (!subscriber || !outbox.article_id) {
        return make_error(Errc::not_found, "no subscriber or article", "article_id");
      }
      auto article = store_.article_by_id(*outbox.article_id);
      if (!article) return article.error();
      message = mail_envelope(outbox.recipient, article->title);
      view["items"].push_back(
          {{"title", article->title},
           {"meta",
            msg("mail.by", {{"author", article->author.name},
                            {"date", t_->long_date(article->published_at, s_.settings.timezone)}})},
           {"text", article->description},
           {"href", absolute(s_.permalink.path_of(*article))},
           {"link_label", msg("mail.read_article")}});
      add_list_headers(message, *subscriber, view);
      break;
    }
    case MessageKind::digest: {
      if (!subscriber) return make_error(Errc::not_found, "no subscriber", "subscriber_id");
      auto articles =
          store_.articles_for_subscriber(subscriber->id, outbox.period_start, outbox.period_end);
      if (!articles) return articles.error();
      // An article and its translations are one story: the subscriber reads it once, in
      // their language when it is among them, else in the first listed.
      std::vector<Article> stories;
      for (Article& article : *articles) {
        const std::vector<Id> group = s_.archive->translation_group(article.id);
        auto told = std::find_if(stories.begin(), stories.end(), [&](const Article& story) {
          return std::find(group.begin(), group.end(), story.id) != group.end();
        });
        if (told == stories.end()) {
          stories.push_back(std::move(article));
        } else if (article.lang == subscriber->lang && told->lang != subscriber->lang) {
          *told = std::move(article);
        }
      }
      *articles = std::move(stories);
      if (articles->empty()) return make_error(Errc::not_found, "nothing new to send", "period");
      std::string date = t_->long_date(outbox.period_end, s_.settings.timezone);
      message = mail_envelope(outbox.recipient,
                              msg("mail.digest_subject", {{"site", site}, {"date", date}}));
      view["paragraphs"].push_back(
          msg("mail.digest_intro", {{"count", static_cast<std::int64_t>(articles->size())}}));
      for (const Article& article : *articles) {
        view["items"].push_back(
            {{"title", article.title},
             {"meta", msg("mail.by",
                          {{"author", article.author.name},
                           {"date", t_->long_date(article.published_at, s_.settings.timezone)}})},
             {"text", article.description},
             {"href", absolute(s_.permalink.path_of(article))},
             {"link_label", msg("mail.read_article")}});
      }
      add_list_headers(message, *subscriber, view);
      break;
    }
    case MessageKind::moderation: {
      if (!outbox.comment_id) return make_error(Errc::not_found, "no comment", "comment_id");
      auto comment = store_.comment(*outbox.comment_id);
      if (!comment) return comment.error();
      auto article = store_.article_by_id(comment->article_id);
      if (!article) return article.error();
      message = mail_envelope(outbox.recipient,
                              msg("mail.moderation_subject", {{"article", article->title}}));
      view["paragraphs"].push_back(msg(
          "mail.moderation_text", {{"author", comment->author_name}, {"article", article->title}}));
      view["quote"] = comment->body;
      // The comment's own screen at the admin: its context and every action, one click away.
      view["after"].push_back(
          msg("mail.moderation_howto",
              {{"link", absolute("/admin/comments/" + std::to_string(comment->id) + "/")}}));
      view["action"] = {{"href", absolute(s_.permalink.path_of(*article))},
                        {"label", article->title}};
      break;
    }
  }
  // The same id for every attempt: a receiver that got a message twice can tell.
  message.message_id = "tribune." + std::to_string(outbox.id) + "." +
                       std::to_string(outbox.created_at) + "@" +
                       message.from.address.substr(message.from.address.find('@') + 1);
  TRIBUNE_TRY(render_mail_bodies(message, view));
  return message;
}

Result<mail::MailMessage> PageBuilder::compose_test_mail(std::string_view address) {
  const std::string& site = s_.settings.name;
  mail::MailMessage message =
      mail_envelope(std::string(address), msg("mail.test_subject", {{"site", site}}));
  json view = {{"paragraphs", json::array({msg("mail.test_text", {{"site", site}})})}};
  message.message_id = "tribune.test." + std::to_string(now_) + "@" +
                       message.from.address.substr(message.from.address.find('@') + 1);
  TRIBUNE_TRY(render_mail_bodies(message, view));
  return message;
}

}  // namespace tribune
