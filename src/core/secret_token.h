// Secrets handed to a browser or a mailbox (session cookies, one-time login links): a random
// token and the hash that is all the database keeps of it, so a copy of the database opens nothing.
#pragma once

#include <string>
#include <string_view>

namespace tribune {

// A new secret: 32 random bytes (libsodium's randombytes_buf) as 64 lower-case hex digits,
// safe in a URL path, a cookie and a form field.
std::string make_token();

// What the store keeps of `token`: the lower-case hex SHA-256 (64 digits) of its characters.
// Deterministic: looking a token up means hashing it and asking for the hash.
std::string token_hash(std::string_view token);

}  // namespace tribune
