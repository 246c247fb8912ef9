#include "i18n/catalog.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace tribune {
namespace {

const Catalogs& catalogs() {
  static const Catalogs loaded = *Catalogs::load(std::nullopt);
  return loaded;
}

TEST(Catalog, FrenchCountsZeroAndOneAsSingular) {
  const Catalog& fr = *catalogs().find("fr");
  EXPECT_EQ(fr.format("meta.comments", {{"count", 0}}), "0 commentaire");
  EXPECT_EQ(fr.format("meta.comments", {{"count", 1}}), "1 commentaire");
  EXPECT_EQ(fr.format("meta.comments", {{"count", 2}}), "2 commentaires");
  EXPECT_EQ(fr.format("meta.views", {{"count", 155}}), "155 vues");
  EXPECT_EQ(fr.format("meta.views", {{"count", 1}}), "1 vue");
  EXPECT_EQ(fr.format("meta.reading_time", {{"minutes", 3}}), "3 min de lecture");
}

TEST(Catalog, FrenchMessagesContractAndElideBeforeNames) {
  const Catalog& fr = *catalogs().find("fr");
  EXPECT_EQ(fr.format("author.title", {{"author", std::string("Ibrahim")}}), "Articles d’Ibrahim");
  EXPECT_EQ(fr.format("author.title", {{"author", std::string("Moussa")}}), "Articles de Moussa");
  EXPECT_EQ(fr.format("mail.confirm_subject", {{"site", std::string("Le Fleuve Tribune")}}),
            "Confirmez votre abonnement au Fleuve Tribune");
  EXPECT_EQ(fr.format("mail.footer", {{"site", std::string("Les Échos")}}),
            "Vous recevez ce message parce que vous êtes abonné aux Échos.");
  EXPECT_EQ(fr.format("comments.reply_heading", {{"author", std::string("Awa")}}),
            "Répondre à Awa");
  // English patterns do not use the French forms, and get the name as it is.
  EXPECT_EQ(catalogs().find("en")->format("author.title", {{"author", std::string("Ibrahim")}}),
            "Articles by Ibrahim");
}

TEST(Catalog, EnglishCountsOnlyOneAsSingular) {
  const Catalog& en = *catalogs().find("en");
  EXPECT_EQ(en.format("meta.comments", {{"count", 0}}), "0 comments");
  EXPECT_EQ(en.format("meta.comments", {{"count", 1}}), "1 comment");
  EXPECT_EQ(en.format("meta.views", {{"count", 155}}), "155 views");
  EXPECT_EQ(en.format("meta.reading_time", {{"minutes", 3}}), "3 min read");
}

TEST(Catalog, LargeNumbersAreGroupedTheLocalWay) {
  EXPECT_EQ(catalogs().find("en")->format("meta.views", {{"count", 12345}}), "12,345 views");
  EXPECT_EQ(catalogs().find("fr")->format("meta.views", {{"count", 12345}}), "12\u202f345 vues");
}

TEST(Catalog, LongDates) {
  UnixSeconds seed_date = 1752224400;  // 2025-07-11T09:00:00Z
  EXPECT_EQ(catalogs().find("fr")->long_date(seed_date, "UTC"), "11 juillet 2025");
  EXPECT_EQ(catalogs().find("en")->long_date(seed_date, "UTC"), "July 11, 2025");
  // 23:30 UTC is already the next day in a time zone east of Greenwich.
  EXPECT_EQ(catalogs().find("fr")->long_date(1752276600, "Africa/Lagos"), "12 juillet 2025");
}

TEST(Catalog, CalendarDatesForArchiveHeadings) {
  const Catalog& fr = *catalogs().find("fr");
  const Catalog& en = *catalogs().find("en");
  EXPECT_EQ(fr.calendar_date(2025, 7, 1, "yMMMM", true), "Juillet 2025");
  EXPECT_EQ(fr.calendar_date(2025, 7, 1, "yMMMM", false), "juillet 2025");
  EXPECT_EQ(fr.calendar_date(2025, 7, 11, "yMMMMd", true), "11 juillet 2025");
  EXPECT_EQ(fr.calendar_date(2025, 1, 1, "y", true), "2025");
  EXPECT_EQ(en.calendar_date(2025, 7, 1, "yMMMM", true), "July 2025");
  EXPECT_EQ(en.calendar_date(2025, 7, 11, "yMMMMd", false), "July 11, 2025");
}

TEST(Catalog, LocalDatesOfManyInstants) {
  // 2025-07-31T23:30:00Z: still July 31 in UTC, already August 1 an hour east.
  const std::vector<UnixSeconds> instants = {1754004600, 1752224400};
  EXPECT_EQ(local_dates(instants, "UTC"), (std::vector<int>{20250731, 20250711}));
  EXPECT_EQ(local_dates(instants, "Africa/Lagos"), (std::vector<int>{20250801, 20250711}));
  EXPECT_EQ(local_dates(instants, "Nowhere/Unknown"), local_dates(instants, "UTC"));
}

TEST(Catalog, ArabicHasSixPluralForms) {
  const Catalog& ar = *catalogs().find("ar");
  EXPECT_EQ(ar.format("meta.comments", {{"count", 0}}), "لا تعليقات");
  EXPECT_EQ(ar.format("meta.comments", {{"count", 1}}), "تعليق واحد");
  EXPECT_EQ(ar.format("meta.comments", {{"count", 2}}), "تعليقان");
  EXPECT_EQ(ar.format("meta.comments", {{"count", 3}}), "3 تعليقات");
  EXPECT_EQ(ar.format("meta.comments", {{"count", 11}}), "11 تعليقًا");
  EXPECT_EQ(ar.format("meta.comments", {{"count", 100}}), "100 تعليق");
  // Latin digits (language.numbers: "latn") with a comma between thousands; 12345 ends in 45,
  // so it takes the "many" form (accusative singular).
  EXPECT_EQ(ar.format("meta.views", {{"count", 12345}}), "12,345 مشاهدةً");
  EXPECT_EQ(ar.long_date(1752224400, "UTC"), "11 يوليو 2025");  // 2025-07-11T09:00:00Z
}

TEST(Catalog, ArabicIsWrittenRightToLeft) {
  EXPECT_EQ(catalogs().find("ar")->direction(), "rtl");
  EXPECT_EQ(catalogs().find("fr")->direction(), "ltr");
  EXPECT_EQ(catalogs().find("en")->direction(), "ltr");
}

TEST(Catalog, ASiteFolderSwitchesArabicToArabicIndicDigits) {
  testing::TempDir dir;
  testing::write_text(dir / "ar.yaml", "language.numbers: \"arab\"\n");
  auto loaded = Catalogs::load(dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_EQ(loaded->find("ar")->format("meta.comments", {{"count", 3}}), "٣ تعليقات");
  EXPECT_EQ(loaded->find("ar")->format("meta.views", {{"count", 12345}}),
            "١٢٬٣٤٥ مشاهدةً");  // U+066C, the Arabic thousands separator
}

TEST(Catalog, EveryCatalogHasEveryKey) {
  std::vector<std::string> reference = catalogs().find("fr")->keys();
  for (const std::string& locale : catalogs().locales()) {
    EXPECT_EQ(catalogs().find(locale)->keys(), reference) << locale;
  }
}

TEST(Catalog, ASiteFolderAddsALanguageAndOverridesMessages) {
  testing::TempDir dir;
  testing::write_text(dir / "fr.yaml", "nav.home: \"Une\"\n");
  testing::write_text(dir / "wo.yaml", "nav.home: \"Xët wi\"\n");
  auto loaded = Catalogs::load(dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_EQ(loaded->find("fr")->format("nav.home"), "Une");
  EXPECT_EQ(loaded->find("fr")->format("meta.views", {{"count", 2}}), "2 vues");
  EXPECT_EQ(loaded->find("wo")->format("nav.home"), "Xët wi");
}

TEST(Catalog, InvalidPatternNamesFileAndKey) {
  testing::TempDir dir;
  testing::write_text(dir / "fr.yaml", "meta.views: \"{count, plural, one {# vue}\"\n");
  auto loaded = Catalogs::load(dir.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().field, "meta.views");
  EXPECT_NE(loaded.error().source.find("fr.yaml"), std::string::npos);
}

}  // namespace
}  // namespace tribune

namespace tribune {
namespace {

TEST(LocalDatetime, WallClockTimesRoundTripAcrossSummerTime) {
  // 2026-07-01 12:00 UTC is 14:00 in Paris (summer time), 12:00 in Bamako.
  const UnixSeconds noon = 1782907200;
  EXPECT_EQ(local_datetime(noon, "Europe/Paris"), "2026-07-01T14:00");
  EXPECT_EQ(local_datetime(noon, "Africa/Bamako"), "2026-07-01T12:00");
  EXPECT_EQ(parse_local_datetime("2026-07-01T14:00", "Europe/Paris").value(), noon);
  // Winter: one hour ahead of UTC only.
  EXPECT_EQ(parse_local_datetime("2026-12-01T10:30", "Europe/Paris").value(),
            parse_local_datetime("2026-12-01T09:30", "UTC").value());
  EXPECT_EQ(parse_local_datetime("2026-12-01T09:30:15", "UTC").value() % 60, 15);
}

TEST(LocalDatetime, MalformedTimesAreRefused) {
  for (const char* text :
       {"", "2026-13-01T10:00", "2026-12-01", "demain", "2026-02-30T10:00", "2026-12-01T25:00"}) {
    EXPECT_FALSE(parse_local_datetime(text, "Europe/Paris")) << text;
  }
}

}  // namespace
}  // namespace tribune
