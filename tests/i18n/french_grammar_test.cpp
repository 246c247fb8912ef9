#include "i18n/french_grammar.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

std::string de(std::string_view name) {
  return with_french_preposition(FrenchPreposition::de, name);
}
std::string a(std::string_view name) { return with_french_preposition(FrenchPreposition::a, name); }

TEST(FrenchGrammar, DeElidesBeforeAVowelOrAMuteH) {
  EXPECT_EQ(de("Ibrahim Maïga"), "d’Ibrahim Maïga");
  EXPECT_EQ(de("Aminata"), "d’Aminata");
  EXPECT_EQ(de("Élodie"), "d’Élodie");
  EXPECT_EQ(de("ousmane"), "d’ousmane");
  EXPECT_EQ(de("Hélène"), "d’Hélène");
  EXPECT_EQ(de("Moussa"), "de Moussa");
  EXPECT_EQ(de("Tribune"), "de Tribune");
  EXPECT_EQ(de("2025"), "de 2025");
  EXPECT_EQ(de(""), "de ");
}

TEST(FrenchGrammar, YElidesOnlyBeforeAConsonant) {
  EXPECT_EQ(de("Yves"), "d’Yves");
  EXPECT_EQ(de("Yaoundé"), "de Yaoundé");
  EXPECT_EQ(de("Y"), "de Y");
}

TEST(FrenchGrammar, ALeadingArticleContractsWithThePreposition) {
  EXPECT_EQ(a("Le Fleuve Tribune"), "au Fleuve Tribune");
  EXPECT_EQ(de("Le Fleuve Tribune"), "du Fleuve Tribune");
  EXPECT_EQ(a("Les Échos du Sahel"), "aux Échos du Sahel");
  EXPECT_EQ(de("Les Échos du Sahel"), "des Échos du Sahel");
  EXPECT_EQ(de("La Rédaction"), "de la Rédaction");
  EXPECT_EQ(a("La Rédaction"), "à la Rédaction");
  EXPECT_EQ(de("L’Économie"), "de l’Économie");
  EXPECT_EQ(de("L'Économie"), "de l’Économie");
  EXPECT_EQ(a("L’Indépendant"), "à l’Indépendant");
  EXPECT_EQ(a("le journal"), "au journal");
}

TEST(FrenchGrammar, WordsThatOnlyBeginLikeAnArticleAreNames) {
  EXPECT_EQ(de("Lea Diallo"), "de Lea Diallo");
  EXPECT_EQ(de("Lesage"), "de Lesage");
  EXPECT_EQ(a("Lamine"), "à Lamine");
  EXPECT_EQ(de("Le"), "de Le");
  EXPECT_EQ(a("Ibrahim"), "à Ibrahim");
}

TEST(FrenchGrammar, BytesThatAreNotUtf8AreKept) {
  EXPECT_EQ(de("\xff\xfe"), "de \xff\xfe");
  EXPECT_EQ(de("\xc3"), "de \xc3");
}

}  // namespace
}  // namespace tribune
