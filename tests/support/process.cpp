// Child processes for integration tests.
#include "support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string_view>
#include <thread>

#include "support/http_client.h"
#include "support/postgres.h"
#include "support/temp_dir.h"

extern char** environ;

namespace tribune::testing {

// How long a server may take to answer /healthz after it is started: the demo's first start
// draws its pictures in AVIF, WebP and JPEG (12 s on an idle 2-core machine, twice that or
// more for a sanitizer build beside other tests).
constexpr int kStartSeconds = 60;
namespace {

std::vector<char*> to_argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

// Under TRIBUNE_TEST_BACKEND=postgres (ctest's "postgres/" run of the integration tests), a
// site that `init` makes keeps its data in a database of its own on the test cluster, dropped
// when the test program ends; otherwise, and when the test names a database, `args` as given.
std::vector<std::string> on_test_backend(std::vector<std::string> args) {
  const char* backend = std::getenv("TRIBUNE_TEST_BACKEND");
  if (backend == nullptr || std::string_view(backend) != "postgres" || args.empty() ||
      args.front() != "init" || std::find(args.begin(), args.end(), "--database") != args.end()) {
    return args;
  }
  static std::vector<std::unique_ptr<PostgresDatabase>> databases;
  databases.push_back(std::make_unique<PostgresDatabase>());
  if (databases.back()->url().empty()) ADD_FAILURE() << databases.back()->reason();
  args.insert(args.end(), {"--database", databases.back()->url()});
  return args;
}

}  // namespace

CommandResult run_tribune(const std::vector<std::string>& args) { return run_tribune(args, {}); }

void expect_one_line_error(const CommandResult& result, const std::vector<std::string>& parts) {
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  for (const std::string& part : parts)
    EXPECT_NE(result.err.find(part), std::string::npos) << part << " in " << result.err;
}

CommandResult run_tribune(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> full = {TRIBUNE_BINARY};
  const std::vector<std::string> given = on_test_backend(args);
  full.insert(full.end(), given.begin(), given.end());
  return run_program(full, input);
}

CommandResult run_program(const std::vector<std::string>& program, const std::string& input) {
  TempDir output;
  const std::string in_path = (output / "in").string();
  write_text(output / "in", input);
  std::vector<std::string> full = program;
  std::vector<char*> argv = to_argv(full);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string out_path = (output / "out").string(), err_path = (output / "err").string();
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT, 0644);
  pid_t pid = -1;
  CommandResult result;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    ADD_FAILURE() << "cannot start " << program.front();
    return result;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  if (std::string report = sanitizer_report(result.err); !report.empty())
    ADD_FAILURE() << program.front() << " reported: " << report << "\n" << result.err;
  return result;
}

std::string sanitizer_report(const std::string& stderr_text) {
  auto line_at = [&](std::size_t at) {
    std::size_t start = stderr_text.rfind('\n', at);
    start = start == std::string::npos ? 0 : start + 1;
    return stderr_text.substr(start, stderr_text.find('\n', at) - start);
  };
  // Every sanitizer ends its report with "SUMMARY: <Name>Sanitizer: ...".
  for (std::size_t at = stderr_text.find("SUMMARY: "); at != std::string::npos;
       at = stderr_text.find("SUMMARY: ", at + 1)) {
    if (std::string line = line_at(at); line.find("Sanitizer") != std::string::npos) return line;
  }
  // UBSan's recoverable checks print only "FILE:LINE:COL: runtime error: ...".
  if (std::size_t at = stderr_text.find(": runtime error: "); at != std::string::npos)
    return line_at(at);
  return {};
}

std::string create_seed_site(const std::filesystem::path& data) {
  for (const auto& args : {std::vector<std::string>{"init", "--data", data.string()},
                           std::vector<std::string>{"import", "markdown", "--data", data.string(),
                                                    seed_article().string()}}) {
    CommandResult result = run_tribune(args);
    if (result.exit_code != 0) return "tribune " + args[0] + ": " + result.err;
  }
  return {};
}

std::string set_config(const std::filesystem::path& data, const std::string& key,
                       const std::string& value) {
  CommandResult result = run_tribune({"config", "set", "--data", data.string(), key, value});
  return result.exit_code == 0 ? std::string() : "config set " + key + ": " + result.err;
}

long resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

long cpu_ticks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // The fields after the command's name, which may hold spaces, and ends at the last ')'.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14) utime = std::stol(field);
    if (index == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return utime + stime;
}

int open_sockets(pid_t pid) {
  int sockets = 0;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
    std::error_code unreadable;  // a descriptor closed meanwhile
    if (std::filesystem::read_symlink(entry.path(), unreadable).string().starts_with("socket:")) {
      ++sockets;
    }
  }
  return sockets;
}

int free_port() {
  // Below Linux's ephemeral range (32768 and up), so that the port is not taken meanwhile by
  // the outgoing connection of a test running in parallel; random, so that parallel tests
  // rarely pick the same one, and checked by binding it.
  static thread_local std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> range(20000, 32000);
  for (int attempt = 0; attempt < 100; ++attempt) {
    int port = range(random);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    bool free = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    if (free) return port;
  }
  return 0;
}

ServerProcess::ServerProcess(const std::filesystem::path& data, const std::string& command,
                             int max_open_files)
    : err_dir_(std::make_unique<TempDir>()) {
  const std::string err_path = (*err_dir_ / "stderr").string();
  // Another test may take the port between the check and the server's bind: then the server
  // exits at once, and it is started again on another port.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    std::vector<std::string> args = {TRIBUNE_BINARY, command,
                                     "--data",       data.string(),
                                     "--listen",     "127.0.0.1:" + std::to_string(port_)};
    if (max_open_files > 0) {
      // util-linux's prlimit sets both limits, then runs the server in its place.
      std::string limit = std::to_string(max_open_files);
      args.insert(args.begin(), {"/usr/bin/prlimit", "--nofile=" + limit + ":" + limit, "--"});
    }
    std::vector<char*> argv = to_argv(args);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      pid_ = -1;
      ADD_FAILURE() << "cannot start the server";
      return;
    }
    // The demo's first start draws its pictures (6 s on an idle 2-core machine): room for a
    // loaded one.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kStartSeconds);
    bool exited = false;
    while (!exited && std::chrono::steady_clock::now() < deadline) {
      if (http_get(url("/healthz")).status == 200) return;
      exited = waitpid(pid_, nullptr, WNOHANG) == pid_;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!exited) break;
    pid_ = -1;
  }
  ADD_FAILURE() << "the server did not answer /healthz within " << kStartSeconds << " s";
  show_err_on_failure();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
  // A leak is reported only as the server exits: look once it is gone.
  if (std::string report = sanitizer_report(err()); !report.empty())
    ADD_FAILURE() << "the server reported: " << report;
  show_err_on_failure();
}

std::string ServerProcess::err() const { return read_text(*err_dir_ / "stderr"); }

void ServerProcess::show_err_on_failure() {
  if (err_shown_ || !::testing::Test::HasFailure()) return;
  err_shown_ = true;
  std::string text = err();
  if (!text.empty()) std::cerr << "--- the server's stderr ---\n" << text << "---\n";
}

std::string ServerProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

}  // namespace tribune::testing
