// Private to src/mail: GMime's one-time initialization and small owners for what GMime hands
// out (GObjects to unref, strings to g_free), so that every early return frees them.
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <mutex>
#include <string>

namespace tribune::mail::detail {

// g_mime_init is not safe to call from two threads at once; every GMime user calls this first.
inline void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};

// Owns one reference to a GObject (GMimeMessage, GMimeStream…).
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* memory) const { g_free(memory); }
};

// Owns a string GMime allocated with g_malloc.
using GCharPtr = std::unique_ptr<char, GFree>;

// The text of a GMime-allocated string (taking ownership), empty for null.
inline std::string take_string(char* text) {
  GCharPtr owner(text);
  return owner ? std::string(owner.get()) : std::string();
}

struct FormatOptionsFree {
  void operator()(GMimeFormatOptions* options) const { g_mime_format_options_free(options); }
};
using FormatOptionsPtr = std::unique_ptr<GMimeFormatOptions, FormatOptionsFree>;

}  // namespace tribune::mail::detail
