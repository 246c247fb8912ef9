// The media library against a real SQLite store and real files: what it refuses, what it
// strips, and the variants it makes.
#include "media/media_library.h"
#include "media/picture_codec.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "support/pictures.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

using media::can_encode_avif;
using media::MediaLibrary;
using media::NewPicture;

class MediaLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_sqlite_store(dir_ / "tribune.db");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
  }

  MediaLibrary library() { return MediaLibrary(*store_, dir_ / "media"); }

  // The files in the media folder.
  std::vector<std::string> files() {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "media", error)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(MediaLibraryTest, AScriptNamedLikeAPictureIsRefusedAndNothingIsKept) {
  auto added = library().add({"<?php system($_GET['c']); ?>\n", "shell.jpg", "", "A photo"});
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, Errc::invalid_input);
  EXPECT_EQ(added.error().field, "file");
  EXPECT_NE(added.error().message.find("not a JPEG, PNG, WebP or GIF picture"), std::string::npos)
      << added.error().message;
  EXPECT_TRUE(store_->all_media()->empty());
  EXPECT_TRUE(files().empty());
}

TEST_F(MediaLibraryTest, ADecompressionBombIsRefusedFromItsHeader) {
  const std::string bomb = testing::png_claiming(20000, 20000);
  ASSERT_LT(bomb.size(), 2000u);  // a small file that claims 400 megapixels
  auto added = library().add({bomb, "bomb.png", "", "A square"});
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().field, "file");
  EXPECT_NE(added.error().message.find("20000 × 20000 pixels"), std::string::npos)
      << added.error().message;
  EXPECT_TRUE(store_->all_media()->empty());
  EXPECT_TRUE(files().empty());
}

TEST_F(MediaLibraryTest, APictureNeedsItsAltText) {
  auto added = library().add({testing::gradient_png(400, 300), "chart.png", "", "  "});
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().field, "alt");
  EXPECT_TRUE(files().empty());
}

TEST_F(MediaLibraryTest, EveryVariantExistsAtItsWidthAndThePreviewAtItsSize) {
  auto added = library().add({testing::gradient_png(2000, 1250), "Marché de Ségou.png", "",
                              "Le marché", "Un jour de marché", "Photo : test"});
  ASSERT_TRUE(added.ok()) << added.error().to_string();
  EXPECT_EQ(added->name, "marche-de-segou");
  EXPECT_EQ(added->width, 2000);
  EXPECT_EQ(added->height, 1250);
  // Debian's libvips encodes AVIF (libheif with libaom): the library then makes it too.
  EXPECT_TRUE(can_encode_avif());
  EXPECT_EQ(added->avif, can_encode_avif());
  std::vector<std::string> expected;
  for (MediaFormat format : {MediaFormat::avif, MediaFormat::webp, MediaFormat::jpeg}) {
    const std::vector<MediaVariant> variants = media_variants(*added, format);
    ASSERT_EQ(variants.size(), 4u);  // 320, 640, 1024, 1600: never wider than the original
    for (const MediaVariant& variant : variants) {
      expected.push_back(variant.file);
      EXPECT_EQ(testing::image_size(dir_ / "media" / variant.file),
                std::to_string(variant.width) + "x" + std::to_string(variant.height))
          << variant.file;
    }
  }
  expected.push_back(media_share_file(*added));
  EXPECT_EQ(testing::image_size(dir_ / "media" / media_share_file(*added)), "1200x630");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(files(), expected);
  auto stored = store_->media_named("marche-de-segou");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->caption, "Un jour de marché");
  EXPECT_EQ((*stored)->credit, "Photo : test");
}

TEST_F(MediaLibraryTest, APictureNarrowerThanTheWidestIsKeptAtItsOwnWidthToo) {
  auto added = library().add({testing::gradient_png(700, 350), "small.png", "", "Small"});
  ASSERT_TRUE(added.ok()) << added.error().to_string();
  const std::vector<MediaVariant> variants = media_variants(*added, MediaFormat::jpeg);
  ASSERT_EQ(variants.size(), 3u);  // 320, 640 and 700: nothing is enlarged
  EXPECT_EQ(variants.back().width, 700);
  EXPECT_EQ(testing::image_size(dir_ / "media" / variants.back().file), "700x350");
}

