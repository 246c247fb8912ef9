// Who the reader is, network-wise: the peer's address, unless the peer is a reverse proxy
// the operator trusts (server.trusted_proxies), in which case X-Forwarded-For tells.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tribune::http {

// The rightmost address in `forwarded_for` that is not a trusted proxy, when `peer` is one;
// `peer` otherwise (and when the header is empty). Never trusts the header from an untrusted
// peer, since any client can send it.
std::string_view client_address(std::string_view peer, std::string_view forwarded_for,
                                const std::vector<std::string>& trusted_proxies);

// True when `peer` is listed in `trusted_proxies`.
bool is_trusted_proxy(std::string_view peer, const std::vector<std::string>& trusted_proxies);

// True for 127.0.0.0/8 and ::1 (and the IPv4-mapped ::ffff:127.x.y.z) written as text.
bool is_loopback_address(std::string_view address);

// Splits the comma-separated setting into addresses.
std::vector<std::string> parse_trusted_proxies(std::string_view setting);

}  // namespace tribune::http
