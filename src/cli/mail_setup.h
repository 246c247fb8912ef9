// What `serve` and `mail test` both need to send mail: the site (to compose messages), the
// SMTP settings, the DKIM signer and the sender's options, read from a data folder.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/data_folder.h"
#include "mail/dkim.h"
#include "mail/smtp_transport.h"
#include "mailing/mailer.h"
#include "site/site.h"

namespace tribune::cli {

// The site of `folder` with its theme and catalogs; `fallback_url` is its address when
// site.url is empty.
Result<std::unique_ptr<Site>> open_site(DataFolder& folder, const std::string& fallback_url);

// The SMTP server of the configuration; nullopt when smtp.host is empty.
std::optional<mail::SmtpSettings> smtp_settings(const Config& config);

// The DKIM signer when dkim.domain is set (nullptr otherwise); an Error naming the key file
// when it cannot be used.
Result<std::unique_ptr<mail::DkimSigner>> dkim_signer(const Config& config);

MailerOptions mailer_options(const Config& config);

// Keeps a running server's sender in step with tribune.toml: when the file (or the DKIM key)
// changes, the SMTP and DKIM settings are read again and the sender uses them from its next
// message, so that fixing a password or moving to another relay needs no restart. Turning
// mail on or off (smtp.host set or emptied) does: the site's forms depend on it.
class MailSettingsReloader {
 public:
  // `started_with`: the configuration the sender was made from.
  MailSettingsReloader(const Config& started_with, Mailer& mailer);

  // Reads the settings again when their files changed since the last call, and hands them to
  // the sender when they differ. Says on stderr, in one line, what it did: the settings it
  // applied, or why it kept the ones in use (a malformed file, an unusable key, mail turned
  // on or off).
  void check();

 private:
  // The size, inode and modification time of tribune.toml and of the DKIM key.
  std::string files_stamp() const;
  // The reread settings of `config` and its DKIM key file's stamp: what a change is judged on.
  static std::string settings_stamp(const Config& config);

  Mailer& mailer_;
  std::filesystem::path config_path_;
  std::filesystem::path key_path_;  // dkim.key, as the last read resolved it
  bool smtp_on_;                    // smtp.host was set at start
  std::string files_seen_;          // files_stamp() at the last check
  std::string in_use_;              // settings_stamp() of the settings the sender uses
};

}  // namespace tribune::cli
