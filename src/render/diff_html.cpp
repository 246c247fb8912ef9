// Each segment becomes its escaped text, wrapped according to its kind.
#include "render/diff_html.h"

#include "render/html.h"

namespace tribune {

std::string diff_to_html(const std::vector<DiffSegment>& segments) {
  std::string html;
  for (const DiffSegment& segment : segments) {
    switch (segment.kind) {
      case DiffKind::same:
        html += escape_html(segment.text);
        break;
      case DiffKind::removed:
        html += "<del>" + escape_html(segment.text) + "</del>";
        break;
      case DiffKind::added:
        html += "<ins>" + escape_html(segment.text) + "</ins>";
        break;
    }
  }
  return html;
}

}  // namespace tribune
