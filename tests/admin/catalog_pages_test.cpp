// The catalog's screens through the request handler: sections renamed, moved and merged with
// their old addresses answering 301 on the public site, tags and authors likewise, the role
// checks, refusals that name their field, and the audit log.
#include <algorithm>

#include "core/settings_schema.h"

#include "admin/admin_fixture.h"

namespace tribune::admin {
namespace {

class CatalogPagesTest : public AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    add_account("Fanta Keïta", "fanta@example.org", Role::editor);
    publish("securite-au-sahel", {"Blog", "Sécurité"}, {"Élections", "Vote"});
    publish("match-du-jour", {"Sport"}, {"Vote"});
    handler_->reload();
    awa_ = log_in("awa@example.org");
    token_ = csrf(awa_);
  }

  void publish(const std::string& slug, std::vector<std::string> sections,
               std::vector<std::string> tags) {
    NewArticle article;
    article.slug = slug;
    article.lang = "fr";
    article.body_html = "<p>Texte</p>";
    article.word_count = 1;
    article.draft.source = slug;
    article.draft.title = "Titre " + slug;
    article.draft.author_name = "Awa Diallo";
    article.draft.section_path = std::move(sections);
    article.draft.tags = std::move(tags);
    article.draft.body_markdown = "Texte";
    article.draft.published_at = now_ - 3600;
    ASSERT_TRUE(store_->save_articles({article}, AuthorPolicy::create_missing, now_).ok());
  }

  Id section_id(const std::string& path) {
    auto sections = store_->sections();
    EXPECT_TRUE(sections.ok());
    for (const Section& section : *sections) {
      if (section.path == path) return section.id;
    }
    return 0;
  }

  Answer post(const std::string& path, const std::string& fields, const std::string& cookie = {}) {
    const std::string& who = cookie.empty() ? awa_ : cookie;
    return send("POST", path, fields + "&csrf=" + (cookie.empty() ? token_ : csrf(cookie)), who);
  }

  bool audited(const std::string& action) {
    auto audit = store_->audit_log(0, 50);
    EXPECT_TRUE(audit.ok());
    return std::any_of(audit->begin(), audit->end(),
                       [&](const AuditEntry& entry) { return entry.action == action; });
  }

  std::string awa_;
  std::string token_;
};

TEST_F(CatalogPagesTest, ARenamedSectionsOldAddressesAnswer301) {
  EXPECT_EQ(send("GET", "/category/blog/securite/").status, 200);
  Answer list = send("GET", "/admin/sections/", {}, awa_);
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Blog › Sécurité"), std::string::npos);

  const std::string blog = "/admin/sections/" + std::to_string(section_id("blog")) + "/";
  ASSERT_EQ(send("GET", blog, {}, awa_).status, 200);
  Answer saved = post(blog, "action=save&name=Journal&slug=&parent=0");
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("Location"), "/admin/sections/?done=saved");

  Answer moved = send("GET", "/category/blog/securite/");
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("Location"), "/category/journal/securite/");
  EXPECT_EQ(send("GET", "/category/blog/page/2/").header("Location"), "/category/journal/page/2/");
  EXPECT_EQ(send("GET", "/category/journal/securite/").status, 200);
  EXPECT_TRUE(audited("section_edit"));
}

TEST_F(CatalogPagesTest, RefusedSectionChangesNameTheirFieldAndChangeNothing) {
  const Id blog = section_id("blog");
  const std::string path = "/admin/sections/" + std::to_string(blog) + "/";
  Answer bad_slug = post(path, "action=save&name=Blog&slug=Mon+Blog&parent=0");
  EXPECT_EQ(bad_slug.status, 422);
  EXPECT_NE(bad_slug.body.find("Fin de l’adresse"), std::string::npos);
  EXPECT_NE(bad_slug.body.find("value=\"Mon Blog\""), std::string::npos) << "the form keeps input";
  Answer inside = post(path, "action=save&name=Blog&slug=blog&parent=" +
                                 std::to_string(section_id("blog/securite")));
  EXPECT_EQ(inside.status, 422);
  EXPECT_NE(inside.body.find("Rubrique parente"), std::string::npos);
  Answer taken = post(path, "action=save&name=Blog&slug=sport&parent=0");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(section_id("blog"), blog);
  EXPECT_EQ(post("/admin/sections/999/", "action=save&name=X&slug=&parent=0").status, 404);
  EXPECT_EQ(post(path, "action=explode").status, 422);
  EXPECT_EQ(send("GET", "/admin/sections/abc/", {}, awa_).status, 404);
  EXPECT_FALSE(audited("section_edit"));
}

