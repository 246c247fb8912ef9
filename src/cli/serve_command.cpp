// tribune serve and tribune demo: run the public site over HTTP.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "admin/admin.h"
#include "admin/sessions.h"
#include "audience/crawler_detector.h"
#include "audience/view_counter.h"
#include "cli/commands.h"
#include "cli/data_folder.h"
#include "cli/mail_setup.h"
#include "core/fs.h"
#include "core/settings_schema.h"
#include "http/client_address.h"
#include "http/server.h"
#include "mail/file_transport.h"
#include "site/demo.h"
#include "site/site_settings.h"
#include "workers/content_watcher.h"
#include "workers/housekeeping.h"
#include "workers/periodic_thread.h"
#include "workers/view_flusher.h"

namespace tribune::cli {
namespace {

// Warns on stderr, one line per file, about each of the site's secrets that users other than
// its owner may read: the DKIM key (anyone holding it can sign mail as the site), the
// database (the key that signs form tokens and subscriber links, every subscriber's address)
// and tribune.toml when it holds the SMTP password. Files made by Tribune are 0600; these
// lines are for keys an operator made, and for sites created before that.
void warn_about_shared_secrets(const Config& config) {
  std::vector<std::pair<std::string, std::filesystem::path>> secrets = {
      {"DKIM key", config.resolve("dkim.key")}, {"database", config.resolve("database.path")}};
  if (!config.get("smtp.password").empty())
    secrets.emplace_back("SMTP password", config.file_path());
  for (const auto& [what, path] : secrets) {
    if (!fs::readable_by_others(path)) continue;
    std::error_code ignored;
    auto mode = static_cast<unsigned>(std::filesystem::status(path, ignored).permissions());
    std::cerr << fmt::format(
        "tribune: warning: {} ({}) can be read by users other than its owner (mode {:04o}): "
        "chmod 600 {}\n",
        path.string(), what, mode & 07777, path.string());
  }
}

// The sender for `site`: through smtp.host when set; for the demo without one, into the
// outbox folder that /outbox/ shows; none otherwise (the subscription forms stay hidden).
Result<std::unique_ptr<Mailer>> start_mailer(DataFolder& folder, Site& site, bool demo) {
  std::unique_ptr<mail::MailTransport> transport;
  if (auto smtp = smtp_settings(folder.config)) {
    transport = std::make_unique<mail::SmtpTransport>(*smtp);
    site.enable_mail(std::nullopt);
  } else if (demo) {
    std::filesystem::path outbox = folder.config.data_dir() / "outbox";
    transport = std::make_unique<mail::FileTransport>(outbox);
    site.enable_mail(outbox);
  } else {
    return std::unique_ptr<Mailer>();
  }
  auto signer = dkim_signer(folder.config);
  if (!signer) return signer.error();
  auto mailer =
      std::make_unique<Mailer>(*folder.store, site, std::move(transport), std::move(*signer),
                               mailer_options(folder.config), now_seconds);
  mailer->start();
  return mailer;
}

// Serves `folder` on `listen` (HOST:PORT; empty: server.listen) until SIGTERM.
// The demo's administrator (made on first use) and a one-time link that signs them in, so that
// whoever runs `make demo` reaches the admin without creating an account first.
Result<std::string> demo_login_link(Store& store, const std::string& address) {
  constexpr std::string_view kDemoEmail = "redaction@demo.invalid";
  auto user = store.user_by_email(kDemoEmail);
  if (!user && user.error().code == Errc::not_found) {
    user = store.add_user({std::string(kDemoEmail), "Rédaction", Role::administrator, ""},
                          now_seconds());
  }
  if (!user) return user.error();
  auto token = admin::Sessions(store).issue_token(user->id, LoginTokenPurpose::login,
                                                  admin::kLoginLinkLifetime, now_seconds());
  if (!token) return token.error();
  return address + "/admin/login/" + *token + "/";
}

Status serve_folder(DataFolder& folder, std::string listen, int threads, bool demo) {
  if (listen.empty()) listen = folder.config.get("server.listen");
  TRIBUNE_TRY(validate_setting(*find_setting("server.listen"), listen));
  std::size_t colon = listen.rfind(':');
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));

