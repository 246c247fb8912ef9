// Slugs: the ASCII, lower-case, hyphenated names used in URLs, derived from titles and names
// in any script ("Sécurité" → "securite").
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// Transliterates `text` to ASCII (ICU Any-Latin; Latin-ASCII), lower-cases it, and joins
// its runs of letters and digits with single hyphens; at most kMaxSlugLength bytes, cut at a
// hyphen. Returns "" when nothing of `text` survives (the caller then chooses a fallback).
std::string slugify(std::string_view text);

// Long enough for any headline's meaning, short enough for a URL shared in a message.
inline constexpr std::size_t kMaxSlugLength = 96;

// True when `slug` could have come from slugify: non-empty, [a-z0-9-], no leading, trailing
// or doubled hyphen.
bool is_valid_slug(std::string_view slug);

}  // namespace tribune
