// /admin/media/: any signed-in account adds a picture to the library through the form (a
// multipart upload, as a browser sends it), checked as `tribune media add` checks it; a
// refusal says why in the admin's language and keeps what was typed.
#include <fmt/format.h>

#include <filesystem>

#include "admin/admin_fixture.h"
#include "support/pictures.h"

namespace tribune::admin {
namespace {

class MediaPagesTest : public AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    if (HasFatalFailure()) return;
    admin_->set_media_folder(dir_ / "media");
    contributor_ = log_in("moussa@example.org");
    ASSERT_FALSE(contributor_.empty());
    token_ = csrf(contributor_);
  }

  // The form as Chromium sends it: its text fields, then the file.
  Answer upload(const std::string& bytes, const std::string& filename,
                const std::vector<std::pair<std::string, std::string>>& fields,
                const std::string& cookie) {
    const std::string boundary = "----WebKitFormBoundaryq3D8sDCUz4aQkCVn";
    std::string body;
    auto part = [&](const std::string& disposition, const std::string& extra,
                    const std::string& value) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n" +
              extra + "\r\n" + value + "\r\n";
    };
    part("name=\"csrf\"", "", token_);
    for (const auto& [name, value] : fields) part("name=\"" + name + "\"", "", value);
    part("name=\"file\"; filename=\"" + filename + "\"", "Content-Type: image/png\r\n", bytes);
    body += "--" + boundary + "--\r\n";
    return send("POST", "/admin/media/", body, cookie, "multipart/form-data; boundary=" + boundary);
  }

  std::size_t files_in_media_folder() {
    std::error_code ignored;
    if (!std::filesystem::exists(dir_ / "media", ignored)) return 0;
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator(dir_ / "media"),
                      std::filesystem::directory_iterator()));
  }

  std::string contributor_;
  std::string token_;
};

TEST_F(MediaPagesTest, AContributorAddsAPictureAndSeesItInTheLibrary) {
  Answer added = upload(testing::gradient_png(1200, 800), "Marché de Ségou.png",
                        {{"alt", "Des sacs de mil sur un étal"},
                         {"caption", "Le marché"},
                         {"credit", "Photo : Awa Diallo"},
                         {"name", ""}},
                        contributor_);
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.header("Location"), "/admin/media/?added=marche-de-segou");

  auto stored = store_->media_named("marche-de-segou");
  ASSERT_TRUE(stored.ok()) << stored.error().to_string();
  ASSERT_TRUE(stored->has_value());
  const Media& picture = **stored;
  EXPECT_EQ(picture.alt, "Des sacs de mil sur un étal");
  EXPECT_EQ(picture.credit, "Photo : Awa Diallo");
  for (const MediaVariant& variant : media_variants(picture, MediaFormat::webp)) {
    EXPECT_TRUE(std::filesystem::exists(dir_ / "media" / variant.file)) << variant.file;
  }

  Answer list = send("GET", "/admin/media/?added=marche-de-segou", {}, contributor_);
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(list.shows("Image ajoutée sous le nom « marche-de-segou »."));
  EXPECT_TRUE(list.shows("<code>marche-de-segou</code> · 1200 × 800"));
  EXPECT_TRUE(list.shows("<img src=\"/media/" + picture.hash + "-320.jpg\""));
  EXPECT_TRUE(list.shows("Des sacs de mil sur un étal"));
  auto log = store_->audit_log(0, 1);
  ASSERT_TRUE(log.ok() && !log->empty());
  EXPECT_EQ(log->front().action, "add_media");
  EXPECT_EQ(log->front().user_name, "Moussa Diarra");
  EXPECT_EQ(log->front().subject, "marche-de-segou");
}

