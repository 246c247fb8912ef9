// Background tribune commands for tests that interrupt them.
#include "support/background_command.h"
#include "support/temp_dir.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace tribune::testing {
BackgroundCommand::BackgroundCommand(const std::vector<std::string>& args) {
  std::vector<std::string> full = {TRIBUNE_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : full) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string out_path = (output_ / "out").string(), err_path = (output_ / "err").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT, 0644);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    ADD_FAILURE() << "cannot start tribune " << (args.empty() ? "" : args.front());
  }
  posix_spawn_file_actions_destroy(&actions);
}

BackgroundCommand::~BackgroundCommand() { kill_hard(); }

bool BackgroundCommand::finished() {
  if (pid_ <= 0) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  collect(status);
  return true;
}

void BackgroundCommand::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  collect(status);
}

void BackgroundCommand::collect(int status) {
  pid_ = -1;
  result_.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result_.out = read_text(output_ / "out");
  result_.err = read_text(output_ / "err");
}

}  // namespace tribune::testing