TEST_F(MediaLibraryTest, GpsAndOtherMetadataAreStrippedAndTheOrientationApplied) {
  // A JPEG from a phone: made from a PNG by the library, then given GPS coordinates, a
  // camera model and the "rotate 90° clockwise" orientation with exiftool.
  auto first = library().add({testing::gradient_png(1200, 800), "source.png", "source", "x"});
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  const std::filesystem::path photo = dir_ / "photo.jpg";
  std::filesystem::copy_file(dir_ / "media" / media_variants(*first, MediaFormat::jpeg).back().file,
                             photo);
  auto tagged = testing::run_program({"/usr/bin/exiftool", "-q", "-overwrite_original",
                                      "-GPSLatitude=13.4512", "-GPSLatitudeRef=N",
                                      "-GPSLongitude=6.2589", "-GPSLongitudeRef=W",
                                      "-Model=Reporter Phone", "-Orientation#=6", photo.string()});
  ASSERT_EQ(tagged.exit_code, 0) << tagged.err;
  ASSERT_NE(testing::exif_tags(photo, "GPSLatitude Model"), "");  // the input has them

  auto added = library().add({testing::read_text(photo), "photo.jpg", "", "A market street"});
  ASSERT_TRUE(added.ok()) << added.error().to_string();
  // Upright: the 1200 × 800 picture turned a quarter.
  EXPECT_EQ(added->width, 800);
  EXPECT_EQ(added->height, 1200);
  for (MediaFormat format : {MediaFormat::avif, MediaFormat::webp, MediaFormat::jpeg}) {
    for (const MediaVariant& variant : media_variants(*added, format)) {
      const std::filesystem::path file = dir_ / "media" / variant.file;
      EXPECT_EQ(testing::exif_tags(file, "GPSLatitude GPSLongitude GPSPosition Model"), "")
          << variant.file;
      // libvips writes a minimal EXIF block into WebP and AVIF whatever it is asked: at most
      // the orientation, which must then say the pixels are upright.
      const std::string orientation = testing::exif_tags(file, "Orientation");
      EXPECT_TRUE(orientation.empty() || orientation == "Horizontal (normal)\n") << orientation;
      EXPECT_EQ(testing::image_size(file),
                std::to_string(variant.width) + "x" + std::to_string(variant.height));
    }
  }
  EXPECT_EQ(testing::exif_tags(dir_ / "media" / media_share_file(*added), "GPSLatitude Model"), "");
}

TEST_F(MediaLibraryTest, TheSamePictureAgainIsNoChangeAndAnotherUnderItsNameIsAConflict) {
  const std::string picture = testing::gradient_png(500, 400);
  auto first = library().add({picture, "a.png", "chart", "A chart"});
  ASSERT_TRUE(first.ok());
  auto again = library().add({picture, "a.png", "chart", "A chart"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  auto other = library().add({testing::gradient_png(500, 401), "b.png", "chart", "Another"});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, Errc::conflict);
  EXPECT_EQ(other.error().field, "name");
  EXPECT_EQ(store_->all_media()->size(), 1u);
}

TEST(MediaFileNames, OnlyTheLibrarysOwnNamesAreServed) {
  EXPECT_TRUE(is_media_file_name("0123456789abcdef-640.webp"));
  EXPECT_TRUE(is_media_file_name("0123456789abcdef-1200x630.jpg"));
  EXPECT_FALSE(is_media_file_name("../tribune.db"));
  EXPECT_FALSE(is_media_file_name("0123456789abcdef-640.webp/.."));
  EXPECT_FALSE(is_media_file_name("0123456789ABCDEF-640.jpg"));
  EXPECT_FALSE(is_media_file_name("0123456789abcdef-.jpg"));
  EXPECT_FALSE(is_media_file_name("0123456789abcdef-640.png"));
}

}  // namespace
}  // namespace tribune
