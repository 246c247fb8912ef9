// Fuzzes the WordPress export reader (wordpress/wxr_reader.h) on any file: XML, gzip or
// neither. read_wxr reads a path (it detects gzip itself), so each input is written to a file.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz/fuzz_check.h"
#include "wordpress/wxr_reader.h"

namespace {

using namespace tribune;

// Checks what the reader hands over: the site first, then entries; items in file order.
class CheckingVisitor : public WxrVisitor {
 public:
  Status site(const WxrSite&) override {
    fuzz::check(!site_seen_ && entries_ == 0, "site() comes once, before every entry");
    site_seen_ = true;
    return Ok{};
  }
  Status author(const WxrAuthor&) override { return entry(); }
  Status term(const WxrTerm&) override { return entry(); }
  Status item(WxrItem&& item) override {
    fuzz::check(item.line >= last_item_line_, "items come in file order");
    last_item_line_ = item.line;
    return entry();
  }

 private:
  Status entry() {
    fuzz::check(site_seen_, "site() comes before every entry");
    ++entries_;
    return Ok{};
  }
  bool site_seen_ = false;
  int entries_ = 0;
  int last_item_line_ = 0;
};

// One file per process, removed at exit: fuzzing jobs run side by side.
const std::filesystem::path& input_path() {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("tribune-fuzz-wxr-" + std::to_string(getpid()) + ".xml");
  // Registered once the path exists, so that it runs before the path's destructor.
  static const bool removed_at_exit = [] {
    return std::atexit([] {
             std::error_code ignored;
             std::filesystem::remove(path, ignored);
           }) == 0;
  }();
  (void)removed_at_exit;
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(input_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    fuzz::check(out.good(), "the input is written to its file");
  }
  CheckingVisitor visitor;
  Status read = read_wxr(input_path(), visitor);
  fuzz::check(read.ok() || read.error().code == Errc::invalid_input,
              "a file that reads is refused as invalid input only");
  return 0;
}
