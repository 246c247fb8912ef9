// The demo site that `tribune demo` serves: original articles in French and English, built
// into the binary (demo/ in the repository), loaded into an empty store.
#pragma once

#include <filesystem>

#include "core/result.h"
#include "store/store.h"

namespace tribune {

// Sets the demo's name, description, logo and default share picture, adds its authors, draws
// its illustrations into the media library (files in `media_folder`) and imports its
// articles and static pages (À propos, Mentions légales…), in French for the interface. Fails
// (changing nothing more) when the store already has its authors.
Status install_demo_content(Store& store, const std::filesystem::path& media_folder);

}  // namespace tribune
