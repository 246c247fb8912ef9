// A plain TCP connection to the server under test, for bytes no HTTP client would send:
// floods of idle sockets, trickled heads, malformed framing.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace tribune::testing {

// A connected socket to 127.0.0.1:port, closed at the end of its scope.
class Connection {
 public:
  explicit Connection(int port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Whether connect() succeeded.
  bool connected() const { return connected_; }

  // Sends all of `bytes`; false once the server has closed its side.
  bool send_all(std::string_view bytes);

  // What arrives until `done` says the answer is whole, the server closes, or `timeout`.
  std::string receive(std::chrono::milliseconds timeout,
                      const std::function<bool(const std::string&)>& done = nullptr);

  // Whether the server has ended the connection (its FIN or a reset arrived), without waiting
  // and without consuming anything it sent.
  bool closed_by_server();

 private:
  int fd_;
  bool connected_ = false;
};

}  // namespace tribune::testing
