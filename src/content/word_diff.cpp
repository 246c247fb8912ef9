// Tokens through ICU's character properties, the comparison through dtl (Wu, Manber and
// Myers' O(NP) algorithm) on token numbers rather than strings.
#include "content/word_diff.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <dtl/dtl.hpp>
#include <unordered_map>

namespace tribune {
namespace {

enum class CharClass { word, space, joiner, sign };

CharClass classify(UChar32 c) {
  if (c < 0) return CharClass::sign;                // an invalid byte
  if (u_isUWhiteSpace(c)) return CharClass::space;  // U+00A0 and U+202F among them
  // Inside a word only: the apostrophes of "l'article" and "don't", the hyphens of
  // "peut-être", the separators of "3,5" and "1.000".
  if (c == '\'' || c == 0x2019 || c == '-' || c == 0x2011 || c == '.' || c == ',') {
    return CharClass::joiner;
  }
  int8_t type = u_charType(c);
  if (u_isalnum(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
      type == U_ENCLOSING_MARK) {
    return CharClass::word;
  }
  return CharClass::sign;
}

// The code point at `offset` and where the next one starts; -1 for an invalid byte.
struct Decoded {
  UChar32 code_point;
  std::size_t next;
};

Decoded decode(std::string_view text, std::size_t offset) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto length = static_cast<int32_t>(text.size());
  auto index = static_cast<int32_t>(offset);
  UChar32 c = 0;
  U8_NEXT(bytes, index, length, c);
  return {c, static_cast<std::size_t>(index)};
}

// Whether a joiner at `offset` (of class joiner) sits inside a word: a word character follows
// it. A '.' or ',' joins digits only, so that a sentence's full stop stays a sign.
bool joins(std::string_view text, std::size_t offset, UChar32 joiner, UChar32 previous) {
  if (offset >= text.size()) return false;
  Decoded after = decode(text, offset);
  if (classify(after.code_point) != CharClass::word) return false;
  if (joiner == '.' || joiner == ',') return u_isdigit(previous) && u_isdigit(after.code_point);
  return true;
}

}  // namespace

std::vector<WordToken> split_words(std::string_view text) {
  std::vector<WordToken> tokens;
  std::size_t offset = 0;
  auto skip_space = [&] {
    while (offset < text.size()) {
      Decoded d = decode(text, offset);
      if (classify(d.code_point) != CharClass::space) break;
      offset = d.next;
    }
  };
  skip_space();
  if (offset > 0) tokens.push_back({text.substr(0, offset), text.substr(0, 0)});
  while (offset < text.size()) {
    std::size_t start = offset;
    Decoded first = decode(text, offset);
    offset = first.next;
    if (classify(first.code_point) == CharClass::word) {
      UChar32 previous = first.code_point;
      while (offset < text.size()) {
        Decoded d = decode(text, offset);
        CharClass kind = classify(d.code_point);
        if (kind == CharClass::word ||
            (kind == CharClass::joiner && joins(text, d.next, d.code_point, previous))) {
          previous = d.code_point;
          offset = d.next;
        } else {
          break;
        }
      }
    }
    std::size_t core_end = offset;
    skip_space();
    tokens.push_back({text.substr(start, offset - start), text.substr(start, core_end - start)});
  }
  return tokens;
}

std::vector<DiffSegment> diff_words(std::string_view before, std::string_view after) {
  std::vector<WordToken> old_tokens = split_words(before);
  std::vector<WordToken> new_tokens = split_words(after);

  // dtl compares numbers: one per distinct word, so that comparing two tokens costs no more
  // than comparing two integers however long the words.
  std::unordered_map<std::string_view, uint32_t> numbers;
  auto number = [&](const std::vector<WordToken>& tokens) {
    std::vector<uint32_t> out;
    out.reserve(tokens.size());
    for (const WordToken& token : tokens) {
      out.push_back(
          numbers.try_emplace(token.core, static_cast<uint32_t>(numbers.size())).first->second);
    }
    return out;
  };
  std::vector<uint32_t> a = number(old_tokens);
  std::vector<uint32_t> b = number(new_tokens);

  std::vector<DiffSegment> segments;
  auto emit = [&](DiffKind kind, std::string_view text) {
    if (text.empty()) return;
    if (segments.empty() || segments.back().kind != kind) segments.push_back({kind, {}});
    segments.back().text += text;
  };

  // A revision changes a few passages of a long text: the common start and end are taken out
  // before the O(NP) search, which then sees only the changed middle.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  for (std::size_t i = 0; i < prefix; ++i) emit(DiffKind::same, new_tokens[i].text);

  std::vector<uint32_t> middle_a(a.begin() + prefix, a.end() - suffix);
  std::vector<uint32_t> middle_b(b.begin() + prefix, b.end() - suffix);
  if (middle_a.empty() || middle_b.empty()) {
    for (std::size_t i = prefix; i < a.size() - suffix; ++i) {
      emit(DiffKind::removed, old_tokens[i].text);
    }
    for (std::size_t i = prefix; i < b.size() - suffix; ++i) {
      emit(DiffKind::added, new_tokens[i].text);
    }
  } else {
    dtl::Diff<uint32_t> diff(middle_a, middle_b, /*deletesFirst=*/true);
    diff.enableHuge();  // bounds the memory of the search on long, much-changed texts
    diff.compose();
    // Removals and additions that alternate inside one changed passage are gathered, all
    // the removed words then all the added ones, rather than interleaved word by word.
    std::string removed, added;
    auto flush = [&] {
      emit(DiffKind::removed, removed);
      emit(DiffKind::added, added);
      removed.clear();
      added.clear();
    };
    for (const auto& [element, info] : diff.getSes().getSequence()) {
      if (info.type == dtl::SES_DELETE) {
        removed += old_tokens[prefix + info.beforeIdx - 1].text;
      } else if (info.type == dtl::SES_ADD) {
        added += new_tokens[prefix + info.afterIdx - 1].text;
      } else {
        flush();
        emit(DiffKind::same, new_tokens[prefix + info.afterIdx - 1].text);
      }
    }
    flush();
  }
  for (std::size_t i = b.size() - suffix; i < b.size(); ++i) {
    emit(DiffKind::same, new_tokens[i].text);
  }
  return segments;
}

}  // namespace tribune
