// The commands' summary wording.
#include "cli/summary.h"

namespace tribune::cli {

std::string count_of(std::size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

}  // namespace tribune::cli
