// The demo site that `tribune demo` serves: original articles in French and English, built
// into the binary (demo/ in the repository), loaded into an empty store.
#pragma once

#include "core/result.h"
#include "store/store.h"

namespace tribune {

// Sets the demo's name and description, adds its authors and imports its articles, in
// French for the interface. Fails (changing nothing more) when the store already has them.
Status install_demo_content(Store& store);

}  // namespace tribune
