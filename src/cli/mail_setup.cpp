// Reading the mail settings of a data folder.
#include "cli/mail_setup.h"

#include "i18n/catalog.h"
#include "render/theme.h"

namespace tribune::cli {

Result<std::unique_ptr<Site>> open_site(DataFolder& folder, const std::string& fallback_url) {
  SiteFiles files{folder.config.resolve("theme.dir"), folder.config.data_dir() / "locales"};
  auto theme = Theme::load(files.theme_dir);
  if (!theme) return theme.error();
  auto catalogs = Catalogs::load(files.locales_dir);
  if (!catalogs) return catalogs.error();
  return Site::open(*folder.store, std::move(*theme), std::move(*catalogs), fallback_url,
                    std::move(files));
}

std::optional<mail::SmtpSettings> smtp_settings(const Config& config) {
  mail::SmtpSettings settings;
  settings.host = config.get("smtp.host");
  if (settings.host.empty()) return std::nullopt;
  settings.port = std::stoi(config.get("smtp.port"));  // validated when it was set
  settings.user = config.get("smtp.user");
  settings.password = config.get("smtp.password");
  settings.tls = config.get("smtp.tls");
  return settings;
}

Result<std::unique_ptr<mail::DkimSigner>> dkim_signer(const Config& config) {
  std::string domain = config.get("dkim.domain");
  if (domain.empty()) return std::unique_ptr<mail::DkimSigner>();
  return mail::DkimSigner::load(
      mail::DkimSettings{domain, config.get("dkim.selector"), config.resolve("dkim.key")});
}

MailerOptions mailer_options(const Config& config) {
  MailerOptions options;
  options.rate_limit = std::stoi(config.get("smtp.rate_limit"));
  options.retry_seconds = std::stoi(config.get("smtp.retry_seconds"));
  return options;
}

}  // namespace tribune::cli
