// The email address rule.
#include "content/email_address.h"

#include <algorithm>

namespace tribune {
namespace {

constexpr std::size_t kMaxAddress = 254;  // RFC 5321 4.5.3.1.3, less the path's brackets
constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxLabel = 63;

bool is_ascii_alphanumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext: what a dot-atom's atoms are made of.
bool is_atext(char c) {
  return is_ascii_alphanumeric(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_dot_atom(std::string_view text) {
  return !text.empty() && text.front() != '.' && text.back() != '.' &&
         text.find("..") == std::string_view::npos &&
         std::all_of(text.begin(), text.end(), [](char c) { return c == '.' || is_atext(c); });
}

bool is_domain(std::string_view domain) {
  int labels = 0;
  while (true) {
    std::size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-' ||
        !std::all_of(label.begin(), label.end(),
                     [](char c) { return is_ascii_alphanumeric(c) || c == '-'; })) {
      return false;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

}  // namespace

bool is_email_address(std::string_view text) {
  std::size_t at = text.find('@');
  if (at == std::string_view::npos || text.size() > kMaxAddress || at > kMaxLocalPart) return false;
  return is_dot_atom(text.substr(0, at)) && is_domain(text.substr(at + 1));
}

}  // namespace tribune
