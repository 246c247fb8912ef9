// tribune comments list|approve|spam|trash|hold: moderation from the command line, one
// comment or many at once.
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "core/time.h"

namespace tribune::cli {
namespace {

// The first line of `text`, cut for a one-line listing.
std::string excerpt(const std::string& text) {
  constexpr std::size_t kWidth = 60;
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() <= kWidth) return line;
  std::size_t cut = kWidth;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return line.substr(0, cut) + "…";
}

}  // namespace

void add_comments_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string status_name = "pending";
    std::vector<Id> ids;
  };
  auto options = std::make_shared<Options>();
  CLI::App* comments = app.add_subcommand("comments", "Moderate reader comments");
  comments->require_subcommand(1);

  CLI::App* list = comments->add_subcommand("list", "List comments (the moderation queue)");
  list->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  list->add_option("--status", options->status_name, "pending, approved, spam or trash")
      ->capture_default_str();
  list->callback([options, &status] {
    auto wanted = parse_comment_status(options->status_name);
    if (!wanted) {
      status = report(
          make_error(Errc::invalid_input, "expected pending, approved, spam or trash", "--status"));
      return;
    }
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto found = folder.store->comments(std::nullopt, *wanted);
      if (!found) {
        status = report(found.error());
        return;
      }
      for (const Comment& comment : *found) {
        std::cout << comment.id << "\t" << format_iso8601(comment.created_at) << "\tarticle "
                  << comment.article_id << "\t" << comment.author_name << " <"
                  << comment.author_email << ">\t" << excerpt(comment.body) << "\n";
      }
    });
  });

  // One subcommand per destination; "hold" puts a comment back in the queue.
  for (auto [name, destination, help] :
       {std::tuple{"approve", CommentStatus::approved, "Publish comments"},
        std::tuple{"spam", CommentStatus::spam, "Mark comments as spam"},
        std::tuple{"trash", CommentStatus::trash, "Move comments to the trash"},
        std::tuple{"hold", CommentStatus::pending, "Hold comments for moderation again"}}) {
    CLI::App* move = comments->add_subcommand(name, help);
    move->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
    move->add_option("ids", options->ids, "comment ids, as `comments list` prints them")
        ->required();
    move->callback([options, &status, destination] {
      with_data_folder(options->data, status, [&](DataFolder& folder) {
        Status moved = folder.store->set_comment_status(options->ids, destination);
        if (!moved) {
          status = report(moved.error());
          return;
        }
        std::cout << options->ids.size() << (options->ids.size() == 1 ? " comment " : " comments ")
                  << comment_status_name(destination) << ".\n";
      });
    });
  }
}

}  // namespace tribune::cli
