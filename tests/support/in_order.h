// A check that pages show their lines in order: each part found after the previous one, as a
// reader scrolling down meets them.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tribune::testing {

// Fails the test when one of `parts` is missing from `text` after the previous one, naming it.
inline void expect_in_order(const std::string& text, const std::vector<std::string>& parts) {
  std::size_t position = 0;
  for (const std::string& part : parts) {
    std::size_t found = text.find(part, position);
    ASSERT_NE(found, std::string::npos) << "missing after byte " << position << ": " << part;
    position = found + part.size();
  }
}

}  // namespace tribune::testing
