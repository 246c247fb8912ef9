// Content hashes (BLAKE2b through libsodium) for ETags and asset fingerprints: stable across
// restarts and across servers, so that a cached copy stays valid behind a load balancer.
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// Lower-case hex of a BLAKE2b hash of `data`, `bytes` long (16 bytes: 32 hex digits).
std::string content_hash_hex(std::string_view data, std::size_t bytes = 16);

}  // namespace tribune
