// Fuzzes multipart/form-data (http/multipart.h), the body of the admin's CSV upload: the
// boundary read from a Content-Type, then the body split on it. The input is the Content-Type
// line, a newline, and the body.
#include "fuzz/fuzz_check.h"
#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  std::string_view input = fuzz::as_text(data, size);
  std::size_t line_end = input.find('\n');
  std::string_view content_type = input.substr(0, line_end);
  std::string_view body =
      line_end == std::string_view::npos ? std::string_view() : input.substr(line_end + 1);
  auto boundary = http::multipart_boundary(content_type);
  if (!boundary) return 0;
  fuzz::check(!boundary->empty() && boundary->size() <= 70, "a boundary has 1 to 70 characters");
  auto parts = http::parse_multipart(body, *boundary);
  if (!parts) return 0;
  fuzz::check(parts->size() <= http::kMaxFormParts, "at most kMaxFormParts parts");
  for (const http::FormPart& part : *parts) {
    fuzz::check(part.body.size() <= body.size(), "a part's body lies within the body");
  }
  return 0;
}
