// tribune user add|list: the authors who sign articles, and the accounts that sign in to the
// admin (each signing with the author of its name).
#include <sodium.h>

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "core/secret_token.h"
#include "core/time.h"
#include "site/site_settings.h"

namespace tribune::cli {
namespace {

// Shorter passwords fall to guessing even behind argon2id.
constexpr std::size_t kMinPasswordLength = 10;
// How long the link `user add` prints without --password-stdin stays valid.
constexpr UnixSeconds kLoginLinkSeconds = 24 * 60 * 60;
// The site's address when site.url is unset: where `tribune serve` listens by default.
constexpr const char* kDefaultSiteUrl = "http://127.0.0.1:8080";

// The password on standard input (its first line, without the line break).
Result<std::string> read_password() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < kMinPasswordLength) {
    return make_error(
        Errc::invalid_input,
        "a password needs at least " + std::to_string(kMinPasswordLength) + " characters",
        "password");
  }
  return password;
}

// argon2id, as libsodium's interactive limits make it (the admin checks it at each login).
Result<std::string> hash_password(const std::string& password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return make_error(Errc::io, "out of memory hashing the password");
  }
  return std::string(hash);
}

// The site's address, without a trailing slash.
Result<std::string> site_url(Store& store) {
  auto url = read_site_setting(store, "site.url");
  if (!url) return url.error();
  std::string base = url->empty() ? kDefaultSiteUrl : *url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

// Adds the account `options` describe; prints it and, without a password, its sign-in link.
Status add_account(Store& store, const std::string& name, const std::string& email,
                   const std::string& role_text, bool password_stdin) {
  auto role = role_from_name(role_text);
  if (!role) {
    return make_error(Errc::invalid_input, "expected contributor, author, editor or administrator",
                      "--role");
  }
  NewUser user{email, name, *role, {}};
  if (password_stdin) {
    auto password = read_password();
    if (!password) return password.error();
    auto hash = hash_password(*password);
    sodium_memzero(password->data(), password->size());
    if (!hash) return hash.error();
    user.password_hash = std::move(*hash);
  }
  auto url = site_url(store);
  if (!url) return url.error();
  const UnixSeconds now = now_seconds();
  auto added = store.add_user(user, now);
  if (!added) return added.error();
  std::cout << "Added account " << added->email << " (" << role_name(added->role)
            << "), signing as " << added->name << "\n";
  if (password_stdin) return Ok{};
  // Only the token's hash is stored: the link printed here is the one way to use it.
  const std::string token = make_token();
  TRIBUNE_TRY(store.add_login_token(token_hash(token), added->id, LoginTokenPurpose::login,
                                    now + kLoginLinkSeconds));
  std::cout << "Sign-in link (once, within 24 hours): " << *url << "/admin/login/" << token
            << "/\n";
  return Ok{};
}

}  // namespace

void add_user_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string name;
    std::string bio;
    std::string email;
    std::string role;
    bool password_stdin = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* user = app.add_subcommand("user", "Manage authors and admin accounts");
  user->require_subcommand(1);

  CLI::App* add = user->add_subcommand(
      "add",
      "Add an author; with --email and --role, an account at the admin signing as that author "
      "(created when missing)");
  add->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  add->add_option("--name", options->name, "full name, as bylines show it")->required();
  add->add_option("--bio", options->bio, "one sentence about the author (authors only)");
  CLI::Option* email = add->add_option("--email", options->email, "the account's login");
  CLI::Option* role =
      add->add_option("--role", options->role, "contributor, author, editor or administrator");
  email->needs(role);
  role->needs(email);
  add->add_flag("--password-stdin", options->password_stdin,
                "read the password (10 characters or more) from standard input; without it, "
                "prints a one-time sign-in link valid 24 hours")
      ->needs(email);
  add->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      if (!options->email.empty()) {
        Status added = add_account(*folder.store, options->name, options->email, options->role,
                                   options->password_stdin);
        if (!added) status = report(added.error());
        return;
      }
      auto author = folder.store->add_author(options->name, options->bio);
      if (!author) {
        status = report(author.error());
        return;
      }
      std::cout << "Added " << author->name << " (/author/" << author->slug << "/)\n";
    });
  });

  CLI::App* list = user->add_subcommand(
      "list", "List authors (slug, name), each followed by its accounts' login and role");
  list->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  list->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto authors = folder.store->authors();
      if (!authors) {
        status = report(authors.error());
        return;
      }
      auto users = folder.store->users();
      if (!users) {
        status = report(users.error());
        return;
      }
      for (const Author& author : *authors) {
        std::cout << author.slug << "\t" << author.name;
        for (const User& account : *users) {
          if (account.author_id == author.id) {
            std::cout << "\t" << account.email << "\t" << role_name(account.role);
          }
        }
        std::cout << "\n";
      }
    });
  });
}

}  // namespace tribune::cli
