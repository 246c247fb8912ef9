// A real HTTP server for the files of a folder (Python's http.server, from Debian), standing
// in for a site Tribune fetches from: a video provider's oEmbed endpoint and its poster.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace tribune::testing {

class FileServer {
 public:
  // Serves `folder` on 127.0.0.1 at a free port; fails the test when it does not answer
  // within 10 s. A request's query string is ignored: "/oembed?url=…" is the file "oembed".
  explicit FileServer(const std::filesystem::path& folder);
  ~FileServer();  // stops it
  FileServer(const FileServer&) = delete;
  FileServer& operator=(const FileServer&) = delete;

  // "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path) const;

 private:
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace tribune::testing