TEST_F(CatalogPagesTest, NewSectionsNestAndMergingMovesArticlesAndAddresses) {
  Answer added =
      post("/admin/sections/", "name=Analyses&slug=&parent=" + std::to_string(section_id("blog")));
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_NE(section_id("blog/analyses"), 0);
  EXPECT_TRUE(audited("section_add"));
  EXPECT_EQ(post("/admin/sections/", "name=%3F%21&slug=&parent=0").status, 422);

  const std::string blog = "/admin/sections/" + std::to_string(section_id("blog")) + "/";
  Answer merged = post(blog, "action=merge&into=" + std::to_string(section_id("sport")));
  ASSERT_EQ(merged.status, 303) << merged.body;
  EXPECT_EQ(section_id("blog"), 0);
  EXPECT_NE(section_id("sport/securite"), 0);
  EXPECT_EQ(send("GET", "/category/blog/").header("Location"), "/category/sport/");
  EXPECT_EQ(send("GET", "/category/blog/securite/").header("Location"),
            "/category/sport/securite/");
  Answer sport = send("GET", "/category/sport/");
  EXPECT_NE(sport.body.find("Titre securite-au-sahel"), std::string::npos);
  EXPECT_TRUE(audited("section_merge"));
}

TEST_F(CatalogPagesTest, TagsAndAuthorsRenamedOrMergedKeepTheirLinks) {
  auto vote = store_->tag_by_slug("vote");
  ASSERT_TRUE(vote.ok());
  const std::string tag = "/admin/tags/" + std::to_string(vote->id) + "/";
  ASSERT_EQ(post(tag, "action=save&name=Scrutin&slug=").status, 303);
  EXPECT_EQ(send("GET", "/tag/vote/").header("Location"), "/tag/scrutin/");
  EXPECT_EQ(post(tag, "action=merge&into=Inconnu").status, 422);
  ASSERT_EQ(post(tag, "action=merge&into=%C3%89lections").status, 303);
  EXPECT_EQ(send("GET", "/tag/scrutin/").header("Location"), "/tag/elections/");
  EXPECT_EQ(send("GET", "/tag/vote/").header("Location"), "/tag/elections/");
  Answer elections = send("GET", "/tag/elections/");
  EXPECT_NE(elections.body.find("Titre match-du-jour"), std::string::npos);
  EXPECT_TRUE(audited("tag_edit"));
  EXPECT_TRUE(audited("tag_merge"));

  auto awa = store_->author_by_slug("awa-diallo");
  ASSERT_TRUE(awa.ok());
  const std::string author = "/admin/authors/" + std::to_string(awa->id) + "/";
  Answer saved =
      post(author, "name=Awa+Diallo+Traor%C3%A9&slug=&bio=Reporter+%C3%A0+Mopti+depuis+2019.");
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(send("GET", "/author/awa-diallo/").header("Location"), "/author/awa-diallo-traore/");
  Answer page = send("GET", "/author/awa-diallo-traore/");
  EXPECT_NE(page.body.find("Reporter à Mopti depuis 2019."), std::string::npos);
  ASSERT_EQ(post("/admin/authors/", "name=Moussa+Keita&bio=").status, 303);
  Answer taken = post(author, "name=Moussa+Keita&slug=&bio=");
  EXPECT_EQ(taken.status, 409);
  EXPECT_NE(taken.body.find("Nom : ce nom est déjà pris"), std::string::npos);
  EXPECT_TRUE(audited("author_edit"));
  EXPECT_TRUE(audited("author_add"));
}

