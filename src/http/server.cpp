// Listener and sessions on Boost.Beast, in the shape of Beast's advanced server example.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include "http/server.h"

#include "http/per_second_text.h"
#include "http/request_message.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <limits>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <sys/resource.h>

namespace tribune::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Limits where bytes enter, each with its reason (headers: kMaxHeaderBytes, request_message.h).
// Bodies: each route says how much it accepts (public forms a few KiB, an article's text
// more; see router.h). What one connection may hold unread: a whole request of the largest
// kind, plus the start of a pipelined next one. Bytes that fit no request (an endless chunk
// extension or trailer) end the connection instead of growing memory.
constexpr std::size_t kMaxReadBufferBytes = kMaxHeaderBytes + kLargestBodyLimit + 16 * 1024;
// A connection waiting for its next request's first byte (a new one, or an idle keep-alive
// one) is dropped after this; an idle socket costs a few KiB, so waiting is cheap.
constexpr auto kIdleTimeout = std::chrono::seconds(30);
// From a request's first byte to the end of its head: a browser sends its head in one
// packet, while a slowloris client trickles a header line every few seconds to hold its
// connection forever. Counted once for the whole head, never restarted by each byte.
constexpr auto kHeaderTimeout = std::chrono::seconds(10);
// The body, once its head is read: the largest one (kLargestBodyLimit) at about 70 KB/s.
constexpr auto kBodyTimeout = std::chrono::seconds(30);
// Sending a response: a reader that stops reading is dropped after this.
constexpr auto kWriteTimeout = std::chrono::seconds(30);
// What the read waiting for a request's first byte asks for: Beast's own first read size, as
// thousands of idle connections each hold this much.
constexpr std::size_t kFirstReadBytes = 512;
// Responses in flight get this long to finish after SIGTERM.
constexpr auto kShutdownGrace = std::chrono::milliseconds(1000);
constexpr auto kTickInterval = std::chrono::milliseconds(500);
// After accept() fails for want of file descriptors, wait this long before trying again:
// retrying at once spins a core while the connections that hold them finish.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(50);

// The Date header's value (an IMF-fixdate).
std::string_view http_date() {
  thread_local PerSecondText text("%a, %d %b %Y %H:%M:%S GMT");
  return text.current();
}

std::string_view view(boost::beast::string_view text) { return {text.data(), text.size()}; }

struct Shared {
  Handler& handler;
  AccessLog& access_log;
  const std::vector<std::string>& trusted_proxies;
  Metrics* metrics;
  asio::thread_pool& renders;  // where pages are rendered, off the event loops
  std::atomic<bool> stopping{false};
  // Open sessions, against the cap. Shared with each session, which may outlive this struct
  // while an event loop's queue is destroyed.
  std::shared_ptr<std::atomic<std::size_t>> connections =
      std::make_shared<std::atomic<std::size_t>>(0);
  std::atomic<bool> warned_forwarded{false};
};

