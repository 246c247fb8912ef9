// Fuzzes the allowlist HTML sanitizer (render/html_sanitizer.h) every imported post goes
// through: any bytes give HTML that sanitizes to itself, as its contract says.
#include "fuzz/fuzz_check.h"
#include "render/html_sanitizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  std::string once = sanitize_html(fuzz::as_text(data, size));
  fuzz::check(sanitize_html(once) == once, "sanitized HTML sanitizes to itself");
  return 0;
}
