// What `serve` and `mail test` both need to send mail: the site (to compose messages), the
// SMTP settings, the DKIM signer and the sender's options, read from a data folder.
#pragma once

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

}  // namespace tribune::cli