// Counts a session among the open connections for as long as it lives.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::shared_ptr<std::atomic<std::size_t>> count)
      : count_(std::move(count)) {
    ++*count_;
  }
  ~ConnectionSlot() { --*count_; }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::shared_ptr<std::atomic<std::size_t>> count_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& shared)
      : stream_(std::move(socket)),
        shared_(shared),
        slot_(shared.connections),
        buffer_(kMaxReadBufferBytes) {
    beast::error_code ignored;
    auto endpoint = stream_.socket().remote_endpoint(ignored);
    client_ = ignored ? std::string() : endpoint.address().to_string();
    peer_is_loopback_ = !ignored && endpoint.address().is_loopback();
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  // Waits for the next request's first byte under the idle deadline (bytes a client sent
  // ahead, pipelined, are already there), then reads its head under the head's deadline.
  void read() {
    if (buffer_.size() > 0) return read_header();
    stream_.expires_after(kIdleTimeout);
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            [self = shared_from_this()](beast::error_code error, std::size_t n) {
                              if (error) return self->close();
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  // Reads the head first, so that a request is judged (framing, Host) before its body.
  void read_header() {
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    // Beast refuses a Content-Length above the body limit as it reads the head, before the
    // route is known: the largest any route takes, lowered to the route's in on_header.
    parser_->body_limit(kLargestBodyLimit);
    stream_.expires_after(kHeaderTimeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code error, std::size_t) {
                               self->on_header(error);
                             });
  }

  static bool is_closed(beast::error_code error) {
    return error == bhttp::error::end_of_stream || error == asio::error::operation_aborted ||
           error == beast::error::timeout || error == asio::error::connection_reset ||
           error == asio::error::eof;
  }

  void on_header(beast::error_code error) {
    if (is_closed(error)) return close();
    started_at_ = std::chrono::steady_clock::now();
    if (error || head_refusal(parser_->get()) != nullptr) return refuse();
    if (parser_->is_done()) return on_read({});
    const auto& head = parser_->get();
    const std::size_t limit =
        shared_.handler.body_limit(view(head.method_string()), view(head.target()));
    if (parser_->content_length().value_or(0) > limit) return refuse();
    parser_->body_limit(limit);
    stream_.expires_after(kBodyTimeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code body_error, std::size_t) {
                        self->on_read(body_error);
                      });
  }

  // Malformed, oversized or refused: answer 400 and close, as the request's end is unknown.
  void refuse() {
    response_ = shared_.handler.bad_request();
    keep_alive_ = false;
    log_entry_ = {};
    write();
  }

  void on_read(beast::error_code error) {
    if (is_closed(error)) return close();
    if (error) return refuse();
    const auto& request = parser_->get();
    std::string_view forwarded_for = view(request["X-Forwarded-For"]);
    if (!forwarded_for.empty() && shared_.trusted_proxies.empty() &&
        !shared_.warned_forwarded.exchange(true)) {
      fmt::print(stderr,
                 "tribune: a request came with X-Forwarded-For but server.trusted_proxies is "
                 "empty: the header is ignored and such requests are never treated as local; "
                 "list the proxy's address in server.trusted_proxies\n");
    }
    Request handled = to_request(request, {client_, peer_is_loopback_, shared_.trusted_proxies});
    keep_alive_ = request.keep_alive() && request.version() == 11 && !shared_.stopping;
    log_entry_ = {handled.client,
                  view(request.method_string()),
                  view(request.target()),
                  request.version(),
                  0,
                  0,
                  view(request[bhttp::field::referer]),
                  view(request[bhttp::field::user_agent])};
    if (auto answer = answer_from_memory(handled)) {
      response_ = std::move(*answer);
      return write();
    }
    // Rendering and the database may take a while: that happens on the render threads, and
    // this connection's event loop goes on serving the others meanwhile.
    asio::post(shared_.renders, [self = shared_from_this(), handled] {
      Response response = self->handle_safely(handled);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->response_ = std::move(response);
        self->write();
      });
    });
  }

  std::optional<Response> answer_from_memory(const Request& request) {
    try {
      return shared_.handler.answer_from_memory(request);
    } catch (const std::exception& error) {
      fmt::print(stderr, "tribune: {} {}: {}\n", request.method, request.target, error.what());
      keep_alive_ = false;
      return shared_.handler.server_error();
    }
  }

  // No exception leaves a session: one that escapes handling becomes a 500 for this request
  // alone, and the log says what it was. Runs on a render thread.
  Response handle_safely(const Request& request) {
    try {
      return shared_.handler.handle(request);
    } catch (const std::exception& error) {
      fmt::print(stderr, "tribune: {} {}: {}\n", request.method, request.target, error.what());
    } catch (...) {
      fmt::print(stderr, "tribune: {} {}: unknown exception\n", request.method, request.target);
    }
    return shared_.handler.server_error();
  }

  void write() {
    stream_.expires_after(kWriteTimeout);
    auto pieces = response_.pieces(http_date());
    std::array<asio::const_buffer, pieces.size()> buffers;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      buffers[i] = asio::buffer(pieces[i].data(), pieces[i].size());
    }
    asio::async_write(stream_, buffers,
                      [self = shared_from_this()](beast::error_code error, std::size_t) {
                        self->on_write(error);
                      });
  }

  void on_write(beast::error_code error) {
    AccessLogEntry entry = log_entry_;
    if (entry.method.empty()) {
      entry.client = client_;
      entry.method = "-";
      entry.target = "-";
    }
    entry.status = response_.status();
    entry.bytes = response_.body_bytes();
    shared_.access_log.write(entry);
    if (shared_.metrics != nullptr) {
      shared_.metrics->record_request(entry.status, std::chrono::steady_clock::now() - started_at_);
    }
    response_ = {};
    if (error || !keep_alive_) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  ConnectionSlot slot_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Response response_;
  AccessLogEntry log_entry_;
  std::string client_;
  bool peer_is_loopback_ = false;
  bool keep_alive_ = true;
  std::chrono::steady_clock::time_point started_at_{};
};

