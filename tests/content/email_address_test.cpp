// The one email address rule (content/email_address.h) that forms, imports, settings and the
// message formatter share.
#include "content/email_address.h"

#include <gtest/gtest.h>

#include <string>

namespace tribune {
namespace {

TEST(EmailAddress, UsualAddressesAreAccepted) {
  for (const char* address :
       {"awa@example.org", "AWA@EXAMPLE.ORG", "o'brien@example.ie",
        "first.last+news@mail.example.org", "a_b-c@x.example", "x@sub-domain.example",
        "no-reply@127.0.0.1", "a@xn--sngal-bsa.example", "!#$%&*/=?^`{|}~@example.org"}) {
    EXPECT_TRUE(is_email_address(address)) << address;
  }
}

TEST(EmailAddress, MalformedAddressesAreRefused) {
  for (const char* address : {"",
                              "awa",
                              "awa.example.org",
                              "@example.org",
                              "awa@",
                              "awa@@example.org",
                              "awa@x@example.org",
                              "awa@localhost",
                              "awa@example.",
                              "awa@.example.org",
                              "awa@example..org",
                              ".awa@example.org",
                              "awa.@example.org",
                              "awa..d@example.org",
                              "awa@-example.org",
                              "awa@example-.org",
                              "awa@exa_mple.org",
                              "awa@[192.0.2.1]",
                              "\"awa\"@example.org",
                              "awa diallo@example.org",
                              "awa@example.org>",
                              "<awa@example.org",
                              "a,b@example.org",
                              "a;b@example.org",
                              "a:b@example.org",
                              "a\\b@example.org",
                              "a(b)@example.org"}) {
    EXPECT_FALSE(is_email_address(address)) << address;
  }
}

TEST(EmailAddress, ControlAndInvisibleCharactersAreRefused) {
  const std::string nul("awa\0@example.org", 17);
  for (const std::string& address :
       {nul, std::string("awa@example.org\r\nBcc: all@example.org"),
        std::string("awa\r@example.org"), std::string("awa\t@example.org"),
        std::string("awa\x7f@example.org"),
        std::string("awa\xc2\x85@example.org"),      // U+0085 NEL
        std::string("awa\xe2\x80\xa8@example.org"),  // U+2028 LINE SEPARATOR
        std::string("awa\xe2\x80\xae@example.org"),  // U+202E RIGHT-TO-LEFT OVERRIDE
        std::string("gro.elpmaxe@\xe2\x80\xae"
                    "awa"),
        std::string("awa\xe2\x80\x8f@example.org"),
        std::string("awa@s\xc3\xa9n\xc3\xa9gal.example"),  // not in its xn-- form
        std::string("\xc3\xa9@example.org")}) {
    EXPECT_FALSE(is_email_address(address)) << address;
  }
}

TEST(EmailAddress, LengthLimits) {
  std::string local(64, 'a');
  EXPECT_TRUE(is_email_address(local + "@example.org"));
  EXPECT_FALSE(is_email_address(local + "a@example.org"));
  std::string label(63, 'b');
  EXPECT_TRUE(is_email_address("a@" + label + ".org"));
  EXPECT_FALSE(is_email_address("a@" + label + "b.org"));
  std::string domain = label + "." + label + "." + label + "." + std::string(58, 'c');
  EXPECT_TRUE(is_email_address("a@" + domain + ".o"));  // 254 bytes
  EXPECT_FALSE(is_email_address("ab@" + domain + ".o"));
}

}  // namespace
}  // namespace tribune
