// The settings screen: every database setting of `tribune config`, grouped as a newsroom
// thinks of them, each checked by the code the command line uses (site/site_settings.h).
#include <fmt/format.h>

#include <array>
#include <map>

#include "admin/services.h"
#include "core/settings_schema.h"

namespace tribune::admin {
namespace {

// The screen's groups, in order, and which settings each holds (by the key's first part).
struct SettingGroup {
  std::string_view name;
  std::vector<std::string_view> prefixes;
};

const std::array<SettingGroup, 5> kGroups = {{
    {"site", {"site."}},
    {"reading", {"reading.", "home.", "list.", "feed.", "most_read.", "import."}},
    {"comments", {"comments."}},
    {"subscriptions", {"subscriptions.", "mail."}},
    {"protection", {"content.", "views."}},
}};

// The group a database setting is shown in; a setting no group claims goes with the site's,
// so that none is ever missing from the screen.
std::string_view group_of(std::string_view key) {
  for (const SettingGroup& group : kGroups) {
    for (std::string_view prefix : group.prefixes) {
      if (key.starts_with(prefix)) return group.name;
    }
  }
  return kGroups.front().name;
}

// The catalog's words for `key`'s refusal: what a valid value looks like.
std::string problem_text(const Visit& visit, const SettingSpec& spec) {
  std::string label = visit.text("admin.setting." + std::string(spec.key));
  std::string key;
  if (spec.key == "site.url" || spec.key == "site.timezone" || spec.key == "site.permalink") {
    key = "admin.settings.invalid." + std::string(spec.key);
  } else {
    switch (spec.kind) {
      case SettingKind::integer:
        key = "admin.settings.invalid.integer";
        break;
      case SettingKind::choice:
      case SettingKind::locale:
        key = "admin.settings.invalid.choice";
        break;
      case SettingKind::email:
        key = "admin.settings.invalid.email";
        break;
      case SettingKind::text:
      case SettingKind::listen:
        key = "admin.settings.invalid.text";
        break;
    }
  }
  return visit.text(key, {{"field", label},
                          {"min", static_cast<std::int64_t>(spec.min)},
                          {"max", static_cast<std::int64_t>(spec.max)}});
}

// The settings screen with `values` in its fields and `problems` (by key) beside them.
Page settings_page(Services& services, Visit& visit,
                   const std::map<std::string, std::string>& values,
                   const std::map<std::string, std::string>& problems, int status) {
  nlohmann::json groups = nlohmann::json::array();
  for (const SettingGroup& group : kGroups) {
    nlohmann::json fields = nlohmann::json::array();
    for (const SettingSpec& spec : all_settings()) {
      if (spec.home != SettingHome::database || group_of(spec.key) != group.name) continue;
      const std::string key(spec.key);
      const std::string& value = values.at(key);
      std::string id = "setting-" + key;
      for (char& c : id) {
        if (c == '.' || c == '_') c = '-';
      }
      nlohmann::json field = {
          {"key", key},
          {"id", id},
          {"value", value},
          {"label", visit.text("admin.setting." + key)},
          {"help", visit.text("admin.setting." + key + ".help")},
          {"effect", visit.text(spec.read_at_start ? "admin.settings.at_restart"
                                                   : "admin.settings.at_once")}};
      if (auto problem = problems.find(key); problem != problems.end()) {
        field["problem"] = problem->second;
      }
      nlohmann::json options = nlohmann::json::array();
      if (spec.kind == SettingKind::choice) {
        for (std::string_view choice : spec.choices) {
          options.push_back(
              {{"value", choice},
               {"label", visit.text("admin.setting." + key + "." + std::string(choice))},
               {"selected", choice == value}});
        }
      } else if (spec.kind == SettingKind::locale) {
        for (const std::string& locale : visit.catalogs->locales()) {
          // Each language by its own name, as a reader of it looks for it.
          options.push_back({{"value", locale},
                             {"label", visit.catalogs->find(locale)->name()},
                             {"lang", locale},
                             {"selected", locale == value}});
        }
      }
      if (!options.empty()) {
        field["options"] = std::move(options);
      } else {
        field["input"] = true;
        // Addresses are text fields with the matching keyboard, not type=email or url: a
        // refused value shown back must stay valid HTML.
        field["type"] = spec.kind == SettingKind::integer ? "number" : "text";
        if (spec.kind == SettingKind::email) field["inputmode"] = "email";
        if (spec.key == "site.url") field["inputmode"] = "url";
        if (spec.kind == SettingKind::integer) {
          field["range"] = {{"min", spec.min}, {"max", spec.max}};
        }
      }
      fields.push_back(std::move(field));
    }
    groups.push_back({{"name", group.name},
                      {"title", visit.text("admin.settings.group." + std::string(group.name))},
                      {"fields", std::move(fields)}});
  }
  nlohmann::json view = {{"page_title", visit.text("admin.settings.title")}, {"groups", groups}};
  if (!problems.empty()) {
    view["error"] = visit.text("admin.settings.refused",
                               {{"count", static_cast<std::int64_t>(problems.size())}});
  } else if (visit.parameter("done") == "saved") {
    view["notice"] = visit.text("admin.settings.saved");
  } else if (visit.parameter("done") == "restart") {
    view["notice"] = visit.text("admin.settings.saved_restart");
  }
  return services.pages.render(visit, "settings", std::move(view), status);
}

// Every database setting's current value, by key.
Result<std::map<std::string, std::string>> current_values(Store& store) {
  std::map<std::string, std::string> values;
  for (const SettingSpec& spec : all_settings()) {
    if (spec.home != SettingHome::database) continue;
    auto value = read_site_setting(store, spec.key);
    if (!value) return value.error();
    values.emplace(spec.key, std::move(*value));
  }
  return values;
}

}  // namespace

Page get_settings(Services& services, Visit& visit) {
  if (!may_change_settings(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  auto values = current_values(services.store);
  if (!values) return services.pages.error(visit, values.error());
  return settings_page(services, visit, *values, {}, 200);
}

// Saves one group's fields: every value checked first, then all written in one transaction,
// or none when one is refused (the form comes back with each refusal beside its field).
Page post_settings(Services& services, Visit& visit) {
  if (!may_change_settings(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  auto values = current_values(services.store);
  if (!values) return services.pages.error(visit, values.error());
  const std::string group = visit.field("group");
  std::vector<std::pair<std::string, std::string>> changed;
  std::map<std::string, std::string> problems;
  bool needs_restart = false;
  for (const SettingSpec& spec : all_settings()) {
    if (spec.home != SettingHome::database || group_of(spec.key) != group) continue;
    const std::string key(spec.key);
    auto posted = visit.form.find(key);
    if (posted == visit.form.end()) continue;  // not in this form
    std::string value = posted->second;
    if (spec.key == "site.url") {
      while (value.ends_with('/')) value.pop_back();
    }
    if (value == (*values)[key]) continue;
    Status valid = validate_site_setting(spec, value, *visit.catalogs);
    (*values)[key] = value;
    if (!valid) {
      problems.emplace(key, problem_text(visit, spec));
      continue;
    }
    needs_restart = needs_restart || spec.read_at_start;
    changed.emplace_back(key, std::move(value));
  }
  if (!problems.empty()) return settings_page(services, visit, *values, problems, 422);
  if (changed.empty()) return services.pages.redirect(visit, "/admin/settings/?done=saved");
  Status saved = services.store.set_settings(changed);
  if (!saved) return services.pages.error(visit, saved.error());
  services.content_changed();
  for (const auto& [key, value] : changed) {
    (void)services.store.add_audit_entry({0, visit.now, visit.user().id, visit.user().name,
                                          "setting", 0, fmt::format("{} = {}", key, value)});
  }
  return services.pages.redirect(visit, fmt::format("/admin/settings/?done={}#group-{}",
                                                    needs_restart ? "restart" : "saved", group));
}

}  // namespace tribune::admin
