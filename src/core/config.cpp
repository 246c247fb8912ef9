// Reading and writing tribune.toml with toml++.
#include "core/config.h"

#include <toml++/toml.h>
#include <cstdlib>
#include <sstream>

#include "core/fs.h"
#include "core/settings_schema.h"

namespace tribune {

Result<Config> Config::load(const std::filesystem::path& data_dir) {
  Config config;
  config.data_dir_ = data_dir;
  const std::filesystem::path path = config.file_path();
  std::error_code exists_error;
  if (!std::filesystem::exists(path, exists_error)) return config;

  auto text = fs::read_file(path);
  if (!text) return text.error();
  toml::table root;
  try {
    root = toml::parse(*text, path.string());
  } catch (const toml::parse_error& parse_error) {
    Error error =
        make_error(Errc::invalid_input, "line " + std::to_string(parse_error.source().begin.line) +
                                            ": " + std::string(parse_error.description()));
    error.source = path.string();
    return error;
  }
  for (const auto& [section_name, section_node] : root) {
    const toml::table* section = section_node.as_table();
    auto fail = [&](std::string key, std::string message) -> Result<Config> {
      Error error = make_error(Errc::invalid_input, std::move(message), std::move(key));
      error.source = path.string();
      return error;
    };
    if (section == nullptr) return fail(std::string(section_name.str()), "expected a [table]");
    for (const auto& [name, node] : *section) {
      std::string key = std::string(section_name.str()) + "." + std::string(name.str());
      const SettingSpec* spec = find_setting(key);
      if (spec == nullptr || spec->home != SettingHome::file) return fail(key, "unknown setting");
      std::string value;
      if (auto string_value = node.value<std::string>(); node.is_string()) {
        value = *string_value;
      } else if (auto integer_value = node.value<int64_t>(); node.is_integer()) {
        value = std::to_string(*integer_value);
      } else {
        return fail(key, "expected a string or a whole number");
      }
      Status valid = validate_setting(*spec, value);
      if (!valid) return fail(key, valid.error().message);
      config.values_[key] = value;
    }
  }
  return config;
}

std::string Config::get(std::string_view key) const {
  if (auto found = values_.find(key); found != values_.end()) return found->second;
  const SettingSpec* spec = find_setting(key);
  return spec != nullptr ? std::string(spec->default_value) : std::string();
}

Status Config::set(std::string_view key, std::string_view value) {
  const SettingSpec* spec = find_setting(key);
  if (spec == nullptr || spec->home != SettingHome::file) {
    return make_error(Errc::invalid_input, "unknown setting", std::string(key));
  }
  TRIBUNE_TRY(validate_setting(*spec, value));
  values_[std::string(key)] = std::string(value);
  return Ok{};
}

Status Config::save() const {
  toml::table root;
  for (const auto& [key, value] : values_) {
    std::size_t dot = key.find('.');
    std::string section = key.substr(0, dot);
    std::string name = key.substr(dot + 1);
    if (!root.contains(section)) root.insert(section, toml::table{});
    toml::table& table = *root[section].as_table();
    const SettingSpec* spec = find_setting(key);
    if (spec != nullptr && spec->kind == SettingKind::integer) {
      table.insert_or_assign(name, static_cast<int64_t>(std::stoll(value)));
    } else {
      table.insert_or_assign(name, value);
    }
  }
  std::ostringstream text;
  text << "# Tribune configuration: see the README's Configuration section.\n" << root << "\n";
  return fs::write_file_atomic(file_path(), text.str());
}

std::filesystem::path Config::resolve(std::string_view key) const {
  std::filesystem::path value = get(key);
  return value.is_absolute() ? value : data_dir_ / value;
}

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("TRIBUNE_DATA"); env != nullptr && *env != '\0') return env;
  return ".";
}

}  // namespace tribune
