// The transport of a site without an SMTP server (the demo): each message is written to a
// folder instead of being sent, and the outbox viewer reads them back to show what went out.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "mail/transport.h"

namespace tribune::mail {

class FileTransport final : public MailTransport {
 public:
  // Creates `folder` when missing.
  explicit FileTransport(std::filesystem::path folder);

  // Writes the message to FOLDER/NNNNNN.eml, numbered 1 + the highest number there, written
  // whole under a temporary name then linked into place (never over an existing file);
  // delivered with detail "saved as NNNNNN.eml", or temporary_failure with the OS error
  // when it cannot write. The envelope is not recorded: the message's headers say it all.
  Delivery send(std::string_view sender, std::string_view recipient,
                std::string_view message) override;

 private:
  std::filesystem::path folder_;
};

// A message read back from the folder, parsed with GMime.
struct SavedMessage {
  std::string file;  // "000042.eml"
  std::string from;  // as displayed: "Name <address>", decoded
  std::string to;
  std::string subject;  // decoded from RFC 2047
  UnixSeconds date = 0;
  std::string text;  // the text/plain part, decoded
  std::string html;  // the text/html part, decoded; empty when there is none
};

// The messages in `folder`, newest (highest number) first; at most `limit` (none when it is
// 0 or less). A missing folder is an empty list, one that cannot be listed an io Error; a file
// GMime cannot parse is left out. Texts have LF line ends.
Result<std::vector<SavedMessage>> read_saved_messages(const std::filesystem::path& folder,
                                                      int limit);

// One message by file name; not_found for a name that is not exactly NNNNNN.eml (six digits:
// no path can be smuggled in) or not there, invalid_input when GMime cannot parse it.
Result<SavedMessage> read_saved_message(const std::filesystem::path& folder, std::string_view file);

}  // namespace tribune::mail
