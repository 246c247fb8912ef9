// The tribune executable: one binary, subcommands for everything a newsroom's server needs.
#include <sodium.h>

#include <iostream>

#include "cli/commands.h"
#include "core/result.h"

namespace tribune::cli {

int report(const Error& error) {
  std::cerr << "tribune: " << error.to_string() << "\n";
  return 1;
}

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
  tribune::cli::add_config_command(app, status);
  tribune::cli::add_user_command(app, status);
  tribune::cli::add_comments_command(app, status);
  tribune::cli::add_mail_command(app, status);
  tribune::cli::add_subscribers_command(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  return status;
}
