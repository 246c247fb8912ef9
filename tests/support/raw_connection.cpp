// A plain TCP connection to the server under test (see raw_connection.h): blocking connect
// and send, reads polled against a deadline.
#include "support/raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tribune::testing {

Connection::Connection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  connected_ = fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

Connection::~Connection() {
  if (fd_ >= 0) close(fd_);
}

bool Connection::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::string Connection::receive(std::chrono::milliseconds timeout,
                                const std::function<bool(const std::string&)>& done) {
  std::string answer;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd waiting{fd_, POLLIN, 0};
    if (poll(&waiting, 1, 50) <= 0) continue;
    ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
    if (done && done(answer)) break;
  }
  return answer;
}

bool Connection::closed_by_server() {
  pollfd waiting{fd_, POLLIN, 0};
  if (poll(&waiting, 1, 0) <= 0) return false;
  if ((waiting.revents & (POLLERR | POLLHUP)) != 0) return true;
  char byte;
  // Readable with nothing to read: the end of the stream. Bytes (an answer) are left unread.
  return recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

}  // namespace tribune::testing
