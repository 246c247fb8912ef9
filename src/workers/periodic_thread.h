// A job run at a fixed interval on a thread of its own, until stopped: background work that
// must not wait on, or hold up, the server's event loops.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace tribune {

class PeriodicThread {
 public:
  // Starts running `job` every `interval` (the first run after one interval).
  PeriodicThread(std::chrono::milliseconds interval, std::function<void()> job);
  // Stops (see stop()).
  ~PeriodicThread();
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;

  // Lets a run in progress finish, runs no more, and joins the thread. Idempotent.
  void stop();

 private:
  void run();

  std::chrono::milliseconds interval_;
  std::function<void()> job_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tribune
