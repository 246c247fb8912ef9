// Wording the commands' summaries share: counts of things, in English, for an operator's
// terminal (readers never see it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tribune::cli {

// "3 articles", "1 article", "0 articles".
std::string count_of(std::size_t count, std::string_view noun);

}  // namespace tribune::cli
