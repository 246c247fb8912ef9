// How every command tells its user that something failed: one line on stderr naming what
// and where ("tribune: list.csv:3: email: not an email address"), and a non-zero exit code.
#pragma once

#include "core/result.h"

namespace tribune::cli {

// Prints "tribune: ERROR" on stderr and returns the exit code for it (1).
int report(const Error& error);

}  // namespace tribune::cli
