// Formatting a MailMessage into RFC 5322 bytes with GMime: GMime does the RFC 2047 encoding,
// the header folding, the quoted-printable bodies and the multipart boundaries.
#include "mail/message.h"

#include <glib.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "content/email_address.h"
#include "mail/gmime_support.h"

namespace tribune::mail {
namespace {

using detail::ensure_gmime;
using detail::FormatOptionsPtr;
using detail::GObjectPtr;
using detail::take_string;

// RFC 5322 2.1.1: a line is at most 998 bytes before its CRLF.
constexpr std::size_t kMaxLineLength = 998;

// The headers format_message writes itself; an extra header by one of these names would
// duplicate (or contradict) them.
constexpr std::array<std::string_view, 9> kOwnHeaders = {
    "from",         "to",           "reply-to",
    "subject",      "date",         "message-id",
    "mime-version", "content-type", "content-transfer-encoding",
};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return g_ascii_tolower(x) == g_ascii_tolower(y);
         });
}

// CR, LF or NUL in a header value would end the header (or the string) early: header
// injection. Everything else GMime encodes as needed.
Status check_header_text(std::string_view value, const std::string& field) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    return make_error(Errc::invalid_input, "a header value may not contain a line break", field);
  if (!g_utf8_validate(value.data(), static_cast<gssize>(value.size()), nullptr))
    return make_error(Errc::invalid_input, "the text is not valid UTF-8", field);
  return Ok{};
}

// The address rule every part of Tribune shares (content/email_address.h): plain dot-atoms,
// printable ASCII, nothing that would need quoting or could end an address in a header.
Status check_address(std::string_view address, const std::string& field) {
  if (!is_email_address(address))
    return make_error(Errc::invalid_input, "malformed email address", field);
  return Ok{};
}

Status check_mailbox(const Mailbox& mailbox, const std::string& field) {
  TRIBUNE_TRY(check_address(mailbox.address, field));
  return check_header_text(mailbox.name, field);
}

