// The tribune executable: one binary, subcommands for everything a newsroom's server needs.
#include <sodium.h>

#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/report.h"
#include "core/result.h"

namespace tribune::cli {

namespace {

// The first word of `args` that names no subcommand where one is required ("tribune backup",
// "tribune import markdwon"), as an Error listing the commands there; nullopt otherwise.
// CLI11 would say only "A subcommand is required", as if none had been typed.
std::optional<Error> unknown_command(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  std::string typed = "tribune";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("-")) {
      // An option's value is no command: skip it ("--data DIR").
      const CLI::Option* option = current->get_option_no_throw(arg.substr(0, arg.find('=')));
      if (option != nullptr && option->get_expected_min() > 0 && arg.find('=') == std::string::npos)
        ++i;
      continue;
    }
    auto named =
        current->get_subcommands([&](const CLI::App* sub) { return sub->check_name(arg); });
    if (!named.empty()) {
      current = named.front();
      typed += " " + arg;
      continue;
    }
    if (current->get_require_subcommand_min() == 0) return std::nullopt;  // a positional value
    std::string commands;
    for (const CLI::App* sub : current->get_subcommands([](const CLI::App*) { return true; }))
      commands += (commands.empty() ? "" : ", ") + sub->get_name();
    return make_error(Errc::invalid_input, "unknown command '" + arg + "'; the commands of '" +
                                               typed + "' are: " + commands + " (see '" + typed +
                                               " --help')");
  }
  return std::nullopt;
}

}  // namespace
}  // namespace tribune::cli

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "tribune: libsodium failed to start\n";
    return 1;
  }
  CLI::App app{"Tribune: a fast, multilingual news site in one program and one data folder."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tribune 0.1.0");
  int status = 0;
  tribune::cli::add_init_command(app, status);
  tribune::cli::add_serve_commands(app, status);
  tribune::cli::add_import_command(app, status);
  tribune::cli::add_export_command(app, status);
  tribune::cli::add_config_command(app, status);
  tribune::cli::add_user_command(app, status);
  tribune::cli::add_media_command(app, status);
  tribune::cli::add_article_command(app, status);
  tribune::cli::add_comments_command(app, status);
  tribune::cli::add_mail_command(app, status);
  tribune::cli::add_subscribers_command(app, status);
  tribune::cli::add_search_command(app, status);
  tribune::cli::add_backup_commands(app, status);
  tribune::cli::add_migrate_command(app, status);
  if (auto unknown = tribune::cli::unknown_command(app, argc, argv))
    return tribune::cli::report(*unknown);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  return status;
}
