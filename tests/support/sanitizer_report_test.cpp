// How tests recognise a sanitizer's report in a child process's stderr (sanitizer_report), on
// the texts GCC 12's AddressSanitizer, LeakSanitizer, UBSan and ThreadSanitizer print.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "support/process.h"

namespace tribune::testing {
namespace {

TEST(SanitizerReport, NamesTheSummaryLineOfAnAddressSanitizerError) {
  const std::string err =
      "[info] serving\n"
      "==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010\n"
      "    #0 0x55 in tribune::http::Server::run() src/http/server.cpp:120\n"
      "SUMMARY: AddressSanitizer: heap-use-after-free src/http/server.cpp:120 in run\n"
      "==4242==ABORTING\n";
  EXPECT_EQ(sanitizer_report(err),
            "SUMMARY: AddressSanitizer: heap-use-after-free src/http/server.cpp:120 in run");
}

TEST(SanitizerReport, FindsALeakReportedAtExit) {
  const std::string err =
      "==77==ERROR: LeakSanitizer: detected memory leaks\n\n"
      "Direct leak of 7 byte(s) in 1 object(s) allocated from:\n"
      "SUMMARY: AddressSanitizer: 7 byte(s) leaked in 1 allocation(s).";
  EXPECT_EQ(sanitizer_report(err),
            "SUMMARY: AddressSanitizer: 7 byte(s) leaked in 1 allocation(s).");
}

TEST(SanitizerReport, FindsUndefinedBehaviourAndDataRaces) {
  EXPECT_EQ(sanitizer_report("src/core/time.cpp:40:12: runtime error: signed integer overflow: "
                             "2147483647 + 1 cannot be represented in type 'int'\n"),
            "src/core/time.cpp:40:12: runtime error: signed integer overflow: "
            "2147483647 + 1 cannot be represented in type 'int'");
  EXPECT_EQ(sanitizer_report("WARNING: ThreadSanitizer: data race (pid=9)\n"
                             "SUMMARY: ThreadSanitizer: data race src/http/page_cache.cpp:51 in "
                             "get\n==================\n"),
            "SUMMARY: ThreadSanitizer: data race src/http/page_cache.cpp:51 in get");
}

TEST(SanitizerReport, IgnoresOrdinaryOutput) {
  EXPECT_EQ(sanitizer_report(""), "");
  // A summary that is not a sanitizer's, such as an import's, is not a report.
  EXPECT_EQ(sanitizer_report("SUMMARY: 3 articles imported\nruntime error in the feed\n"), "");
}

// The whole path on a real sanitizer: a child's UBSan report fails the test that ran it, even
// though nothing else about the child (its output, its status) is checked.
TEST(SanitizerReport, AChildsReportFailsTheTestThatRanIt) {
  EXPECT_NONFATAL_FAILURE(run_program({UNDEFINED_BEHAVIOUR_CHILD}),
                          "runtime error: signed integer overflow");
}

}  // namespace
}  // namespace tribune::testing
