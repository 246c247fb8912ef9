// Word-level differences between two texts (an article's revisions): what stayed, what was
// removed and what was added, word by word, for an editor comparing two versions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tribune {

// One token of a text: a word (letters, digits and combining marks, with the apostrophes,
// hyphens and digit separators inside it: "aujourd'hui", "peut-être", "3,5") or a single
// punctuation sign, each with the whitespace that follows it (no-break spaces included, so
// that French "mot :" splits as "mot\u00a0" and ":"). Whitespace at the start of the text is
// a token of its own. Concatenated, the tokens give the text back byte for byte.
struct WordToken {
  std::string_view text;  // the token with its whitespace
  std::string_view core;  // the word or sign alone: what two tokens are compared by
};

// Splits `text` (UTF-8; an invalid byte is taken as a sign of its own) into tokens. The
// views point into `text`.
std::vector<WordToken> split_words(std::string_view text);

// What a piece of the comparison is.
enum class DiffKind { same, added, removed };

struct DiffSegment {
  DiffKind kind = DiffKind::same;
  std::string text;
};

// The differences from `before` to `after`: segments that, taking `same` and `removed` ones,
// give `before` back, and taking `same` and `added` ones, give `after` back, except for
// whitespace: words are compared without the whitespace after them (a reflowed paragraph
// is not a change) and a `same` segment carries `after`'s whitespace. Neighbouring tokens of
// one kind form one segment; where both a removal and an addition replace a passage, the
// removal comes first. Identical texts give one `same` segment, two empty texts none. A
// moved sentence shows as removed where it was and added where it went.
std::vector<DiffSegment> diff_words(std::string_view before, std::string_view after);

}  // namespace tribune
