// tribune media add|list: the media library's pictures, added from files on the server.
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "core/fs.h"
#include "media/media_library.h"

namespace tribune::cli {

void add_media_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string file;
    std::string name;
    std::string alt;
    std::string caption;
    std::string credit;
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