  warn_about_shared_secrets(folder.config);
  auto site = open_site(folder, "http://" + listen);
  if (!site) return site.error();
  auto mailer = start_mailer(folder, **site, demo);
  if (!mailer) return mailer.error();
  auto access_log =
      http::AccessLog::open(folder.config.get("server.access_log"), folder.config.data_dir());
  if (!access_log) return access_log.error();

  auto counting = read_site_setting(*folder.store, "views.counting");
  if (!counting) return counting.error();
  auto crawlers = CrawlerDetector::builtin();
  if (!crawlers) return crawlers.error();
  // The day's key is shared through the database, so that a reader counts once whichever of
  // the site's servers answers.
  Store& store = *folder.store;
  ViewCounter views(**crawlers, now_seconds,
                    [&store](std::int64_t day, std::string_view candidate) {
                      return store.daily_view_key(day, candidate);
                    });
  http::Metrics metrics;
  if (Mailer* sender = mailer->get())
    metrics.add_source([sender] { return sender->metrics_text(); });
  const std::size_t cache_bytes = std::stoul(folder.config.get("server.cache_mb")) << 20;
  http::Handler handler(**site, now_seconds, *counting == "on" ? &views : nullptr, &metrics,
                        cache_bytes);
  metrics.add_source([&handler] { return http::cache_metrics_text(handler.cache()); });
  auto admin =
      admin::Admin::create(*folder.store, **site, now_seconds, [&handler] { handler.reload(); });
  if (!admin) return admin.error();
  if (Mailer* sender = mailer->get()) {
    (*admin)->enable_mail(
        [sender](const mail::MailMessage& message) { return sender->send_now(message); });
  }
  (*admin)->set_data_folder(folder.config.data_dir());
  (*admin)->set_media_folder(media_folder(folder));
  // A moderation drops the article's pages at once; the watcher's reload (the store's content
  // version moved) brings the lists' comment counts along, off the request.
  (*admin)->set_article_pages_changed([&handler](Id article_id) {
    handler.content_changed(ContentChange{.articles = {article_id}});
  });
  (*admin)->add_routes(handler);

