// Theme loading and mustache rendering (kainjow's mustache from Debian).
#include "render/theme.h"

#include <kainjow/mustache.hpp>

#include <mutex>

#include "core/fs.h"
#include "embedded/embedded.h"

namespace tribune {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kTemplateSuffix = ".mustache";

// The library's set() and push_back() take their value by const reference and copy it deeply,
// so that building nested data level by level copies every leaf once per level (six times for
// a reply to a comment). A small placeholder is inserted instead, and the real value moved
// into it: the library hands back only const access to what it holds, but the object is not
// const (it lives in the data's own map or list), so writing through it is well defined.
void set_moved(mustache::data& object, const std::string& key, mustache::data value) {
  object.set(key, mustache::data(mustache::data::type::bool_false));
  *const_cast<mustache::data*>(object.get(key)) = std::move(value);
}

void push_back_moved(mustache::data& list, mustache::data value) {
  list.push_back(mustache::data(mustache::data::type::bool_false));
  const_cast<mustache::data&>(list.list_value().back()) = std::move(value);
}

mustache::data to_mustache(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, member] : value.items()) set_moved(object, key, to_mustache(member));
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) push_back_moved(list, to_mustache(item));
      return list;
    }
    case nlohmann::json::value_t::string:
      // An empty string is false, as in JavaScript mustache: {{#intro}}…{{/intro}} is skipped.
      if (value.get_ref<const std::string&>().empty()) {
        return mustache::data(mustache::data::type::bool_false);
      }
      return mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? mustache::data(mustache::data::type::bool_true)
                               : mustache::data(mustache::data::type::bool_false);
    case nlohmann::json::value_t::null:
      return mustache::data(mustache::data::type::bool_false);
    default:
      return mustache::data(value.dump());
  }
}

}  // namespace

Result<Theme> Theme::load(const std::optional<std::filesystem::path>& override_dir) {
  return load_from("default", override_dir);
}

Result<Theme> Theme::load_builtin(std::string_view name) { return load_from(name, std::nullopt); }

Result<Theme> Theme::load_from(std::string_view builtin,
                               const std::optional<std::filesystem::path>& override_dir) {
  Theme theme;
  auto add = [&](std::string_view name, std::string content, const std::string& source) -> Status {
    if (name.ends_with(kTemplateSuffix)) {
      mustache::mustache parsed(content);
      if (!parsed.is_valid()) {
        Error error = make_error(Errc::invalid_input, "template error: " + parsed.error_message());
        error.source = source;
        return error;
      }
      theme.templates_[std::string(name.substr(0, name.size() - kTemplateSuffix.size()))] =
          std::move(content);
    } else {
      theme.assets_[std::string(name)] = std::move(content);
    }
    return Ok{};
  };
  const std::string folder = "themes/" + std::string(builtin) + "/";
  for (std::string_view path : embedded::list(folder)) {
    TRIBUNE_TRY(
        add(path.substr(folder.size()), std::string(*embedded::find(path)), std::string(path)));
  }
  std::error_code ignored;
  if (override_dir && std::filesystem::is_directory(*override_dir, ignored)) {
    for (const auto& entry : std::filesystem::directory_iterator(*override_dir, ignored)) {
      if (!entry.is_regular_file()) continue;
      auto content = fs::read_file(entry.path());
      if (!content) return content.error();
      TRIBUNE_TRY(
          add(entry.path().filename().string(), std::move(*content), entry.path().string()));
    }
  }
  theme.compile();
  return theme;
}

