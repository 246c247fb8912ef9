// The names of an article body's formats.
#include "content/article.h"

namespace tribune {

std::string_view body_format_name(BodyFormat format) {
  return format == BodyFormat::html ? "html" : "markdown";
}

std::optional<BodyFormat> parse_body_format(std::string_view name) {
  if (name == "markdown") return BodyFormat::markdown;
  if (name == "html") return BodyFormat::html;
  return std::nullopt;
}

}  // namespace tribune
