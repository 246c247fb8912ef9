#include "support/file_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

extern char** environ;

namespace tribune::testing {

FileServer::FileServer(const std::filesystem::path& folder) : port_(free_port()) {
  std::vector<std::string> args = {"/usr/bin/python3",    "-m",           "http.server",
                                   std::to_string(port_), "--bind",       "127.0.0.1",
                                   "--directory",         folder.string()};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // Its request log is of no use here.
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    pid_ = -1;
    ADD_FAILURE() << "could not start python3 -m http.server";
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (http_get(url("/")).status == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "http.server did not answer within 10 s";
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

FileServer::~FileServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

std::string FileServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace tribune::testing
