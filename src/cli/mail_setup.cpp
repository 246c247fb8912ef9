// Reading the mail settings of a data folder.
#include "cli/mail_setup.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include "core/settings_schema.h"
#include "i18n/catalog.h"
#include "render/theme.h"

namespace tribune::cli {

Result<std::unique_ptr<Site>> open_site(DataFolder& folder, const std::string& fallback_url) {
  SiteFiles files{folder.config.resolve("theme.dir"), folder.config.data_dir() / "locales",
                  media_folder(folder)};
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

namespace {

// The size, inode and modification time of `path`, to notice that it changed; "-" when it
// cannot be read.
std::string file_stamp(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return "-";
  return fmt::format("{}:{}:{}.{}", status.st_ino, status.st_size, status.st_mtim.tv_sec,
                     status.st_mtim.tv_nsec);
}

}  // namespace

MailSettingsReloader::MailSettingsReloader(const Config& started_with, Mailer& mailer)
    : mailer_(mailer),
      config_path_(started_with.file_path()),
      key_path_(started_with.resolve("dkim.key")),
      smtp_on_(!started_with.get("smtp.host").empty()),
      files_seen_(files_stamp()),
      in_use_(settings_stamp(started_with)) {}

std::string MailSettingsReloader::files_stamp() const {
  return file_stamp(config_path_) + ";" + file_stamp(key_path_);
}

std::string MailSettingsReloader::settings_stamp(const Config& config) {
  std::string stamp;
  for (const SettingSpec& spec : all_settings()) {
    if (spec.reread) stamp += fmt::format("{}={}\n", spec.key, config.get(spec.key));
  }
  return stamp + file_stamp(config.resolve("dkim.key"));
}

void MailSettingsReloader::check() {
  std::string files = files_stamp();
  if (files == files_seen_) return;
  files_seen_ = files;  // whatever comes of it, said once per change
  auto config = Config::load(config_path_.parent_path());
  if (!config) {
    fmt::print(stderr, "tribune: mail: the settings in use are kept: {}\n",
               config.error().to_string());
    return;
  }
  key_path_ = config->resolve("dkim.key");
  files_seen_ = files_stamp();
  std::string settings = settings_stamp(*config);
  if (settings == in_use_) return;  // another setting changed
  auto smtp = smtp_settings(*config);
  if (smtp.has_value() != smtp_on_) {
    fmt::print(stderr,
               "tribune: mail: smtp.host was {}: restart the server (systemctl restart tribune) "
               "to turn mail {}; the settings in use are kept\n",
               smtp_on_ ? "emptied" : "set", smtp_on_ ? "off" : "on");
    return;
  }
  auto signer = dkim_signer(*config);
  if (!signer) {
    fmt::print(stderr, "tribune: mail: the settings in use are kept: {}\n",
               signer.error().to_string());
    return;
  }
  std::unique_ptr<mail::MailTransport> transport;
  if (smtp) transport = std::make_unique<mail::SmtpTransport>(*smtp);
  mailer_.reconfigure(std::move(transport), std::move(*signer), mailer_options(*config));
  in_use_ = std::move(settings);
  fmt::print(stderr, "tribune: mail: settings read again from {}: {}\n", config_path_.string(),
             smtp ? fmt::format("SMTP {}:{} ({})", smtp->host, smtp->port, smtp->tls)
                  : std::string("no SMTP"));
}

}  // namespace tribune::cli