TEST_F(CatalogPagesTest, OnlyEditorsKeepTheCatalogAndOnlyAdministratorsTheSettings) {
  std::string moussa = log_in("moussa@example.org");  // a contributor
  std::string fanta = log_in("fanta@example.org");    // an editor
  const std::string blog = "/admin/sections/" + std::to_string(section_id("blog")) + "/";
  for (const char* path : {"/admin/sections/", "/admin/tags/", "/admin/authors/"}) {
    EXPECT_EQ(send("GET", path, {}, moussa).status, 403) << path;
    EXPECT_EQ(send("GET", path, {}, fanta).status, 200) << path;
  }
  EXPECT_EQ(post(blog, "action=save&name=Pirate&slug=&parent=0", moussa).status, 403);
  EXPECT_NE(section_id("blog"), 0);
  Answer navigation = send("GET", "/admin/articles/", {}, moussa);
  EXPECT_EQ(navigation.body.find("/admin/sections/"), std::string::npos);

  EXPECT_EQ(send("GET", "/admin/settings/", {}, fanta).status, 403);
  EXPECT_EQ(post("/admin/settings/", "group=site&site.name=Pirate", fanta).status, 403);
  EXPECT_EQ(site_->settings().name, "Sahel Tribune");
}

TEST_F(CatalogPagesTest, EverySiteSettingIsOnTheScreenWithItsLabel) {
  Answer page = send("GET", "/admin/settings/", {}, awa_);
  ASSERT_EQ(page.status, 200);
  for (const SettingSpec& spec : all_settings()) {
    const std::string name = "name=\"" + std::string(spec.key) + "\"";
    if (spec.home == SettingHome::database) {
      EXPECT_NE(page.body.find(name), std::string::npos) << spec.key;
    } else {
      EXPECT_EQ(page.body.find(name), std::string::npos) << spec.key << " is the file's";
    }
  }
  // A label or help missing from the catalog would show its key.
  EXPECT_EQ(page.body.find("admin.setting"), std::string::npos);
  // And every catalog has them all, the English one as much as the French one.
  auto catalogs = Catalogs::load(std::nullopt);
  ASSERT_TRUE(catalogs.ok());
  for (const std::string& locale : catalogs->locales()) {
    const Catalog* catalog = catalogs->find(locale);
    for (const SettingSpec& spec : all_settings()) {
      if (spec.home != SettingHome::database) continue;
      const std::string key = "admin.setting." + std::string(spec.key);
      EXPECT_TRUE(catalog->has(key)) << locale << ": " << key;
      EXPECT_TRUE(catalog->has(key + ".help")) << locale << ": " << key;
      if (spec.kind != SettingKind::choice) continue;
      for (std::string_view choice : spec.choices) {
        EXPECT_TRUE(catalog->has(key + "." + std::string(choice))) << locale << ": " << choice;
      }
    }
  }
  EXPECT_NE(page.body.find("Pris en compte au prochain redémarrage"), std::string::npos);
}

TEST_F(CatalogPagesTest, InvalidSettingsAreRefusedWithTheirFieldAndNothingIsSaved) {
  Answer refused = post("/admin/settings/",
                        "group=site&site.name=Nouveau+nom&site.timezone=Mars%2FOlympus"
                        "&site.permalink=%2F%25year%25%2F");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Fuseau horaire : un fuseau horaire connu"), std::string::npos);
  EXPECT_NE(refused.body.find("Adresse des articles : commence par /"), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Mars/Olympus\""), std::string::npos);
  EXPECT_EQ(**store_->setting("site.name"), "Sahel Tribune") << "nothing of the group saved";
  EXPECT_EQ(post("/admin/settings/", "group=site&site.url=example.org").status, 422);
  EXPECT_EQ(post("/admin/settings/", "group=comments&comments.max_links=-1").status, 422);
  EXPECT_EQ(post("/admin/settings/", "group=comments&comments.moderator_email=moi").status, 422);
  EXPECT_EQ(post("/admin/settings/", "group=comments&comments.policy=censure").status, 422);
  EXPECT_FALSE(audited("setting"));

  Answer restart = post("/admin/settings/", "group=protection&views.counting=off");
  EXPECT_EQ(restart.header("Location"), "/admin/settings/?done=restart#group-protection");
  // (An https site.url makes the session cookie a Secure one: this plain-http browser is
  // signed out by the change below.)
  Answer saved = post("/admin/settings/",
                      "group=site&site.name=Le+Nouveau+Sahel&site.timezone=Africa%2FBamako"
                      "&site.url=https%3A%2F%2Fsahel.example%2F");
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("Location"), "/admin/settings/?done=saved#group-site");
  EXPECT_EQ(**store_->setting("site.url"), "https://sahel.example");
  EXPECT_NE(send("GET", "/").body.find("Le Nouveau Sahel"), std::string::npos);
  EXPECT_TRUE(audited("setting"));
}

}  // namespace
}  // namespace tribune::admin