// A header name is printable ASCII without a colon (RFC 5322 2.2); the value is ASCII text
// on one line whose words fit on a line of their own once folded.
Status check_extra_header(const std::string& name, const std::string& value) {
  const std::string& field = name;
  if (name.empty() || !std::all_of(name.begin(), name.end(),
                                   [](char c) { return c > 0x20 && c < 0x7f && c != ':'; }))
    return make_error(Errc::invalid_input, "malformed header name",
                      field.empty() ? "headers" : field);
  for (std::string_view own : kOwnHeaders)
    if (equals_ignoring_case(name, own))
      return make_error(Errc::invalid_input, "this header is written by format_message", field);
  TRIBUNE_TRY(check_header_text(value, field));
  if (!std::all_of(value.begin(), value.end(),
                   [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return make_error(Errc::invalid_input, "an extra header's value must be ASCII", field);
  std::size_t word = 0, longest = 0;
  for (char c : value) {
    word = c == ' ' ? 0 : word + 1;
    longest = std::max(longest, word);
  }
  if (name.size() + 2 + longest > kMaxLineLength)
    return make_error(Errc::invalid_input, "a header value has a word too long for one line",
                      field);
  return Ok{};
}

// `value` folded at its spaces so that lines stay within 78 bytes where the words allow (RFC
// 5322 2.1.1), as a GMime raw value: a leading space and a trailing newline.
std::string fold_header_value(std::string_view name, std::string_view value) {
  constexpr std::size_t kFoldAt = 78;
  std::string raw;
  std::size_t line_length = name.size() + 1;  // "Name:"
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view word = value.substr(start, end - start);
    if (!word.empty()) {
      if (line_length > name.size() + 1 && line_length + 1 + word.size() > kFoldAt) {
        raw += "\n";
        line_length = 0;
      }
      raw += ' ';
      raw += word;
      line_length += 1 + word.size();
    }
    start = end + 1;
  }
  return raw + "\n";
}

// Body text with every line end as LF (GMime writes them as CRLF): a lone CR would otherwise
// reach the wire as a bare CR, which RFC 5322 forbids.
std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A text/SUBTYPE part holding `text` as UTF-8: 7bit when GMime finds it plain ASCII with
// short lines, quoted-printable otherwise. GMime would pick base64 for text that is mostly
// non-ASCII (a short HTML part with an emoji, say); quoted-printable keeps any text readable
// in the raw message and is what mail clients and filters expect of text parts.
GObjectPtr<GMimeObject> make_text_part(const char* subtype, std::string_view text) {
  const std::string body = normalize_newlines(text);
  GObjectPtr<GMimeTextPart> part(g_mime_text_part_new_with_subtype(subtype));
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(body.data(), body.size()));
  GObjectPtr<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(GMIME_PART(part.get()), content.get());
  // Not g_mime_text_part_set_text: it would pick ISO-8859-1 for text that fits in it.
  g_mime_text_part_set_charset(part.get(), "utf-8");
  const GMimeContentEncoding best =
      g_mime_part_get_best_content_encoding(GMIME_PART(part.get()), GMIME_ENCODING_CONSTRAINT_7BIT);
  g_mime_part_set_content_encoding(GMIME_PART(part.get()),
                                   best <= GMIME_CONTENT_ENCODING_7BIT  // DEFAULT: no need
                                       ? GMIME_CONTENT_ENCODING_7BIT
                                       : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GObjectPtr<GMimeObject>(GMIME_OBJECT(part.release()));
}

void add_mailbox(InternetAddressList* list, const Mailbox& mailbox) {
  GObjectPtr<InternetAddress> address(
      internet_address_mailbox_new(mailbox.name.c_str(), mailbox.address.c_str()));
  internet_address_set_charset(address.get(), "utf-8");
  internet_address_list_add(list, address.get());
}

Status validate(const MailMessage& message) {
  TRIBUNE_TRY(check_mailbox(message.from, "from"));
  TRIBUNE_TRY(check_mailbox(message.to, "to"));
  if (!message.reply_to.address.empty()) TRIBUNE_TRY(check_mailbox(message.reply_to, "reply_to"));
  TRIBUNE_TRY(check_header_text(message.subject, "subject"));
  if (!message.message_id.empty()) TRIBUNE_TRY(check_address(message.message_id, "message_id"));
  for (const auto& [name, value] : message.headers) TRIBUNE_TRY(check_extra_header(name, value));
  for (auto [text, field] : {std::pair{&message.text, "text"}, std::pair{&message.html, "html"}})
    if (!g_utf8_validate(text->data(), static_cast<gssize>(text->size()), nullptr))
      return make_error(Errc::invalid_input, "the text is not valid UTF-8", field);
  return Ok{};
}

}  // namespace

Result<std::string> format_message(const MailMessage& message) {
  TRIBUNE_TRY(validate(message));
  ensure_gmime();

  GObjectPtr<GMimeMessage> mime(g_mime_message_new(TRUE));
  add_mailbox(g_mime_message_get_from(mime.get()), message.from);
  if (!message.reply_to.address.empty())
    add_mailbox(g_mime_message_get_reply_to(mime.get()), message.reply_to);
  add_mailbox(g_mime_message_get_to(mime.get()), message.to);
  g_mime_message_set_subject(mime.get(), message.subject.c_str(), "utf-8");

  GDateTime* date = g_date_time_new_from_unix_utc(message.date != 0 ? message.date : now_seconds());
  g_mime_message_set_date(mime.get(), date);
  g_date_time_unref(date);

  if (!message.message_id.empty()) {
    g_mime_message_set_message_id(mime.get(), message.message_id.c_str());
  } else {
    const std::string domain = message.from.address.substr(message.from.address.find('@') + 1);
    g_mime_message_set_message_id(
        mime.get(), take_string(g_mime_utils_generate_message_id(domain.c_str())).c_str());
  }
  GMimeHeaderList* header_list = g_mime_object_get_header_list(GMIME_OBJECT(mime.get()));
  for (const auto& [name, value] : message.headers) {
    g_mime_header_list_append(header_list, name.c_str(), value.c_str(), nullptr);
    // GMime's default formatter would RFC 2047-encode a long word, which is not allowed in
    // structured headers such as List-Unsubscribe (RFC 2369): fold it ourselves instead.
    GMimeHeader* header = g_mime_header_list_get_header_at(
        header_list, g_mime_header_list_get_count(header_list) - 1);
    g_mime_header_set_raw_value(header, fold_header_value(name, value).c_str());
  }

  GObjectPtr<GMimeObject> text = make_text_part("plain", message.text);
  if (message.html.empty()) {
    g_mime_message_set_mime_part(mime.get(), text.get());
  } else {
    GObjectPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    GObjectPtr<GMimeObject> html = make_text_part("html", message.html);
    g_mime_multipart_add(alternative.get(), text.get());
    g_mime_multipart_add(alternative.get(), html.get());
    g_mime_message_set_mime_part(mime.get(), GMIME_OBJECT(alternative.get()));
  }

  FormatOptionsPtr options(g_mime_format_options_new());
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  std::string bytes = take_string(g_mime_object_to_string(GMIME_OBJECT(mime.get()), options.get()));
  // A text-only message whose text lacks a final newline would end mid-line.
  if (!bytes.ends_with("\r\n")) bytes += "\r\n";

  // The checks above keep every line short; this one guards the contract itself, in case a
  // GMime version folds differently.
  std::size_t line_start = 0;
  for (std::size_t end = bytes.find("\r\n"); end != std::string::npos;
       line_start = end + 2, end = bytes.find("\r\n", line_start)) {
    if (end - line_start > kMaxLineLength)
      return make_error(Errc::invalid_input, "the message would have a line over 998 bytes");
  }
  return bytes;
}

}  // namespace tribune::mail
