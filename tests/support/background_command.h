// A `tribune` command running in the background, for tests that interrupt it (SIGKILL at a
// moment of their choosing) or watch it run.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {

class BackgroundCommand {
 public:
  // Starts `tribune ARGS...`, its standard input empty, its output kept until it has ended.
  explicit BackgroundCommand(const std::vector<std::string>& args);
  ~BackgroundCommand();  // SIGKILLs the command if it still runs
  BackgroundCommand(const BackgroundCommand&) = delete;
  BackgroundCommand& operator=(const BackgroundCommand&) = delete;

  // True once the command has ended (by itself or killed); its result is then in result().
  bool finished();
  // SIGKILL if it still runs (its exit code is then 128 + 9), and waits for it either way.
  void kill_hard();
  // What the ended command exited with and wrote; valid after finished() or kill_hard().
  const CommandResult& result() const { return result_; }

 private:
  void collect(int status);

  TempDir output_;
  pid_t pid_ = -1;
  CommandResult result_;
};

}  // namespace tribune::testing
