#include "http/client_address.h"

#include <gtest/gtest.h>

namespace tribune::http {
namespace {

TEST(ClientAddress, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  std::vector<std::string> trusted = parse_trusted_proxies("127.0.0.1, 10.0.0.2");
  ASSERT_EQ(trusted.size(), 2u);
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", trusted), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1", trusted), "198.51.100.1");
  EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
  // The reader forged the leftmost entry; the proxies appended the rest.
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2", trusted),
            "198.51.100.1");
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.2", trusted), "127.0.0.1");
  EXPECT_TRUE(parse_trusted_proxies("").empty());
}

}  // namespace
}  // namespace tribune::http
