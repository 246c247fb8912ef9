// tribune media add|video|list: the media library's pictures, added from files on the server,
// and videos' posters.
#include <cstdlib>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "core/fs.h"
#include "media/media_library.h"
#include "media/video_poster.h"

namespace tribune::cli {

void add_media_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string file;
    std::string name;
    std::string alt;
    std::string caption;
    std::string credit;
    std::string url;
    std::string title;
    std::string poster;
  };
  auto options = std::make_shared<Options>();
  CLI::App* media = app.add_subcommand("media", "Manage the media library's pictures");
  media->require_subcommand(1);

  CLI::App* add = media->add_subcommand(
      "add",
      "Add a JPEG, PNG, WebP or GIF picture: stripped of its metadata (GPS included), saved in "
      "every width pages use; prints the name articles use (front matter image:, or "
      "![alt](name) in the text)");
  add->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  add->add_option("file", options->file, "the picture's file")->required();
  add->add_option("--alt", options->alt, "what the picture shows, for readers who cannot see it")
      ->required();
  add->add_option("--name", options->name,
                  "the name articles use (default: made from the file's name)");
  add->add_option("--caption", options->caption, "the caption under it");
  add->add_option("--credit", options->credit, "who made it: \"Photo : Awa Diallo\"");
  add->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto bytes = fs::read_file(options->file);
      if (!bytes) {
        status = report(bytes.error());
        return;
      }
      media::MediaLibrary library(*folder.store, media_folder(folder));
      auto added = library.add({std::move(*bytes), options->file, options->name, options->alt,
                                options->caption, options->credit});
      if (!added) {
        status = report(with_source(added.error(), options->file));
        return;
      }
      std::cout << "Added " << added->name << " (" << added->width << " × " << added->height
                << ")\n";
    });
  });

  CLI::App* video = media->add_subcommand(
      "video",
      "Keep a video's title and poster for its facade on article pages (a YouTube, Dailymotion "
      "or Facebook link alone on its line): asked of YouTube or Dailymotion when --title and "
      "--poster are not both given");
  video->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  video->add_option("url", options->url, "the video's address")->required();
  video->add_option("--title", options->title, "the video's title");
  video->add_option("--poster", options->poster, "a picture to show before it plays");
  video->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto link = parse_video_link(options->url);
      if (!link) {
        status = report(make_error(
            Errc::invalid_input, "not a YouTube, Dailymotion or Facebook video's address", "url"));
        return;
      }
      media::VideoDetails details{options->title, {}, options->poster};
      if (!options->poster.empty()) {
        auto bytes = fs::read_file(options->poster);
        if (!bytes) {
          status = report(bytes.error());
          return;
        }
        details.poster = std::move(*bytes);
      }
      if (options->title.empty() || options->poster.empty()) {
        // TRIBUNE_OEMBED_ENDPOINT: another address to ask than the provider's (a mirror).
        const char* endpoint = std::getenv("TRIBUNE_OEMBED_ENDPOINT");
        auto fetched = media::fetch_video_details(*link, endpoint ? endpoint : "");
        if (!fetched) {
          status = report(with_source(fetched.error(), options->url));
          return;
        }
        if (details.title.empty()) details.title = fetched->title;
        if (details.poster.empty()) {
          details.poster = std::move(fetched->poster);
          details.poster_source = fetched->poster_source;
        }
      }
      media::MediaLibrary library(*folder.store, media_folder(folder));
      auto added = media::add_video_poster(library, *link, details);
      if (!added) {
        status = report(with_source(added.error(), details.poster_source));
        return;
      }
      std::cout << "Added the poster of \"" << details.title << "\" as " << added->name << "\n";
    });
  });

  CLI::App* list =
      media->add_subcommand("list", "List the pictures, newest first: name, size, alt text");
  list->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  list->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto all = folder.store->all_media();
      if (!all) {
        status = report(all.error());
        return;
      }
      for (const Media& picture : *all) {
        std::cout << picture.name << "\t" << picture.width << "x" << picture.height << "\t"
                  << picture.alt << "\n";
      }
    });
  });
}

}  // namespace tribune::cli
