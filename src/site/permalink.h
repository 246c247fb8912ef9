// Article URLs from the site's permalink pattern, WordPress style
// ("/%year%/%monthnum%/%day%/%postname%/"): building an article's path, and finding the slug
// in a requested path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

class Permalink {
 public:
  // Validates `pattern`: it starts with '/', each segment is literal text or exactly one
  // token (%year% %monthnum% %day% %postname% %category%), and %postname% appears once.
  static Result<Permalink> parse(std::string_view pattern);

  // The path of `article` (its sections must be filled for %category%), in the site's time
  // zone for dates (UTC here: dates in URLs don't move with the reader).
  std::string path_of(const Article& article) const;

  // The slug in `path` when `path` has the pattern's shape, else nullopt. The caller checks
  // that the article found has this very path (else redirects to it).
  std::optional<std::string> slug_in(std::string_view path) const;

 private:
  std::vector<std::string> segments_;  // "%year%", "actualites", "%postname%"...
  bool trailing_slash_ = true;
};

}  // namespace tribune
