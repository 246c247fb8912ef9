// Cutting marked search text into parts.
#include "store/sql/marked_text.h"

#include <string>

namespace tribune::sql {

std::vector<SnippetPart> split_marked(std::string_view marked) {
  std::vector<SnippetPart> parts;
  bool matched = false;
  std::size_t from = 0;
  for (std::size_t at = 0; at <= marked.size(); ++at) {
    if (at < marked.size() && marked[at] != kMatchStart && marked[at] != kMatchEnd) continue;
    if (at > from) parts.push_back({std::string(marked.substr(from, at - from)), matched});
    if (at < marked.size()) matched = marked[at] == kMatchStart;
    from = at + 1;
  }
  return parts;
}

}  // namespace tribune::sql
