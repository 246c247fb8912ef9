// Fuzzes the subscriber CSV import (content/subscriber_csv.h), the file an administrator
// uploads: any text is read or refused, and what is read is written and read back the same.
#include "content/subscriber_csv.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  // Sections as a site has them, so that the "sections" column can name real paths.
  static const std::vector<Section> kSections = {
      {.id = 1, .name = "Blog", .slug = "blog", .path = "blog"},
      {.id = 2, .parent_id = 1, .name = "Sécurité", .slug = "securite", .path = "blog/securite"},
      {.id = 3, .name = "Sport", .slug = "sport", .path = "sport"}};
  constexpr UnixSeconds kNow = 1800000000;
  auto read = read_subscribers_csv(fuzz::as_text(data, size), kSections, "fr", kNow);
  if (!read) return 0;
  std::string written = write_subscribers_csv(*read, kSections);
  auto again = read_subscribers_csv(written, kSections, "fr", kNow);
  fuzz::check(again.ok(), "a list read is written back as a CSV that reads");
  fuzz::check(again->size() == read->size(), "the written CSV holds every subscriber read");
  for (std::size_t i = 0; i < read->size(); ++i) {
    const Subscriber& before = (*read)[i];
    const Subscriber& after = (*again)[i];
    fuzz::check(before.email == after.email && before.status == after.status &&
                    before.frequency == after.frequency && before.lang == after.lang &&
                    before.section_ids == after.section_ids &&
                    before.created_at == after.created_at &&
                    before.confirmed_at == after.confirmed_at,
                "each subscriber reads back as it was written");
  }
  return 0;
}
