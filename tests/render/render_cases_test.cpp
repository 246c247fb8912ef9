// Rendering cases kept as data: tests/render/cases/NAME.md is rendered and compared with
// NAME.html (NAME.fr.html when the case is rendered with French typography). Adding a case
// needs no C++.
#include <gtest/gtest.h>

#include <filesystem>

#include "render/markdown.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

using testing::read_text;

TEST(RenderCases, EveryCaseMatchesItsExpectedHtml) {
  const std::filesystem::path dir =
      std::filesystem::path(TRIBUNE_SOURCE_DIR) / "tests/render/cases";
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    std::string markdown = read_text(entry.path());
    for (bool french : {false, true}) {
      auto expected_path = entry.path();
      expected_path.replace_extension(french ? ".fr.html" : ".html");
      if (!std::filesystem::exists(expected_path)) continue;
      ++cases;
      auto rendered = render_markdown(markdown, MarkdownOptions{.french_typography = french});
      EXPECT_EQ(rendered.html, read_text(expected_path)) << expected_path;
    }
  }
  EXPECT_GE(cases, 4);
}

}  // namespace
}  // namespace tribune
