#include "core/settings_schema.h"

#include <gtest/gtest.h>

#include <set>

namespace tribune {
namespace {

TEST(SettingsSchema, EveryDefaultIsValid) {
  std::set<std::string_view> keys;
  for (const SettingSpec& spec : all_settings()) {
    EXPECT_TRUE(keys.insert(spec.key).second) << "duplicate " << spec.key;
    if (spec.default_value.empty() && spec.kind != SettingKind::integer) continue;
    EXPECT_TRUE(validate_setting(spec, spec.default_value).ok()) << spec.key;
  }
}

TEST(SettingsSchema, ChoicesAreEnforced) {
  const SettingSpec* protection = find_setting("content.protection");
  ASSERT_NE(protection, nullptr);
  EXPECT_EQ(protection->default_value, "attribution");
  EXPECT_TRUE(validate_setting(*protection, "strict").ok());
  EXPECT_FALSE(validate_setting(*protection, "STRICT").ok());
}

}  // namespace
}  // namespace tribune
