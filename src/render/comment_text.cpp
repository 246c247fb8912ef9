// Plain text to safe HTML for comments.
#include "render/comment_text.h"

#include "render/html.h"

namespace tribune {
namespace {

bool ends_url(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '<' || c == '>' || c == '"' || c == '\'';
}

// Escapes `line` and links the addresses in it.
void append_line(std::string& out, std::string_view line) {
  std::size_t position = 0;
  while (position < line.size()) {
    std::size_t http = line.find("http", position);
    while (http != std::string_view::npos && !line.substr(http).starts_with("http://") &&
           !line.substr(http).starts_with("https://")) {
      http = line.find("http", http + 4);
    }
    if (http == std::string_view::npos) break;
    std::size_t end = http;
    while (end < line.size() && !ends_url(line[end])) ++end;
    // Punctuation that ends a sentence is not part of the address.
    while (end > http &&
           std::string_view(".,;:!?)»").find(line[end - 1]) != std::string_view::npos) {
      --end;
    }
    std::string_view url = line.substr(http, end - http);
    out += escape_html(line.substr(position, http - position));
    if (is_web_address(url)) {
      std::string escaped = escape_html(url);
      out += "<a href=\"" + escaped + "\" rel=\"nofollow ugc noopener\">" + escaped + "</a>";
    } else {
      out += escape_html(url);
    }
    position = end;
  }
  out += escape_html(line.substr(position));
}

}  // namespace

std::string comment_text_html(std::string_view text) {
  std::string normalized;
  normalized.reserve(text.size());
  for (char c : text) {
    if (c != '\r') normalized += c;
  }
  std::string out;
  std::size_t position = 0;
  while (position < normalized.size()) {
    std::size_t end = normalized.find("\n\n", position);
    if (end == std::string::npos) end = normalized.size();
    std::string_view paragraph = std::string_view(normalized).substr(position, end - position);
    while (!paragraph.empty() && paragraph.front() == '\n') paragraph.remove_prefix(1);
    while (!paragraph.empty() && (paragraph.back() == '\n' || paragraph.back() == ' ')) {
      paragraph.remove_suffix(1);
    }
    if (!paragraph.empty()) {
      out += "<p>";
      std::size_t line_start = 0;
      while (true) {
        std::size_t line_end = paragraph.find('\n', line_start);
        append_line(out, paragraph.substr(line_start, line_end - line_start));
        if (line_end == std::string_view::npos) break;
        out += "<br>";
        line_start = line_end + 1;
      }
      out += "</p>\n";
    }
    position = end + 2;
  }
  return out;
}

std::optional<WebAddressFault> web_address_fault(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return WebAddressFault{WebAddressFault::Kind::scheme};
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == '.')
    return WebAddressFault{WebAddressFault::Kind::host};
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20) return WebAddressFault{WebAddressFault::Kind::space};
    if (c == '"' || c == '<' || c == '>' || c == '\\')
      return WebAddressFault{WebAddressFault::Kind::character, c};
  }
  return std::nullopt;
}

bool is_web_address(std::string_view url) { return !web_address_fault(url); }

}  // namespace tribune
