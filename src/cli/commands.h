// The tribune subcommands, each registered on the command line by one function. Every
// subcommand takes --data DIR (default: $TRIBUNE_DATA, else the current folder), prints
// errors as one line on stderr and exits non-zero on failure.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/report.h"

namespace tribune::cli {

// Each adds its subcommand(s) to `app`; running one sets the process exit code in `status`.
void add_init_command(CLI::App& app, int& status);
void add_serve_commands(CLI::App& app, int& status);  // serve, demo
void add_import_command(CLI::App& app, int& status);
void add_export_command(CLI::App& app, int& status);  // export wxr, export markdown
void add_config_command(CLI::App& app, int& status);
void add_user_command(CLI::App& app, int& status);
void add_article_command(CLI::App& app, int& status);
void add_comments_command(CLI::App& app, int& status);
void add_mail_command(CLI::App& app, int& status);
void add_subscribers_command(CLI::App& app, int& status);
void add_search_command(CLI::App& app, int& status);
void add_backup_commands(CLI::App& app, int& status);  // backup, restore
void add_media_command(CLI::App& app, int& status);
void add_migrate_command(CLI::App& app, int& status);

}  // namespace tribune::cli