// Accepts on the first context and hands each connection to the next context in turn.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(std::vector<std::unique_ptr<asio::io_context>>& contexts, Shared& shared)
      : contexts_(contexts), acceptor_(*contexts.front()), shared_(shared) {}

  Status open(const tcp::endpoint& endpoint) {
    beast::error_code error;
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      return make_error(Errc::io,
                        "cannot listen on " + endpoint.address().to_string() + ":" +
                            std::to_string(endpoint.port()) + ": " + error.message(),
                        "server.listen");
    }
    return Ok{};
  }

  // The port actually bound (the one asked for, or the system's choice for port 0).
  unsigned short port() const {
    beast::error_code ignored;
    return acceptor_.local_endpoint(ignored).port();
  }

  // Accepts connections while fewer than `max_connections` are open; at the cap, or when the
  // process has no file descriptor left, waits a little and looks again (new connections wait
  // in the kernel's backlog meanwhile).
  void accept() {
    if (shared_.connections->load() >= max_connections_) return wait_then_accept();
    asio::io_context& target = *contexts_[next_context_++ % contexts_.size()];
    acceptor_.async_accept(target.get_executor(), [self = shared_from_this()](
                                                      beast::error_code error, tcp::socket socket) {
      if (error == asio::error::operation_aborted) return;
      if (error == asio::error::no_descriptors || error.value() == ENFILE ||
          error == asio::error::no_buffer_space || error == asio::error::no_memory) {
        return self->wait_then_accept();
      }
      if (!error) {
        socket.set_option(tcp::no_delay(true), error);
        std::make_shared<Session>(std::move(socket), self->shared_)->start();
      }
      self->accept();
    });
  }

  void set_max_connections(std::size_t max) { max_connections_ = max; }

  void stop() {
    beast::error_code ignored;
    acceptor_.close(ignored);
    backoff_.cancel();
  }

 private:
  void wait_then_accept() {
    backoff_.expires_after(kAcceptBackoff);
    backoff_.async_wait([self = shared_from_this()](beast::error_code error) {
      if (!error) self->accept();
    });
  }

  std::vector<std::unique_ptr<asio::io_context>>& contexts_;
  std::size_t next_context_ = 0;
  tcp::acceptor acceptor_;
  asio::steady_timer backoff_{acceptor_.get_executor()};
  Shared& shared_;
  std::size_t max_connections_ = 1024;
};

// File descriptors kept back from connections: the database, the logs, the mail connection.
constexpr rlim_t kReservedDescriptors = 64;

// Raises the soft limit on open files to the hard limit (systemd and shells start services
// at 1,024), and returns how many connections fit under it.
std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024 - kReservedDescriptors;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return std::numeric_limits<std::size_t>::max();
  return limit.rlim_cur > 2 * kReservedDescriptors
             ? static_cast<std::size_t>(limit.rlim_cur - kReservedDescriptors)
             : static_cast<std::size_t>(limit.rlim_cur / 2);
}

}  // namespace

