// What the fuzz targets share: the input as text, and a check that stops the run (a finding
// libFuzzer saves, a failed replay test) when a documented property of the result is broken.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace tribune::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Aborts naming `property` unless `holds`: a broken contract is a finding like a crash.
inline void check(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", property);
  std::abort();
}

}  // namespace tribune::fuzz
