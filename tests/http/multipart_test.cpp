// multipart/form-data as browsers send it, and bodies that are not: the boundary from the
// Content-Type, fields and files in order, and malformed bodies refused, never crashing.
#include "http/multipart.h"

#include <gtest/gtest.h>

namespace tribune::http {
namespace {

// The body Chromium sends for a form with a CSRF field and one file.
const std::string kBoundary = "----WebKitFormBoundaryq3GxTfG1bA2mH7Zk";
std::string browser_body(std::string_view file_content) {
  return "--" + kBoundary +
         "\r\n"
         "Content-Disposition: form-data; name=\"csrf\"\r\n"
         "\r\n"
         "0123abcd\r\n"
         "--" +
         kBoundary +
         "\r\n"
         "Content-Disposition: form-data; name=\"file\"; filename=\"abonn\xC3\xA9s.csv\"\r\n"
         "Content-Type: text/csv\r\n"
         "\r\n" +
         std::string(file_content) + "\r\n--" + kBoundary + "--\r\n";
}

TEST(MultipartBoundary, ComesFromTheContentTypeQuotedOrNot) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + kBoundary), kBoundary);
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=x"), "x");
  EXPECT_FALSE(multipart_boundary("application/x-www-form-urlencoded"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"unclosed"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
  EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=x"));
}

TEST(Multipart, ReadsFieldsAndFilesAsBrowsersSendThem) {
  const std::string csv = "email,status\r\nawa@example.org,confirmed\r\n";
  auto parts = parse_multipart(browser_body(csv), kBoundary);
  ASSERT_TRUE(parts.ok()) << parts.error().to_string();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ((*parts)[0].body, "0123abcd");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "abonn\xC3\xA9s.csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].body, csv) << "the file's own line ends are kept";
}

TEST(Multipart, KeepsEmptyFilesBinaryBytesAndIgnoresPreambleAndEpilogue) {
  auto empty = parse_multipart(browser_body(""), kBoundary);
  ASSERT_TRUE(empty.ok()) << empty.error().to_string();
  EXPECT_EQ((*empty)[1].body, "");
  constexpr char kBinary[] = "\0\r\n--not-the-boundary\xff";
  const std::string binary(kBinary, sizeof kBinary - 1);  // the NUL byte included
  auto bytes = parse_multipart(browser_body(binary), kBoundary);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  EXPECT_EQ((*bytes)[1].body, binary);
  auto framed = parse_multipart("a preamble\r\n" + browser_body("x") + "an epilogue", kBoundary);
  ASSERT_TRUE(framed.ok()) << framed.error().to_string();
  EXPECT_EQ(framed->size(), 2u);
  auto escaped = parse_multipart(
      "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"say \\\"hi\\\".csv\"\r\n\r\n"
      "x\r\n--b--",
      "b");
  ASSERT_TRUE(escaped.ok()) << escaped.error().to_string();
  EXPECT_EQ((*escaped)[0].filename, "say \"hi\".csv");
}

TEST(Multipart, RefusesMalformedBodiesWithoutCrashing) {
  const std::string good = browser_body("a,b\r\n");
  const std::vector<std::string> bodies = {
      "",
      "no delimiter at all",
      "--" + kBoundary,                                            // opens, nothing else
      "--" + kBoundary + "\r\n",                                   // no headers end
      "--" + kBoundary + "\r\n\r\nbody\r\n--" + kBoundary + "--",  // no Content-Disposition
      "--" + kBoundary + "\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nv\r\n--" +
          kBoundary + "--",
      "--" + kBoundary + "\r\nContent-Disposition: form-data\r\n\r\nv\r\n--" + kBoundary + "--",
      "--" + kBoundary + "\r\nContent-Disposition form-data; name=\"x\"\r\n\r\nv\r\n--" +
          kBoundary + "--",
      "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nnever closed",
      "--" + kBoundary + "junk\r\n",
      "--" + kBoundary + "\r\nX-Long: " + std::string(kMaxPartHeaderBytes, 'a') +
          "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--" + kBoundary + "--",
      good.substr(0, good.size() / 2),  // cut in the middle
      good.substr(0, good.size() - 8),  // cut in the closing delimiter
  };
  for (const std::string& body : bodies) {
    auto parts = parse_multipart(body, kBoundary);
    ASSERT_FALSE(parts.ok()) << body;
    EXPECT_EQ(parts.error().code, Errc::invalid_input);
  }
  EXPECT_FALSE(parse_multipart(good, "").ok());
  EXPECT_FALSE(parse_multipart(good, "another-boundary").ok());
  // Every cut of a good body is refused or read, never more than it holds.
  for (std::size_t size = 0; size < good.size(); ++size) {
    auto parts = parse_multipart(good.substr(0, size), kBoundary);
    if (parts.ok()) {
      EXPECT_LE(parts->size(), 2u);
    }
  }
}

TEST(Multipart, BoundsTheNumberOfParts) {
  std::string body;
  for (std::size_t i = 0; i <= kMaxFormParts; ++i) {
    body += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  }
  body += "--b--\r\n";
  auto parts = parse_multipart(body, "b");
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.error().code, Errc::invalid_input);
}

}  // namespace
}  // namespace tribune::http
