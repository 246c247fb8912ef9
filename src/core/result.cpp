// Formatting of errors for stderr and logs.
#include "core/result.h"

namespace tribune {

std::string Error::to_string() const {
  std::string line;
  if (!source.empty()) line += source + ": ";
  if (!field.empty()) line += field + ": ";
  line += message;
  return line;
}

}  // namespace tribune
