// The Python SMTP sink and mail parser driven from C++ tests.
#include "support/smtp_sink.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <regex>
#include <sstream>
#include <thread>

#include "support/process.h"
#include "support/temp_dir.h"

extern char** environ;

namespace tribune::testing {
namespace {

// Debian's interpreter: it sees python3-aiosmtpd and python3-dkim, which the `python3` first
// on PATH (a pyenv one, say) may not.
constexpr const char* kPython = "/usr/bin/python3";

std::filesystem::path support_script(const char* name) {
  return std::filesystem::path(TRIBUNE_SOURCE_DIR) / "tests" / "support" / name;
}

std::vector<char*> to_argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

// Starts `args` with stdin from /dev/null and stdout into a pipe whose read end is returned
// in `out_fd`; stderr is the test's. The pid, or -1.
pid_t spawn_with_stdout_pipe(std::vector<std::string> args, int& out_fd) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
  std::vector<char*> argv = to_argv(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  pid_t pid = -1;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    return -1;
  }
  out_fd = pipe_fds[0];
  return pid;
}

// Reads `fd` until a whole line arrives, EOF or the deadline; the line without its newline,
// or empty.
std::string read_line(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string line;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd poll_fd{fd, POLLIN, 0};
    int ready = poll(&poll_fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return {};
    char c;
    ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return {};
    if (c == '\n') return line;
    line += c;
  }
}

bool is_message_file(const std::filesystem::path& path) {
  static const std::regex pattern(R"(\d{6}\.eml)");
  return std::regex_match(path.filename().string(), pattern);
}

}  // namespace

SmtpSink::SmtpSink(SmtpSinkOptions options) {
  if (options.dir.empty()) {
    temp_dir_ = std::make_unique<TempDir>();
    dir_ = temp_dir_->path();
  } else {
    dir_ = options.dir;
  }
  // Another test may take the port between free_port() and the sink's bind: the sink then
  // exits at once, and is started again on another port.
  for (int attempt = 0; attempt < 5; ++attempt) {
    int port = free_port();
    std::vector<std::string> args = {kPython,  support_script("smtp_sink.py").string(),
                                     "--port", std::to_string(port),
                                     "--dir",  dir_.string()};
    if (options.temporary_failures > 0)
      args.insert(args.end(), {"--temporary-failures", std::to_string(options.temporary_failures)});
    for (const std::string& address : options.reject)
      args.insert(args.end(), {"--reject", address});
    if (!options.reject_reply.empty())
      args.insert(args.end(), {"--reject-reply", options.reject_reply});
    if (options.refuse_mail_from != 0)
      args.insert(args.end(), {"--refuse-mail-from", std::to_string(options.refuse_mail_from)});
    if (options.refuse_data != 0)
      args.insert(args.end(), {"--refuse-data", std::to_string(options.refuse_data)});
    if (!options.data_refusal.empty())
      args.insert(args.end(), {"--data-refusal", options.data_refusal});
    if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
    if (options.delay_ms > 0)
      args.insert(args.end(), {"--delay-ms", std::to_string(options.delay_ms)});
    if (options.idle_timeout_seconds > 0)
      args.insert(args.end(), {"--idle-timeout", std::to_string(options.idle_timeout_seconds)});

    int out_fd = -1;
    pid_ = spawn_with_stdout_pipe(args, out_fd);
    if (pid_ < 0) {
      ADD_FAILURE() << "cannot start " << kPython;
      return;
    }
    std::string line =
        read_line(out_fd, std::chrono::steady_clock::now() + std::chrono::seconds(10));
    close(out_fd);
    if (line == "ready " + std::to_string(port)) {
      port_ = port;
      return;
    }
    stop();
  }
  ADD_FAILURE() << "the SMTP sink did not start (see its stderr above)";
}

SmtpSink::~SmtpSink() { stop(); }

void SmtpSink::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::vector<ReceivedMessage> SmtpSink::messages() const {
  std::vector<ReceivedMessage> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
    if (!is_message_file(entry.path())) continue;
    ReceivedMessage message;
    message.file = entry.path();
    message.number = std::stoi(entry.path().stem().string());
    message.raw = read_text(entry.path());
    std::filesystem::path meta_file = entry.path();
    meta_file.replace_extension(".json");
    nlohmann::json meta = nlohmann::json::parse(read_text(meta_file), nullptr, false);
    if (meta.is_object()) {
      message.mail_from = meta.value("mail_from", "");
      message.rcpt_tos = meta.value("rcpt_tos", std::vector<std::string>{});
      message.connection = meta.value("connection", 0);
    } else {
      ADD_FAILURE() << "unreadable " << meta_file;
    }
    found.push_back(std::move(message));
  }
  std::sort(found.begin(), found.end(),
            [](const ReceivedMessage& a, const ReceivedMessage& b) { return a.number < b.number; });
  return found;
}

std::vector<std::string> SmtpSink::commands() const {
  std::vector<std::string> lines;
  std::istringstream log(read_text(dir_ / "commands.log"));
  for (std::string line; std::getline(log, line);) lines.push_back(line);
  return lines;
}

bool SmtpSink::wait_for_messages(std::size_t count, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::size_t seen = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, error))
      if (is_message_file(entry.path())) ++seen;
    if (seen >= count) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

nlohmann::json parse_mail(const std::filesystem::path& file,
                          const std::filesystem::path& dkim_dns) {
  std::vector<std::string> args = {kPython, support_script("parse_mail.py").string(),
                                   file.string()};
  if (!dkim_dns.empty()) args.insert(args.end(), {"--dkim-dns", dkim_dns.string()});
  int out_fd = -1;
  pid_t pid = spawn_with_stdout_pipe(args, out_fd);
  if (pid < 0) {
    ADD_FAILURE() << "cannot start " << kPython;
    return nullptr;
  }
  std::string out;
  char buffer[8192];
  while (true) {
    ssize_t n = read(out_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  close(out_fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ADD_FAILURE() << "parse_mail.py failed on " << file;
    return nullptr;
  }
  nlohmann::json parsed = nlohmann::json::parse(out, nullptr, false);
  if (parsed.is_discarded()) {
    ADD_FAILURE() << "parse_mail.py printed no JSON for " << file;
    return nullptr;
  }
  return parsed;
}

}  // namespace tribune::testing
