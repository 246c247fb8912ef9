// Listener and sessions on Boost.Beast, in the shape of Beast's advanced server example.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include "http/server.h"

#include "http/client_address.h"
#include "http/per_second_text.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace tribune::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Limits where bytes enter, each with its reason:
// Headers of real browsers stay under 8 KiB; 16 KiB leaves room for long cookies.
constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;
// Public forms (comments, subscriptions) post a few KiB; nothing larger is accepted.
constexpr std::uint64_t kMaxBodyBytes = 64 * 1024;
// An idle keep-alive connection, or a client sending slowly, is dropped after this.
constexpr auto kIdleTimeout = std::chrono::seconds(30);
// Responses in flight get this long to finish after SIGTERM.
constexpr auto kShutdownGrace = std::chrono::milliseconds(1000);
constexpr auto kTickInterval = std::chrono::milliseconds(500);

// The Date header's value (an IMF-fixdate).
std::string_view http_date() {
  thread_local PerSecondText text("%a, %d %b %Y %H:%M:%S GMT");
  return text.current();
}

std::string_view view(boost::beast::string_view text) { return {text.data(), text.size()}; }

// Browsers announce speculative loads; a page fetched that way has not been read (yet).
bool is_prefetch(const bhttp::request<bhttp::string_body>& request) {
  auto says_prefetch = [](boost::beast::string_view value) {
    return value.find("prefetch") != boost::beast::string_view::npos;
  };
  return says_prefetch(request["Sec-Purpose"]) || says_prefetch(request["Purpose"]) ||
         says_prefetch(request["X-Moz"]) || says_prefetch(request["X-Purpose"]);
}

struct Shared {
  Handler& handler;
  AccessLog& access_log;
  const std::vector<std::string>& trusted_proxies;
  Metrics* metrics;
  std::atomic<bool> stopping{false};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    beast::error_code ignored;
    auto endpoint = stream_.socket().remote_endpoint(ignored);
    client_ = ignored ? std::string() : endpoint.address().to_string();
    peer_is_loopback_ = !ignored && endpoint.address().is_loopback();
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    parser_->body_limit(kMaxBodyBytes);
    stream_.expires_after(kIdleTimeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code error, std::size_t) {
                        self->on_read(error);
                      });
  }

  void on_read(beast::error_code error) {
    if (error == bhttp::error::end_of_stream || error == asio::error::operation_aborted ||
        error == beast::error::timeout || error == asio::error::connection_reset ||
        error == asio::error::eof) {
      return close();
    }
    started_at_ = std::chrono::steady_clock::now();
    if (error) {
      // Malformed or oversized: answer 400 and close, as the request's end is unknown.
      response_ = shared_.handler.bad_request();
      keep_alive_ = false;
      log_entry_ = {};
      return write();
    }
    const auto& request = parser_->get();
    std::string_view client =
        client_address(client_, view(request["X-Forwarded-For"]), shared_.trusted_proxies);
    Request handled{
        view(request.method_string()),
        view(request.target()),
        view(request[bhttp::field::accept_encoding]),
        view(request[bhttp::field::if_none_match]),
        view(request[bhttp::field::user_agent]),
        client,
        is_prefetch(request),
        peer_is_loopback_ && (client == client_ || client == "127.0.0.1" || client == "::1"),
        view(request[bhttp::field::content_type]),
        request.body()};
    response_ = shared_.handler.handle(handled);
    keep_alive_ = request.keep_alive() && request.version() == 11 && !shared_.stopping;
    log_entry_ = {client,
                  view(request.method_string()),
                  view(request.target()),
                  request.version(),
                  0,
                  0,
                  view(request[bhttp::field::referer]),
                  view(request[bhttp::field::user_agent])};
    write();
  }

  void write() {
    auto pieces = response_.pieces(http_date());
    std::array<asio::const_buffer, 4> buffers;
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

  void accept() {
    asio::io_context& target = *contexts_[next_context_++ % contexts_.size()];
    acceptor_.async_accept(target.get_executor(), [self = shared_from_this()](
                                                      beast::error_code error, tcp::socket socket) {
      if (error == asio::error::operation_aborted) return;
      if (!error) {
        socket.set_option(tcp::no_delay(true), error);
        std::make_shared<Session>(std::move(socket), self->shared_)->start();
      }
      self->accept();
    });
  }

  void stop() {
    beast::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  std::vector<std::unique_ptr<asio::io_context>>& contexts_;
  std::size_t next_context_ = 0;
  tcp::acceptor acceptor_;
  Shared& shared_;
};

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
  Shared shared{handler, access_log, options.trusted_proxies, options.metrics};

  beast::error_code address_error;
  auto address = asio::ip::make_address(options.host, address_error);
  if (address_error) {
    return make_error(Errc::invalid_input, "'" + options.host + "' is not an IP address",
                      "server.listen");
  }
  auto listener = std::make_shared<Listener>(contexts, shared);
  TRIBUNE_TRY(listener->open(tcp::endpoint(address, options.port)));
  listener->accept();

  asio::steady_timer ticker(io);
  std::function<void()> schedule_tick = [&] {
    ticker.expires_after(kTickInterval);
    ticker.async_wait([&](beast::error_code error) {
      if (error) return;
      if (options.tick) options.tick();
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
    grace.expires_after(kShutdownGrace);
    grace.async_wait([&](beast::error_code) {
      for (auto& context : contexts) context->stop();
    });
  });

  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) {
    workers.emplace_back(
        [context = contexts[static_cast<std::size_t>(i)].get()] { context->run(); });
  }
  io.run();
  for (std::thread& worker : workers) worker.join();
  access_log.flush();
  return Ok{};
}

}  // namespace tribune::http
