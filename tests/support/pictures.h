// Pictures for the media tests, made here byte by byte (PNG through zlib) rather than with
// the library under test, and exiftool to read and write their metadata.
#pragma once

#include <filesystem>
#include <string>

namespace tribune::testing {

// A valid RGB PNG, `width` × `height`, a colour gradient (so that encoders have work to do).
std::string gradient_png(int width, int height);

// A PNG whose header claims `width` × `height` pixels, with a few bytes of image data: what a
// decompression bomb looks like before it is decoded.
std::string png_claiming(int width, int height);

// `exiftool -s3 -TAG file` for each tag: their values, one per line ("" when none is set).
std::string exif_tags(const std::filesystem::path& file, const std::string& tags);

// The file's "WIDTHxHEIGHT" as exiftool reads it.
std::string image_size(const std::filesystem::path& file);

}  // namespace tribune::testing
