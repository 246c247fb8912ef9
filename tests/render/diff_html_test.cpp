#include "render/diff_html.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(DiffHtml, MarksChangesAndEscapesText) {
  std::string html = diff_to_html(diff_words("Le <b>titre</b> & l'été", "Le <b>chapô</b> & l'été"));
  EXPECT_EQ(html, "Le &lt;b&gt;<del>titre</del><ins>chapô</ins>&lt;/b&gt; &amp; l&#39;été");
}

TEST(DiffHtml, NothingForNothing) { EXPECT_EQ(diff_to_html({}), ""); }

}  // namespace
}  // namespace tribune
