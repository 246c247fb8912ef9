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

  // Writes the message to FOLDER/NNNNNN.eml (numbered in order, written whole then renamed
  // into place); delivered, or temporary_failure with the OS error when it cannot write.
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

// The messages in `folder`, newest (highest number) first; at most `limit`. A missing folder
// is an empty list; a file GMime cannot parse is left out.
Result<std::vector<SavedMessage>> read_saved_messages(const std::filesystem::path& folder,
                                                      int limit);

// One message by file name; not_found for a name that is not NNNNNN.eml or not there.
Result<SavedMessage> read_saved_message(const std::filesystem::path& folder, std::string_view file);

}  // namespace tribune::mail