TEST_F(MediaPagesTest, RefusalsSayWhyAndRecordNothing) {
  const std::string png = testing::gradient_png(400, 300);
  struct Case {
    std::string bytes;
    std::string filename;
    std::vector<std::pair<std::string, std::string>> fields;
    std::string says;
  };
  const std::vector<Case> cases = {
      {png,
       "a.png",
       {{"alt", ""}, {"caption", "Légende gardée"}},
       "Décrivez l’image : le texte alternatif est obligatoire."},
      {"<?php system($_GET['c']); ?>",
       "photo.jpg",
       {{"alt", "Un script"}, {"caption", "Légende gardée"}},
       "Ce fichier n’est pas une image acceptée"},
      {testing::png_claiming(20000, 20000),
       "bombe.png",
       {{"alt", "Une bombe"}, {"caption", "Légende gardée"}},
       "Ce fichier n’est pas une image acceptée"},
      {png,
       "a.png",
       {{"alt", "Un nom"}, {"name", "Nom Invalide!"}, {"caption", "Légende gardée"}},
       "Le nom ne peut contenir que"},
      {png, "", {{"alt", "Sans fichier"}, {"caption", "Légende gardée"}}, "Choisissez une image."},
  };
  for (const Case& c : cases) {
    Answer refused = upload(c.bytes, c.filename, c.fields, contributor_);
    EXPECT_EQ(refused.status, 422) << c.says;
    EXPECT_TRUE(refused.shows(c.says)) << refused.body;
    EXPECT_TRUE(refused.shows("value=\"Légende gardée\"")) << "what was typed is kept";
  }
  auto all = store_->all_media();
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
  EXPECT_EQ(files_in_media_folder(), 0u);

  // A name another picture has.
  ASSERT_EQ(upload(png, "a.png", {{"alt", "Une"}, {"name", "une"}}, contributor_).status, 303);
  Answer taken = upload(testing::gradient_png(401, 300), "b.png",
                        {{"alt", "Autre"}, {"name", "une"}}, contributor_);
  EXPECT_EQ(taken.status, 422);
  EXPECT_TRUE(taken.shows("Une autre image porte déjà ce nom"));
}

TEST_F(MediaPagesTest, TheLibraryIsListedFiftyPicturesAPageNewestFirst) {
  for (int i = 1; i <= 55; ++i) {
    Media media;
    media.name = "photo-" + std::to_string(i);
    media.hash = fmt::format("{:016x}", i);
    media.width = 1600;
    media.height = 900;
    media.alt = "Photo " + std::to_string(i);
    ASSERT_TRUE(store_->add_media(media).ok());
  }
  auto rows = [](const Answer& page) {
    int count = 0;
    for (std::size_t at = page.body.find("<li><img"); at != std::string::npos;
         at = page.body.find("<li><img", at + 1)) {
      ++count;
    }
    return count;
  };
  Answer first = send("GET", "/admin/media/", {}, contributor_);
  EXPECT_EQ(rows(first), 50);
  EXPECT_TRUE(first.shows("<code>photo-55</code>")) << "newest first";
  EXPECT_FALSE(first.shows("<code>photo-5</code>"));
  EXPECT_TRUE(first.shows("Page 1 sur 2"));
  EXPECT_TRUE(first.shows("href=\"/admin/media/?page=2\" rel=\"next\""));
  Answer second = send("GET", "/admin/media/?page=2", {}, contributor_);
  EXPECT_EQ(rows(second), 5);
  EXPECT_TRUE(second.shows("<code>photo-1</code>"));
  EXPECT_TRUE(second.shows("href=\"/admin/media/?page=1\" rel=\"prev\""));
  // A page past the last shows the last.
  EXPECT_EQ(rows(send("GET", "/admin/media/?page=99", {}, contributor_)), 5);
}

TEST_F(MediaPagesTest, OnlyTheSignedInUpload) {
  Answer signed_out = upload(testing::gradient_png(400, 300), "a.png", {{"alt", "A"}}, "");
  EXPECT_EQ(signed_out.status, 403);
  Answer page = send("GET", "/admin/media/");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.header("Location"), "/admin/login/?next=/admin/media/");
  auto all = store_->all_media();
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

}  // namespace
}  // namespace tribune::admin