Status serve(const ServerOptions& options, Handler& handler, AccessLog& access_log) {
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // One event loop per thread, each owning its connections: no strands, and no lock shared
  // between threads on the path of a request.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  for (int i = 0; i < threads; ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
    keep_running.push_back(asio::make_work_guard(*contexts.back()));
  }
  asio::io_context& io = *contexts.front();
  // Rendering runs here, so that an expensive page never holds up an event loop; one thread
  // per core, as the event loops.
  asio::thread_pool renders(static_cast<std::size_t>(threads));
  // Pages readers keep asking for, gone stale (their counts moved), are rendered again on a
  // thread of their own: a crawler's one-off renders filling the queue above never hold them
  // up past their two seconds of staleness.
  asio::thread_pool refreshes(1);
  handler.set_background(
      [&refreshes](std::function<void()> task) { asio::post(refreshes, std::move(task)); });
  Shared shared{handler, access_log, options.trusted_proxies, options.metrics, renders};

  beast::error_code address_error;
  auto address = asio::ip::make_address(options.host, address_error);
  if (address_error) {
    return make_error(Errc::invalid_input, "'" + options.host + "' is not an IP address",
                      "server.listen");
  }
  auto listener = std::make_shared<Listener>(contexts, shared);
  std::size_t descriptors = raise_descriptor_limit();
  std::size_t max_connections = options.max_connections > 0 ? options.max_connections : descriptors;
  if (max_connections > descriptors) {
    fmt::print(stderr,
               "tribune: server.max_connections is {} but only {} file descriptors are free; "
               "serving at most {} connections (raise LimitNOFILE)\n",
               max_connections, descriptors, descriptors);
    max_connections = descriptors;
  }
  listener->set_max_connections(max_connections);
  TRIBUNE_TRY(listener->open(tcp::endpoint(address, options.port)));
  if (options.on_listening) options.on_listening(listener->port());
  listener->accept();

  // SIGHUP and SIGUSR1 ask for the access log to be reopened, after logrotate moved it.
  asio::signal_set reopen_signals(io, SIGHUP, SIGUSR1);
  std::function<void()> wait_for_reopen = [&] {
    reopen_signals.async_wait([&](beast::error_code error, int) {
      if (error) return;
      if (Status reopened = access_log.reopen(); !reopened) {
        fmt::print(stderr, "tribune: reopening the access log failed: {}\n",
                   reopened.error().to_string());
      }
      wait_for_reopen();
    });
  };
  wait_for_reopen();

  asio::steady_timer ticker(io);
  std::function<void()> schedule_tick = [&] {
    ticker.expires_after(kTickInterval);
    ticker.async_wait([&](beast::error_code error) {
      if (error) return;
      access_log.flush();
      schedule_tick();
    });
  };
  schedule_tick();

  asio::steady_timer grace(io);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code error, int) {
    if (error) return;
    shared.stopping = true;
    listener->stop();
    ticker.cancel();
    reopen_signals.cancel();
    grace.expires_after(kShutdownGrace);
    grace.async_wait([&](beast::error_code) {
      for (auto& context : contexts) context->stop();
    });
  });

  // The last net: an exception escaping a completion handler ends that handler's connection,
  // never the event loop.
  auto run = [](asio::io_context& context) {
    for (;;) {
      try {
        context.run();
        return;
      } catch (const std::exception& error) {
        fmt::print(stderr, "tribune: a connection ended on an error: {}\n", error.what());
      } catch (...) {
        fmt::print(stderr, "tribune: a connection ended on an unknown error\n");
      }
    }
  };
  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) {
    workers.emplace_back(
        [&run, context = contexts[static_cast<std::size_t>(i)].get()] { run(*context); });
  }
  run(io);
  for (std::thread& worker : workers) worker.join();
  renders.join();  // renders in flight finish; their answers have no loop to go to
  refreshes.join();
  handler.set_background(nullptr);
  access_log.flush();
  return Ok{};
}

}  // namespace tribune::http
