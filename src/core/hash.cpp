// BLAKE2b content hashes.
#include "core/hash.h"

#include <sodium.h>

#include <vector>

namespace tribune {

std::string content_hash_hex(std::string_view data, std::size_t bytes) {
  static const bool initialized = sodium_init() >= 0;  // idempotent, thread-safe once
  (void)initialized;
  std::vector<unsigned char> digest(bytes);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace tribune
