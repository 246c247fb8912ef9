#include "content/word_diff.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace tribune {
namespace {

// The segments as one line: [-removed-] {+added+} same, to compare in one assertion.
std::string show(const std::vector<DiffSegment>& segments) {
  std::string out;
  for (const DiffSegment& segment : segments) {
    switch (segment.kind) {
      case DiffKind::same:
        out += segment.text;
        break;
      case DiffKind::removed:
        out += "[-" + segment.text + "-]";
        break;
      case DiffKind::added:
        out += "{+" + segment.text + "+}";
        break;
    }
  }
  return out;
}

std::vector<std::string> cores(std::string_view text) {
  std::vector<std::string> out;
  for (const WordToken& token : split_words(text)) out.emplace_back(token.core);
  return out;
}

TEST(WordDiff, TokensKeepFrenchWordsWholeAndSignsApart) {
  std::string text = "  L'élève a dit\u00a0: «\u00a0peut-être\u00a0» aujourd’hui, à 3,5 km.";
  EXPECT_EQ(cores(text),
            (std::vector<std::string>{"", "L'élève", "a", "dit", ":", "«", "peut-être", "»",
                                      "aujourd’hui", ",", "à", "3,5", "km", "."}));
  std::string joined;
  for (const WordToken& token : split_words(text)) joined += token.text;
  EXPECT_EQ(joined, text) << "the tokens give the text back";
  // A decomposed accent (e + U+0301) stays in its word; an invalid byte is a sign of its own.
  EXPECT_EQ(cores("cafe\u0301 noir"), (std::vector<std::string>{"cafe\u0301", "noir"}));
  EXPECT_EQ(cores("a\xFF"
                  "b"),
            (std::vector<std::string>{"a", "\xFF", "b"}));
}

TEST(WordDiff, AChangedWordWithAccents) {
  auto segments = diff_words("Le général a parlé à l'Élysée.", "Le général a répondu à l'Élysée.");
  EXPECT_EQ(show(segments), "Le général a [-parlé -]{+répondu +}à l'Élysée.");
}

TEST(WordDiff, PunctuationChangesAlone) {
  EXPECT_EQ(show(diff_words("Il pleut. Demain aussi.", "Il pleut\u00a0! Demain aussi.")),
            "Il pleut\u00a0[-. -]{+! +}Demain aussi.");
  EXPECT_EQ(show(diff_words("Yes, we can.", "Yes we can.")), "Yes [-, -]we can.");
}

TEST(WordDiff, AMovedSentenceIsRemovedAndAdded) {
  auto segments = diff_words("Un. Deux trois. Quatre.", "Deux trois. Un. Quatre.");
  // Read back, each side is whole; the moved sentence appears once removed, once added.
  std::string before, after;
  int removed = 0, added = 0;
  for (const DiffSegment& segment : segments) {
    if (segment.kind != DiffKind::added) before += segment.text;
    if (segment.kind != DiffKind::removed) after += segment.text;
    removed += segment.kind == DiffKind::removed;
    added += segment.kind == DiffKind::added;
  }
  EXPECT_EQ(before, "Un. Deux trois. Quatre.");
  EXPECT_EQ(after, "Deux trois. Un. Quatre.");
  EXPECT_EQ(removed, 1) << show(segments);
  EXPECT_EQ(added, 1) << show(segments);
}

TEST(WordDiff, EmptyAndIdenticalTexts) {
  EXPECT_TRUE(diff_words("", "").empty());
  EXPECT_EQ(show(diff_words("", "Nouveau texte.")), "{+Nouveau texte.+}");
  EXPECT_EQ(show(diff_words("Ancien texte.", "")), "[-Ancien texte.-]");
  auto same = diff_words("Rien ne change ici.", "Rien ne change ici.");
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].kind, DiffKind::same);
  EXPECT_EQ(same[0].text, "Rien ne change ici.");
}

TEST(WordDiff, ReflowedWhitespaceIsNotAChange) {
  auto segments = diff_words("un deux\ntrois", "un  deux trois");
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].text, "un  deux trois") << "the new text's whitespace";
}

std::string long_body(int words, int seed) {
  static const char* kWords[] = {"le",     "président", "a",        "déclaré", "que",
                                 "l'État", "sera",      "présent",  "partout", "dans",
                                 "région", "où",        "sécurité", "manque",  "encore"};
  std::string text;
  unsigned state = static_cast<unsigned>(seed);
  for (int i = 0; i < words; ++i) {
    state = state * 1103515245u + 12345u;
    text += kWords[(state >> 16) % 15];
    text += (i % 12 == 11) ? ".\n\n" : " ";
  }
  return text;
}

TEST(WordDiff, ALongBodyIsComparedFast) {
  // A 20,000-word body edited in three places, then two unrelated 20,000-word bodies (the
  // worst case). Measured: about 30 ms and 600 ms (tokens included) in a RelWithDebInfo build; the
  // bound is generous for a loaded machine or a sanitizer build.
  std::string before = long_body(20000, 1);
  std::string after = before;
  after.insert(1000, "Un paragraphe ajouté\u00a0: avec des mots nouveaux. ");
  after.replace(after.size() / 2, 40, "remplacé ");
  after.erase(after.size() - 300, 120);
  auto start = std::chrono::steady_clock::now();
  auto segments = diff_words(before, after);
  auto edited = std::chrono::steady_clock::now() - start;
  std::string rebuilt;
  for (const DiffSegment& segment : segments) {
    if (segment.kind != DiffKind::removed) rebuilt += segment.text;
  }
  EXPECT_EQ(rebuilt, after);
  EXPECT_LT(edited, std::chrono::seconds(2));

  start = std::chrono::steady_clock::now();
  auto unrelated = diff_words(before, long_body(20000, 2));
  auto rewritten = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(unrelated.empty());
  EXPECT_LT(rewritten, std::chrono::seconds(10));
  std::printf(
      "edited: %lld ms, rewritten: %lld ms\n",
      static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(edited).count()),
      static_cast<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(rewritten).count()));
}

}  // namespace
}  // namespace tribune
