// UTF-8 validation and the invisible characters a reader's field may not hold.
#include "content/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace tribune {
namespace {

TEST(Utf8, InvalidBytesAreFound) {
  EXPECT_EQ(find_invalid_utf8("Ségou"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("caf\xe9"), 3u);
  EXPECT_EQ(find_invalid_utf8("\xc0\xaf"), 0u);       // overlong "/"
  EXPECT_EQ(find_invalid_utf8("a\xed\xa0\x80"), 1u);  // a surrogate
}

TEST(ControlCharacters, OneLineFieldsRefuseControlsSeparatorsAndBidiControls) {
  const std::pair<std::string, char32_t> cases[] = {
      {std::string("Awa\0Diallo", 10), 0x0000},
      {"Awa\rBcc: all@example.org", 0x000D},
      {"Awa\nDiallo", 0x000A},
      {"Awa\tDiallo", 0x0009},
      {"Awa\x1b[31m", 0x001B},
      {"Awa\x7f", 0x007F},
      {"Awa\xc2\x85"
       "Diallo",
       0x0085},                 // NEL
      {"Awa\xc2\x9b", 0x009B},  // CSI
      {"Awa\xe2\x80\xa8"
       "Diallo",
       0x2028},                             // LINE SEPARATOR
      {"Awa\xe2\x80\xa9", 0x2029},          // PARAGRAPH SEPARATOR
      {"Awa\xe2\x80\xaa", 0x202A},          // LRE
      {"moc.elpmaxe\xe2\x80\xae", 0x202E},  // RLO
      {"\xe2\x81\xa6"
       "Awa\xe2\x81\xa9",
       0x2066},  // LRI … PDI
      {"Awa\xe2\x81\xa9", 0x2069},
      {"Awa\xe2\x80\x8e", 0x200E},  // LRM
      {"Awa\xe2\x80\x8f", 0x200F},  // RLM
      {"Awa\xd8\x9c", 0x061C},      // ARABIC LETTER MARK
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(find_control_character(text, TextLayout::one_line), expected)
        << code_point_name(expected);
  }
}

TEST(ControlCharacters, ReadersOwnWritingIsAccepted) {
  for (const char* text : {"Awa Diallo", "Moussa Traoré", "محمد", "שָׁלוֹם", "张伟",
                           "Zoë 👩🏾‍💻", "Jean‑Luc", "O’Brien",
                           "a\xe2\x80\x8c"
                           "b" /* ZWNJ, Persian */}) {
    EXPECT_EQ(find_control_character(text, TextLayout::one_line), std::nullopt) << text;
    EXPECT_EQ(find_control_character(text, TextLayout::multi_line), std::nullopt) << text;
  }
}

TEST(ControlCharacters, MultiLineTextKeepsLineBreaksTabsAndDirectionMarks) {
  EXPECT_EQ(find_control_character("Premier paragraphe.\r\n\r\nSecond\tparagraphe.\n",
                                   TextLayout::multi_line),
            std::nullopt);
  EXPECT_EQ(find_control_character("Prix : 100\xe2\x80\x8f ريال", TextLayout::multi_line),
            std::nullopt);
  EXPECT_EQ(find_control_character(std::string("Bonjour\0", 8), TextLayout::multi_line), 0u);
  EXPECT_EQ(find_control_character("Bonjour\x0b", TextLayout::multi_line), 0x0Bu);
  EXPECT_EQ(find_control_character("Bonjour\xc2\x85", TextLayout::multi_line), 0x85u);
  EXPECT_EQ(find_control_character("Bonjour\xe2\x80\xae tseb", TextLayout::multi_line), 0x202Eu);
  EXPECT_EQ(find_control_character("a\xe2\x81\xa7"
                                   "b",
                                   TextLayout::multi_line),
            0x2067u);
  EXPECT_EQ(find_control_character("a\xe2\x80\xa8"
                                   "b",
                                   TextLayout::multi_line),
            0x2028u);
}

TEST(ControlCharacters, CodePointNames) {
  EXPECT_EQ(code_point_name(0), "U+0000");
  EXPECT_EQ(code_point_name(0x202E), "U+202E");
  EXPECT_EQ(code_point_name(0x1F469), "U+1F469");
}

}  // namespace
}  // namespace tribune
