// Random tokens and their SHA-256 hashes, through libsodium.
#include "core/secret_token.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace tribune {
namespace {

void start_sodium() {
  // sodium_init is idempotent and thread-safe; without it randombytes may not be seeded.
  static const bool started = sodium_init() >= 0;
  if (!started) throw std::runtime_error("libsodium failed to start");
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string make_token() {
  start_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return to_hex(bytes.data(), bytes.size());
}

std::string token_hash(std::string_view token) {
  start_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return to_hex(digest.data(), digest.size());
}

}  // namespace tribune
