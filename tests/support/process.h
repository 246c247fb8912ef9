// Running the real tribune binary from tests: one-shot commands with their output, and a
// server on a free port that is stopped (SIGTERM) when the test ends.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tribune::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `tribune ARGS...` to completion, its standard input empty or `input`. Under
// TRIBUNE_TEST_BACKEND=postgres, `tribune init` makes a site on a fresh PostgreSQL database.
CommandResult run_tribune(const std::vector<std::string>& args);
CommandResult run_tribune(const std::vector<std::string>& args, const std::string& input);

// Runs the program `argv[0]` (an absolute path) with the arguments after it to completion,
// its standard input empty or `input`.
CommandResult run_program(const std::vector<std::string>& argv, const std::string& input = {});

// Fails the test unless `result` is a refusal as every command gives one: a non-zero exit and
// one line on stderr, holding each of `parts` (the file, the field, the reason).
void expect_one_line_error(const CommandResult& result, const std::vector<std::string>& parts);

// Makes `data` a site holding the seed article (`tribune init`, then `import markdown`).
// Returns the failing command's stderr, or "" when both succeeded.
std::string create_seed_site(const std::filesystem::path& data);

// `tribune config set KEY VALUE` on `data`: its stderr when it fails, or "".
std::string set_config(const std::filesystem::path& data, const std::string& key,
                       const std::string& value);

// The summary line of the first sanitizer report (AddressSanitizer, LeakSanitizer,
// UndefinedBehaviorSanitizer, ThreadSanitizer) in a process's stderr, or "" when there is none.
// A sanitized child that reports an error may still exit as the test expects (a command meant
// to fail exits non-zero either way): run_program and ServerProcess fail the test on a report.
std::string sanitizer_report(const std::string& stderr_text);

// A free TCP port on 127.0.0.1 (bound then released).
int free_port();

// Resident memory of process `pid` (VmRSS), in KiB; -1 when it is gone.
long resident_kib(pid_t pid);

// CPU time process `pid` has used (user and system), in clock ticks.
long cpu_ticks(pid_t pid);

// How many sockets process `pid` holds open (its listener and connections among them).
int open_sockets(pid_t pid);

class TempDir;

class ServerProcess {
 public:
  // Starts `tribune serve --data DATA --listen 127.0.0.1:PORT` (or `demo` with `command`),
  // and waits until /healthz answers. Fails the test if it does not within 60 s, or if the
  // server's stderr holds a sanitizer report once it is stopped. The server's stderr is kept
  // (see err()) and printed when the test has failed. With `max_open_files`,
  // the server starts under that limit on open files (soft and hard), as a service manager
  // would start it.
  explicit ServerProcess(const std::filesystem::path& data, const std::string& command = "serve",
                         int max_open_files = 0);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // What the server wrote on stderr so far (warnings, the mail sender's log).
  std::string err() const;

  int port() const { return port_; }
  std::string url(const std::string& path) const;
  pid_t pid() const { return pid_; }

  // Sends SIGTERM and waits; returns the exit status (or -1 on timeout after 5 s).
  int stop();

  // SIGKILL, as a crash or the OOM killer would: no chance to flush anything.
  void kill_hard();

 private:
  // Prints the server's stderr when the test has failed, once.
  void show_err_on_failure();

  std::unique_ptr<TempDir> err_dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool err_shown_ = false;
};

}  // namespace tribune::testing