  // Background work, each on a thread of its own (never on the event loops): counted views
  // reach the database once a second; another process (an import, `config set`, another
  // server) may change content, and a scheduled article goes live at its time: either is
  // noticed within half a second, and only the pages it touches leave the cache. On
  // PostgreSQL every process announces its changes (LISTEN/NOTIFY): the watcher waits for
  // them and reads one as soon as it is committed.
  ViewFlusher flusher(
      *folder.store, **site, views, now_seconds,
      {.flushed = [&handler](const std::vector<ViewIncrement>& changed,
                             bool ranking) { handler.views_changed(changed, ranking); },
       .timed = [&metrics](auto took) { metrics.record_flush(took); }});
  ContentWatcher watcher(
      *folder.store, now_seconds, [&handler] { handler.reload(); }, (*site)->files().folders());
  watcher.set_site_version([&site] { return (*site)->loaded_content_version(); });
  TRIBUNE_TRY(watcher.start());

  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.trusted_proxies =
      http::parse_trusted_proxies(folder.config.get("server.trusted_proxies"));
  options.threads = threads > 0 ? threads : std::stoi(folder.config.get("server.threads"));
  options.max_connections =
      static_cast<std::size_t>(std::stoul(folder.config.get("server.max_connections")));
  options.metrics = &metrics;
  PeriodicThread flushing(std::chrono::seconds(1), [&flusher] { flusher.flush(); });
  const bool announced = folder.store->announces_content_changes();
  PeriodicThread watching(std::chrono::milliseconds(announced ? 1 : 500), [&] {
    if (announced) folder.store->wait_for_content_change(std::chrono::milliseconds(500));
    watcher.check();
  });
  // An edit of the SMTP or DKIM settings reaches the sender within a second.
  std::unique_ptr<MailSettingsReloader> mail_settings;
  std::unique_ptr<PeriodicThread> rereading_mail_settings;
  if (Mailer* sender = mailer->get()) {
    mail_settings = std::make_unique<MailSettingsReloader>(folder.config, *sender);
    rereading_mail_settings = std::make_unique<PeriodicThread>(
        std::chrono::seconds(1), [&mail_settings] { mail_settings->check(); });
  }
  Housekeeping housekeeping(*folder.store, now_seconds, [&handler] { handler.reload(); });
  PeriodicThread housekeeping_rounds(std::chrono::hours(1), [&housekeeping] {
    Status done = housekeeping.run_once();
    if (!done) std::cerr << "tribune: housekeeping: " << done.error().to_string() << std::endl;
  });
  // Said once the port is bound (and with the port the system chose, for port 0).
  options.on_listening = [&](unsigned short bound) {
    std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::string address = "http://" + shown + ":" + std::to_string(bound);
    if (port == 0) {
      // Links and canonical addresses (when site.url is empty) name the port the system chose.
      (*site)->set_fallback_url(address);
      handler.reload();
    }
    std::cout << "Tribune is serving " << folder.config.data_dir().string() << " on " << address
              << "/" << std::endl;
    if (demo) {
      auto link = demo_login_link(*folder.store, address);
      if (link) {
        std::cout << "The admin: " << *link << " (signs you in once, as the demo's editor)"
                  << std::endl;
      } else {
        std::cerr << "tribune: the demo's login link: " << link.error().to_string() << std::endl;
      }
    }
  };
  Status served = http::serve(options, handler, **access_log);
  housekeeping_rounds.stop();
  watching.stop();
  flushing.stop();
  if (rereading_mail_settings) rereading_mail_settings->stop();
  flusher.flush();                 // the views of the last second, before a clean exit
  if (*mailer) (*mailer)->stop();  // after the message being sent is recorded
  return served;
}

}  // namespace

void add_serve_commands(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string listen;
    int threads = 0;
  };
  auto serve_options = std::make_shared<Options>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the site over HTTP");
  serve->add_option("--data", serve_options->data, "data folder (default: $TRIBUNE_DATA or .)");
  serve->add_option("--listen", serve_options->listen, "HOST:PORT (default: server.listen)");
  serve->add_option("--threads", serve_options->threads, "worker threads (default: one per core)");
  serve->callback([serve_options, &status] {
    with_data_folder(serve_options->data, status, [&](DataFolder& folder) {
      Status served = serve_folder(folder, serve_options->listen, serve_options->threads, false);
      if (!served) status = report(served.error());
    });
  });

  auto demo_options = std::make_shared<Options>();
  demo_options->data = "demo-data";
  demo_options->listen = "127.0.0.1:8080";
  CLI::App* demo = app.add_subcommand(
      "demo", "Create a demo site with original articles (first run) and serve it");
  demo->add_option("--data", demo_options->data, "data folder for the demo")->capture_default_str();
  demo->add_option("--listen", demo_options->listen, "HOST:PORT")->capture_default_str();
  demo->callback([demo_options, &status] {
    bool fresh = !is_data_folder(demo_options->data);
    auto folder =
        fresh ? create_data_folder(demo_options->data) : open_data_folder(demo_options->data);
    if (!folder) {
      status = report(folder.error());
      return;
    }
    if (fresh) {
      Status installed = install_demo_content(*folder->store, media_folder(*folder));
      if (!installed) {
        status = report(installed.error());
        return;
      }
    }
    Status served = serve_folder(*folder, demo_options->listen, 0, true);
    if (!served) status = report(served.error());
  });
}

}  // namespace tribune::cli
