// The audit log: who created, published, edited, unpublished, deleted or restored what, and
// when, and who signed in. Part of Store (store/store.h). Editorial changes write their entry
// in their own transaction (EditorialStore); other events are added here.
#pragma once

#include <string>
#include <vector>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

// Who does something, for the revisions and the audit log; user 0 is the command line.
struct Actor {
  Id user_id = 0;
  std::string name;  // the account's name, or "command line"
};

struct AuditEntry {
  Id id = 0;
  UnixSeconds at = 0;
  Id user_id = 0;
  std::string user_name;
  std::string action;   // "create", "edit", "publish", "unpublish", "trash", "restore", …
  Id article_id = 0;    // the article acted upon, or 0
  std::string subject;  // what was acted upon, as the log shows it (an article's title…)
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Records one entry (its id is ignored).
  virtual Status add_audit_entry(const AuditEntry& entry) = 0;
  // The newest entries first, `limit` of them from `offset`.
  virtual Result<std::vector<AuditEntry>> audit_log(int offset, int limit) = 0;
};

}  // namespace tribune
