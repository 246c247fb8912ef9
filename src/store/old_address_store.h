// The addresses a site had before it came to Tribune (a WordPress permalink, "/?p=123", an
// attachment page), each leading to what it showed: readers and search engines following
// them get a 301 to its address here. Part of Store (store/store.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

// What an old address showed. Its target is found by id when a reader comes, so that an
// article renamed since the import is still reached.
enum class OldAddressKind { article, page, section, tag, author, home, feed, file };

// "article", "page", …: the stored names.
std::string_view old_address_kind_name(OldAddressKind kind);
std::optional<OldAddressKind> parse_old_address_kind(std::string_view name);

struct OldAddress {
  // The path and query as readers ask for it: "/2024/03/05/crue/", "/?p=123".
  std::string path;
  OldAddressKind kind = OldAddressKind::article;
  Id target_id = 0;        // the article, page, section, tag or author (kind home/feed/file: 0)
  std::string target_url;  // kind file: where the file is (an absolute URL or a local path)
};

class OldAddressStore {
 public:
  virtual ~OldAddressStore() = default;

  // The old address `path` (exactly as recorded), or nullopt. One primary-key lookup.
  virtual Result<std::optional<OldAddress>> old_address(std::string_view path) = 0;
};

}  // namespace tribune
