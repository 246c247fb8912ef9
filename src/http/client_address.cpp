// X-Forwarded-For handling.
#include "http/client_address.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>

namespace tribune::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool is_trusted_proxy(std::string_view peer, const std::vector<std::string>& trusted_proxies) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) != trusted_proxies.end();
}

bool is_loopback_address(std::string_view address) {
  boost::system::error_code error;
  auto parsed = boost::asio::ip::make_address(address, error);
  if (error) return false;
  if (parsed.is_v6() && parsed.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, parsed.to_v6())
        .is_loopback();
  }
  return parsed.is_loopback();
}

std::string_view client_address(std::string_view peer, std::string_view forwarded_for,
                                const std::vector<std::string>& trusted_proxies) {
  if (forwarded_for.empty() || !is_trusted_proxy(peer, trusted_proxies)) return peer;
  // Walk from the right: each hop appended the address it saw; the first one that is not a
  // proxy of ours is the reader (anything further left could be forged by the reader).
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    std::size_t comma = rest.rfind(',');
    std::string_view hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    if (!hop.empty() && !is_trusted_proxy(hop, trusted_proxies)) return hop;
    if (comma == std::string_view::npos) break;
    rest = rest.substr(0, comma);
  }
  return peer;
}

std::vector<std::string> parse_trusted_proxies(std::string_view setting) {
  std::vector<std::string> addresses;
  while (!setting.empty()) {
    std::size_t comma = setting.find(',');
    std::string_view item = trim(setting.substr(0, comma));
    if (!item.empty()) addresses.emplace_back(item);
    if (comma == std::string_view::npos) break;
    setting.remove_prefix(comma + 1);
  }
  return addresses;
}

}  // namespace tribune::http