namespace {

// A partial that changes the delimiters ({{=<% %>=}}) changes them for itself only: written
// into its includer, it would change them for the rest of it. Such partials stay partials.
bool sets_delimiters(std::string_view source) { return source.find("{{=") != std::string::npos; }

// Partials ({{> _NAME}}) written into the templates that include them, once at load: the
// library would otherwise parse a partial again at each use (once per comment of a page).
// Mustache renders a partial in the context of its tag, exactly as text written in its place.
std::string expand_partials(std::string_view source,
                            const std::map<std::string, std::string, std::less<>>& templates,
                            int depth = 0) {
  constexpr int kMaxDepth = 8;  // a partial including itself stops here, left as a tag
  std::string out;
  std::size_t position = 0;
  while (true) {
    std::size_t open = source.find("{{>", position);
    std::size_t close = open == std::string_view::npos ? open : source.find("}}", open);
    if (close == std::string_view::npos) break;
    std::string_view name = source.substr(open + 3, close - open - 3);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    auto partial = templates.find(name);
    out.append(source.substr(position, open - position));
    if (partial == templates.end() || depth >= kMaxDepth || sets_delimiters(partial->second)) {
      // Left for the library: it renders an unknown partial as nothing.
      out.append(source.substr(open, close + 2 - open));
    } else {
      out += expand_partials(partial->second, templates, depth + 1);
    }
    position = close + 2;
  }
  out.append(source.substr(position));
  return out;
}

}  // namespace

// Parsed templates kept between renders. The library's render is not const (it walks its
// parse tree mutably), so each render borrows a parsed copy that no other thread is using.
struct Theme::Compiled {
  std::map<std::string, std::string, std::less<>> sources;         // partials expanded
  std::vector<std::pair<std::string, std::string>> kept_partials;  // see sets_delimiters

  // `view` as the library's data, with the partials not written in attached.
  mustache::data data_of(const nlohmann::json& view) const {
    mustache::data data = to_mustache(view);
    for (const auto& [name, source] : kept_partials) {
      const std::string* text = &source;
      data.set(name, mustache::partial([text] { return *text; }));
    }
    return data;
  }
  std::mutex mutex;
  std::map<std::string, std::vector<std::unique_ptr<mustache::mustache>>, std::less<>> idle;

  // Renders template `name` (which exists) with `data`.
  std::string render(const std::string& name, const mustache::data& data) {
    std::unique_ptr<mustache::mustache> parsed;
    {
      std::lock_guard lock(mutex);
      auto& spare = idle[name];
      if (!spare.empty()) {
        parsed = std::move(spare.back());
        spare.pop_back();
      }
    }
    if (!parsed) parsed = std::make_unique<mustache::mustache>(sources.find(name)->second);
    std::string out = parsed->render(data);
    if (parsed->is_valid()) {
      std::lock_guard lock(mutex);
      idle[name].push_back(std::move(parsed));
    }
    return out;
  }
};

void Theme::compile() {
  auto compiled = std::make_shared<Compiled>();
  for (const auto& [name, source] : templates_) {
    compiled->sources[name] = expand_partials(source, templates_);
    if (name.starts_with('_') && sets_delimiters(source)) {
      compiled->kept_partials.emplace_back(name, compiled->sources[name]);
    }
  }
  compiled_ = std::move(compiled);
}

Result<std::string> Theme::render_document(std::string_view name,
                                           const nlohmann::json& view) const {
  auto document = compiled_->sources.find(name);
  if (document == compiled_->sources.end()) {
    return make_error(Errc::not_found, "the theme has no template '" + std::string(name) + "'");
  }
  return compiled_->render(document->first, compiled_->data_of(view));
}

Result<std::string> Theme::render_page(std::string_view name, const nlohmann::json& view) const {
  auto page = compiled_->sources.find(name);
  if (page == compiled_->sources.end() || !compiled_->sources.contains("layout")) {
    return make_error(Errc::not_found, "the theme has no template '" + std::string(name) + "'");
  }
  mustache::data data = compiled_->data_of(view);
  data.set("content", compiled_->render(page->first, data));
  return compiled_->render("layout", data);
}

std::optional<std::string_view> Theme::asset(std::string_view name) const {
  auto found = assets_.find(name);
  if (found == assets_.end()) return std::nullopt;
  return std::string_view(found->second);
}

std::vector<std::string> Theme::asset_names() const {
  std::vector<std::string> names;
  for (const auto& [name, content] : assets_) names.push_back(name);
  return names;
}

}  // namespace tribune
