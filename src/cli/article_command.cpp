// tribune article list|show|publish|unpublish|delete|restore: the newsroom's articles in every
// state, from the command line (the admin's desk without a browser).
#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "core/time.h"
#include "store/editorial_rules.h"

namespace tribune::cli {
namespace {

// What the command line signs revisions and the audit log with.
const Actor kCommandLine{0, "command line"};

// "scheduled" for a published article dated after `now`, else the state's name.
std::string shown_state(ArticleState state, UnixSeconds published_at, UnixSeconds now) {
  if (state == ArticleState::published && published_at > now) return "scheduled";
  return std::string(state_name(state));
}

// The article an argument names: a number is an id, anything else a slug.
Result<Article> find_article(Store& store, const std::string& which) {
  if (!which.empty() && which.find_first_not_of("0123456789") == std::string::npos) {
    return store.article_for_editing(std::stoll(which));
  }
  return store.article_for_editing_by_slug(which);
}

std::string joined(const std::vector<std::string>& names, std::string_view separator) {
  std::string text;
  for (const std::string& name : names) {
    if (!text.empty()) text += separator;
    text += name;
  }
  return text;
}

void print_article(Store& store, const Article& article, int& status) {
  const UnixSeconds now = now_seconds();
  std::vector<std::string> sections;
  for (const Section& section : article.sections) sections.push_back(section.name);
  std::vector<std::string> tags;
  for (const Tag& tag : article.tags) tags.push_back(tag.name);
  std::cout << "id\t" << article.id << "\nslug\t" << article.slug << "\ntitle\t" << article.title
            << "\nstate\t" << shown_state(article.state, article.published_at, now) << "\ndate\t"
            << format_iso8601(article.published_at) << "\nupdated\t"
            << format_iso8601(article.updated_at) << "\nauthor\t" << article.author.name
            << "\nsection\t" << joined(sections, " / ") << "\ntags\t" << joined(tags, ", ")
            << "\nlang\t" << article.lang << "\n";
  if (article.state == ArticleState::trash) {
    std::cout << "trashed\t" << format_iso8601(article.trashed_at) << "\n";
  }
  if (!article.correction.empty()) {
    std::cout << "correction\t" << format_iso8601(article.corrected_at) << "\t"
              << article.correction << "\n";
  }
  auto revisions = store.revisions(article.id);
  if (!revisions) {
    status = report(revisions.error());
    return;
  }
  std::cout << "revisions\t" << revisions->size() << "\n";
  for (const Revision& revision : *revisions) {
    std::cout << "  " << revision.number << "\t" << format_iso8601(revision.saved_at) << "\t"
              << revision.user_name << "\t" << revision.note << "\n";
  }
}

// One state change asked of many articles.
struct Move {
  const char* name;
  ArticleState to;
  const char* help;
  const char* done;  // "Published", …
};

}  // namespace

void add_article_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string state;
    std::string section;
    std::string author;
    std::string search;
    int limit = 50;
    std::string which;
    std::vector<std::string> articles;
  };
  auto options = std::make_shared<Options>();
  CLI::App* desk = app.add_subcommand("article", "Manage articles in every state");
  desk->require_subcommand(1);

  CLI::App* list = desk->add_subcommand(
      "list", "List articles, most recently updated first: id, state, date, slug, title");
  list->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  list->add_option("--state", options->state,
                   "draft, scheduled, published, unpublished or trash (default: all but trash)");
  list->add_option("--section", options->section,
                   "a section's path of slugs (blog/securite), its sub-sections included");
  list->add_option("--author", options->author, "an author's slug");
  list->add_option("--search", options->search, "words the title contains (any case)");
  list->add_option("--limit", options->limit, "at most this many")->capture_default_str();
  list->callback([options, &status] {
    ArticleFilter filter;
    filter.now = now_seconds();
    filter.limit = options->limit;
    filter.title_contains = options->search;
    if (options->state == "scheduled") {
      filter.state = ArticleState::published;
      filter.scheduled_only = true;
    } else if (!options->state.empty()) {
      filter.state = state_from_name(options->state);
      if (!filter.state) {
        status = report(make_error(Errc::invalid_input,
                                   "expected draft, scheduled, published, unpublished or trash",
                                   "--state"));
        return;
      }
    }
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      Store& store = *folder.store;
      if (!options->section.empty()) {
        auto sections = store.sections();
        if (!sections) {
          status = report(sections.error());
          return;
        }
        for (const Section& section : *sections) {
          if (section.path == options->section) filter.section_id = section.id;
        }
        if (filter.section_id == 0) {
          status = report(
              make_error(Errc::not_found, "no section '" + options->section + "'", "--section"));
          return;
        }
      }
      if (!options->author.empty()) {
        auto author = store.author_by_slug(options->author);
        if (!author) {
          status = report(author.error());
          return;
        }
        filter.author_id = author->id;
      }
      auto page = store.find_articles(filter);
      if (!page) {
        status = report(page.error());
        return;
      }
      for (const DeskEntry& entry : page->articles) {
        std::cout << entry.id << "\t" << shown_state(entry.state, entry.published_at, filter.now)
                  << "\t" << format_iso8601(entry.published_at) << "\t" << entry.slug << "\t"
                  << entry.title << "\n";
      }
    });
  });

  CLI::App* show = desk->add_subcommand("show", "Show an article (any state) and its revisions");
  show->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  show->add_option("article", options->which, "its id or slug")->required();
  show->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      auto found = find_article(*folder.store, options->which);
      if (!found) {
        status = report(found.error());
        return;
      }
      print_article(*folder.store, *found, status);
    });
  });

  static const Move kMoves[] = {
      {"publish", ArticleState::published,
       "Publish articles: live at their date (scheduled when it is to come); subscribers are "
       "mailed once when one goes live, never again",
       "Published"},
      {"unpublish", ArticleState::unpublished, "Take published articles off the site (404)",
       "Unpublished"},
      {"delete", ArticleState::trash,
       "Put articles in the trash (410 Gone; restorable until purged, 30 days on)", "Trashed"},
      {"restore", ArticleState::draft, "Take articles out of the trash, back in the state they had",
       "Restored"},
  };
  for (const Move& move : kMoves) {
    CLI::App* command = desk->add_subcommand(move.name, move.help);
    command->footer(
        "Every ID or SLUG is looked up first: when one is unknown (each is named on stderr) "
        "nothing changes. Then each changes in turn, one line each; one that cannot (a draft "
        "cannot be unpublished) is named on stderr, the others still change, and the exit "
        "status is non-zero.");
    command->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
    command->add_option("articles", options->articles, "ids or slugs")->required();
    command->callback([options, &status, move] {
      with_data_folder(options->data, status, [&](DataFolder& folder) {
        Store& store = *folder.store;
        std::vector<Article> found;
        for (const std::string& which : options->articles) {
          auto article = find_article(store, which);
          if (!article) {
            status = report(article.error());
            continue;
          }
          found.push_back(std::move(*article));
        }
        if (status != 0) return;  // all or nothing for unknown articles
        for (const Article& article : found) {
          if (move.to == ArticleState::draft && article.state != ArticleState::trash) {
            status = report(
                make_error(Errc::invalid_input, "article " + std::to_string(article.id) + " (" +
                                                    article.slug + ") is not in the trash"));
            continue;
          }
          const UnixSeconds now = now_seconds();
          Status changed = store.set_article_state(article.id, move.to, kCommandLine, now);
          if (!changed) {
            Error error = changed.error();
            error.source = article.slug;
            status = report(error);
            continue;
          }
          auto after = store.article_for_editing(article.id);
          std::cout << move.done << " " << article.id << "\t" << article.slug;
          if (after) std::cout << "\t" << shown_state(after->state, after->published_at, now);
          std::cout << "\n";
        }
      });
    });
  }
}

}  // namespace tribune::cli
