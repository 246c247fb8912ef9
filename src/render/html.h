// Escaping for the few places where the program writes HTML or JSON-LD itself rather than
// through a mustache template.
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// Escapes & < > " ' for text and attribute values.
std::string escape_html(std::string_view text);

// Makes a JSON text safe inside <script type="application/ld+json">: "</" becomes "<\/".
std::string json_for_script(std::string_view json);

}  // namespace tribune
