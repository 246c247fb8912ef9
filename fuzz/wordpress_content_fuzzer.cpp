// Fuzzes the conversion of a WordPress post's content (wordpress/wordpress_content.h):
// shortcodes with their attributes, the paragraph rule and the sanitizer, on any text.
#include "fuzz/fuzz_check.h"
#include "render/html_sanitizer.h"
#include "wordpress/wordpress_content.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  // Attachments 12 and 13 exist, as in an export with a gallery; the others do not.
  static const WordpressContext kContext{
      .attachment = [](std::int64_t id) -> std::optional<WordpressAttachment> {
        if (id != 12 && id != 13) return std::nullopt;
        return WordpressAttachment{
            "https://example.org/wp-content/uploads/" + std::to_string(id) + ".jpg",
            "alt \"" + std::to_string(id) + "\"", "<b>caption</b>"};
      },
      .post_attachments = {{"https://example.org/a.jpg", "a", "first"}, {"/b.png", "", ""}}};
  std::string_view content = fuzz::as_text(data, size);
  std::string html = wordpress_to_html(content, kContext);
  fuzz::check(sanitize_html(html) == html, "a post's HTML is sanitized");
  // The two steps alone, as a classic post without shortcodes takes them.
  (void)wordpress_autop(content);
  (void)expand_shortcodes(content, kContext);
  return 0;
}
