// X-Forwarded-For handling.
#include "http/client_address.h"

#include <algorithm>

namespace tribune::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_trusted(std::string_view address, const std::vector<std::string>& trusted_proxies) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
         trusted_proxies.end();
}

}  // namespace

std::string_view client_address(std::string_view peer, std::string_view forwarded_for,
                                const std::vector<std::string>& trusted_proxies) {
  if (forwarded_for.empty() || !is_trusted(peer, trusted_proxies)) return peer;
  // Walk from the right: each hop appended the address it saw; the first one that is not a
  // proxy of ours is the reader (anything further left could be forged by the reader).
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    std::size_t comma = rest.rfind(',');
    std::string_view hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    if (!hop.empty() && !is_trusted(hop, trusted_proxies)) return hop;
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
