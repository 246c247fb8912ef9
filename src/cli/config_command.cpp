// tribune config get|set|list: the settings of the data folder's tribune.toml and of the
// database, through one settings table (core/settings_schema.h).
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "core/settings_schema.h"
#include "i18n/catalog.h"
#include "site/site_settings.h"

namespace tribune::cli {
namespace {

Result<std::string> get_setting(DataFolder& folder, const SettingSpec& spec) {
  if (spec.home == SettingHome::file) return folder.config.get(spec.key);
  return read_site_setting(*folder.store, spec.key);
}

Status set_setting(DataFolder& folder, const SettingSpec& spec, const std::string& value) {
  if (spec.home == SettingHome::file) {
    TRIBUNE_TRY(validate_setting(spec, value));
    TRIBUNE_TRY(folder.config.set(spec.key, value));
    return folder.config.save();
  }
  auto catalogs = Catalogs::load(folder.config.data_dir() / "locales");
  if (!catalogs) return catalogs.error();
  TRIBUNE_TRY(validate_site_setting(spec, value, *catalogs));
  return folder.store->set_setting(spec.key, value);
}

}  // namespace

void add_config_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string key;
    std::string value;
  };
  auto options = std::make_shared<Options>();
  CLI::App* config = app.add_subcommand("config", "Read and write settings");
  config->require_subcommand(1);

  auto with_folder = [options, &status](std::function<void(DataFolder&)> action) {
    return [options, &status, action] { with_data_folder(options->data, status, action); };
  };
  auto find_spec = [options, &status]() -> const SettingSpec* {
    const SettingSpec* spec = find_setting(options->key);
    if (spec == nullptr) {
      status = report(make_error(Errc::invalid_input, "unknown setting (see 'tribune config list')",
                                 options->key));
    }
    return spec;
  };

  CLI::App* get = config->add_subcommand("get", "Print a setting's value");
  get->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  get->add_option("key", options->key, "setting, e.g. smtp.host or site.locale")->required();
  get->callback(with_folder([options, &status, find_spec](DataFolder& folder) {
    const SettingSpec* spec = find_spec();
    if (spec == nullptr) return;
    auto value = get_setting(folder, *spec);
    if (!value) {
      status = report(value.error());
      return;
    }
    std::cout << *value << "\n";
  }));

  CLI::App* set = config->add_subcommand("set", "Change a setting");
  set->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  set->add_option("key", options->key, "setting, e.g. smtp.host or site.locale")->required();
  set->add_option("value", options->value, "new value")->required();
  set->callback(with_folder([options, &status, find_spec](DataFolder& folder) {
    const SettingSpec* spec = find_spec();
    if (spec == nullptr) return;
    auto old_value = get_setting(folder, *spec);
    if (!old_value) {
      status = report(old_value.error());
      return;
    }
    Status saved = set_setting(folder, *spec, options->value);
    if (!saved) {
      status = report(saved.error());
      return;
    }
    // Said at once, so that nobody waits for a change a running server will not see.
    if (needs_restart(*spec, *old_value, options->value)) {
      std::cout << spec->key
                << " is saved. A running server reads it when it starts: restart it "
                   "(systemctl restart tribune) for the change to take effect.\n";
    } else {
      std::cout << spec->key << " is saved. A running server uses it within a second.\n";
    }
  }));

  CLI::App* list = config->add_subcommand("list", "Print every setting with its value");
  list->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  list->callback(with_folder([&status](DataFolder& folder) {
    for (const SettingSpec& spec : all_settings()) {
      auto value = get_setting(folder, spec);
      if (!value) {
        status = report(value.error());
        return;
      }
      std::cout << spec.key << " = "
                << (spec.key == "smtp.password" && !value->empty() ? "********" : *value)
                << "    # " << spec.help << "\n";
    }
  }));
}

}  // namespace tribune::cli
