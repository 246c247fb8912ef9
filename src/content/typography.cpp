// French spacing rules, applied to text (never to code or URLs: the Markdown renderer calls
// this on text nodes only).
#include "content/typography.h"

namespace tribune {
namespace {

constexpr std::string_view kNoBreakSpace = "\u00A0";
constexpr std::string_view kNarrowNoBreakSpace = "\u202F";
constexpr std::string_view kOpeningGuillemet = "\u00AB";
constexpr std::string_view kClosingGuillemet = "\u00BB";

}  // namespace

std::string french_spacing(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' && i + 1 < text.size()) {
      std::string_view rest = text.substr(i + 1);
      char next = rest.front();
      if (next == ':') {
        out += kNoBreakSpace;
        continue;
      }
      if (next == ';' || next == '!' || next == '?') {
        out += kNarrowNoBreakSpace;
        continue;
      }
      if (rest.starts_with(kClosingGuillemet)) {
        out += kNoBreakSpace;
        continue;
      }
    }
    if (c == ' ' && std::string_view(out).ends_with(kOpeningGuillemet)) {
      out += kNoBreakSpace;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace tribune
