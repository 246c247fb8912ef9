// Search's language: words, folding, elisions, stemming by language, the reader's query, and
// HTML to text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "search/plain_text.h"
#include "search/search_query.h"
#include "search/search_terms.h"
#include "search/search_words.h"

namespace tribune {
namespace {

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  for_each_search_word(text, [&](const SearchWord& word) { words.push_back(word.folded); });
  return words;
}

std::vector<std::string> terms_of(std::string_view language, std::string_view text) {
  TermMaker maker;
  std::vector<std::string> terms;
  maker.terms(language, text,
              [&](std::string_view term, std::size_t, std::size_t) { terms.emplace_back(term); });
  return terms;
}

TEST(SearchWords, FoldCaseAndAccents) {
  EXPECT_EQ(words_of("Goïta"), words_of("goita"));
  EXPECT_EQ(words_of("États-Unis"), (std::vector<std::string>{"etats", "unis"}));
  EXPECT_EQ(words_of("ÉCONOMIE Œuvre cœur"),
            (std::vector<std::string>{"economie", "oeuvre", "coeur"}));
  EXPECT_EQ(fold_search_word("Ça"), "ca");
}

TEST(SearchWords, DropFrenchElisions) {
  EXPECT_EQ(words_of("l'armée"), (std::vector<std::string>{"armee"}));
  EXPECT_EQ(words_of("L’Armée d’Afrique qu'il jusqu'à"),
            (std::vector<std::string>{"armee", "afrique", "il", "a"}));
  EXPECT_EQ(fold_search_word("aujourd'hui"), "aujourdhui");
}

TEST(SearchWords, OffsetsAreBytesOfTheText) {
  std::string text = "Le « Mali », l'armée.";
  std::vector<std::string> pieces;
  for_each_search_word(text, [&](const SearchWord& word) {
    pieces.push_back(text.substr(word.begin, word.end - word.begin));
  });
  EXPECT_EQ(pieces, (std::vector<std::string>{"Le", "Mali", "l'armée"}));
}

TEST(SearchWords, PunctuationAndBadBytesAreNoWords) {
  EXPECT_TRUE(words_of("\"()*:^-+ ... « » — ").empty());
  EXPECT_EQ(words_of("mali\xFF\xFE sahel"), (std::vector<std::string>{"mali", "sahel"}));
}

TEST(SearchTerms, FrenchStemsJoinRelatedWords) {
  ASSERT_TRUE(has_stemmer("fr"));
  EXPECT_EQ(terms_of("fr", "terroriste"), terms_of("fr", "terrorisme"));
  EXPECT_EQ(terms_of("fr", "élections"), terms_of("fr", "élection"));
  EXPECT_EQ(terms_of("fr", "armées"), terms_of("fr", "l'armée"));
  EXPECT_EQ(terms_of("fr", "économiques"), terms_of("fr", "économique"));
  EXPECT_EQ(terms_of("fr", "terroriste").front().substr(0, 3), "fr:");
}

TEST(SearchTerms, EnglishStemsAndLanguagesStayApart) {
  ASSERT_TRUE(has_stemmer("en"));
  EXPECT_EQ(terms_of("en", "elections"), terms_of("en", "election"));
  EXPECT_EQ(terms_of("en", "running"), terms_of("en", "runs"));
  EXPECT_NE(terms_of("en", "election"), terms_of("fr", "election"));
}

TEST(SearchTerms, ArabicIsReadWithoutVowelsOrSpellingVariants) {
  ASSERT_TRUE(has_stemmer("ar"));
  EXPECT_EQ(words_of("المَاءُ"), words_of("الماء")) << "short vowels";
  EXPECT_EQ(words_of("أطفال إلى آخر ٱلكتاب"), words_of("اطفال الى اخر الكتاب")) << "alef forms";
  EXPECT_EQ(words_of("كـــتاب"), words_of("كتاب")) << "tatweel";
  EXPECT_EQ(words_of("مدرسة على"), words_of("مدرسه علي")) << "ta marbuta, alef maqsura";
  EXPECT_EQ(terms_of("ar", "المدارس").front().substr(0, 3), "ar:");
  EXPECT_EQ(terms_of("ar", "مُعَلِّمُونَ"), terms_of("ar", "معلمون"));
}

TEST(SearchTerms, UnknownLanguagesAreFoldedOnly) {
  EXPECT_FALSE(has_stemmer("xx"));
  EXPECT_EQ(terms_of("xx", "Goïta"), (std::vector<std::string>{"xx:goita"}));
  EXPECT_EQ(terms_of("", "Goïta"), (std::vector<std::string>{":goita"}));
  EXPECT_EQ(terms_of("fr-CA", "élections"),
            (std::vector<std::string>{"fr-CA:" + terms_of("fr", "élection").front().substr(3)}));
}

TEST(SearchTerms, LanguageTagRoundTrips) {
  const std::string tagged = language_tagged("fr", "Le Mali");  // the text is a view into it
  auto [language, text] = split_language_tag(tagged);
  EXPECT_EQ(language, "fr");
  EXPECT_EQ(text, "Le Mali");
  auto [none, whole] = split_language_tag("Le Mali");
  EXPECT_EQ(none, "");
  EXPECT_EQ(whole, "Le Mali");
  EXPECT_EQ(language_tagged("<bad>", "x"), "x");  // no tag for a malformed language
}

TEST(SearchQuery, KeepsWordsOnlyAndBoundsTheQuery) {
  SearchQuery quoted = parse_search_query("  \"Mali\" AND (armée OR NEAR(x y)) -col:* ^z ");
  EXPECT_EQ(quoted.words,
            (std::vector<std::string>{"mali", "armee", "or", "near", "x", "y", "col", "z"}))
      << "\"and\" is a function word";
  EXPECT_EQ(quoted.text, "\"Mali\" AND (armée OR NEAR(x y)) -col:* ^z");

  std::string nul("mali\0sahel", 10);
  SearchQuery with_nul = parse_search_query(nul);
  EXPECT_EQ(with_nul.text, "mali sahel");

  SearchQuery huge = parse_search_query(std::string(5000, 'a') + " é");
  EXPECT_LE(huge.text.size(), kMaxQueryBytes);
  SearchQuery accents = parse_search_query(std::string(kMaxQueryBytes - 1, 'a') + "é");
  EXPECT_EQ(accents.text.size(), kMaxQueryBytes - 1);  // "é" would cross the bound: not cut

  EXPECT_EQ(parse_search_query("Le président de la transition").words,
            (std::vector<std::string>{"president", "transition"}));
  EXPECT_EQ(parse_search_query("de la").words, (std::vector<std::string>{"de", "la"}))
      << "a query of function words alone keeps them";
  EXPECT_EQ(parse_search_query("mines d'or").words, (std::vector<std::string>{"mines", "or"}));

  SearchQuery many = parse_search_query("b c f g h i j k m n o p q r s b c");
  EXPECT_EQ(many.words.size(), kMaxQueryWords);
  EXPECT_TRUE(parse_search_query("'; DROP TABLE --").words ==
              (std::vector<std::string>{"drop", "table"}));
  EXPECT_TRUE(parse_search_query("<script>").words == (std::vector<std::string>{"script"}));
  EXPECT_TRUE(parse_search_query(" ... ").words.empty());
}

// Found by fuzz/search_query_fuzzer.cpp: bytes shaped like UTF-8 but not UTF-8 (an overlong
// form, a surrogate, a code point past U+10FFFF) were kept in the query shown back to the
// reader, which is promised valid UTF-8.
TEST(SearchQuery, DropsOverlongFormsSurrogatesAndCodePointsPastUnicode) {
  EXPECT_EQ(parse_search_query("etats\xE0\x8A\x91\x9Fs").text, "etatss");
  EXPECT_EQ(parse_search_query("a\xC0\xAFz").text, "az");          // overlong "/"
  EXPECT_EQ(parse_search_query("a\xED\xA0\x80z").text, "az");      // surrogate U+D800
  EXPECT_EQ(parse_search_query("a\xF4\x90\x80\x80z").text, "az");  // U+110000
  EXPECT_EQ(parse_search_query("Go\xC3\xAFta \xF0\x9F\x93\xB0").text,
            "Go\xC3\xAFta \xF0\x9F\x93\xB0");
}

TEST(PlainText, TagsGoEntitiesDecodeBlocksSeparate) {
  EXPECT_EQ(html_to_plain_text("<p>Le <em>Mali</em> &amp; l&#8217;arm&eacute;e</p><p>Suite</p>"),
            "Le Mali & l’armée\nSuite");
  EXPECT_EQ(html_to_plain_text("<p>a<script>alert(1)</script>b</p><style>p{}</style>"), "ab");
  EXPECT_EQ(html_to_plain_text("<p><strong>x</strong> <em>y</em></p>"), "x y");
  EXPECT_EQ(html_to_plain_text("<p>broken <b>markup"), "broken markup");
  EXPECT_EQ(html_to_plain_text(""), "");
}

}  // namespace
}  // namespace tribune
