// The one error line of the command line (cli/report.h).
#include "cli/report.h"

#include <iostream>

namespace tribune::cli {

int report(const Error& error) {
  std::cerr << "tribune: " << error.to_string() << "\n";
  return 1;
}

}  // namespace tribune::cli
