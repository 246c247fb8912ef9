// The periodic thread.
#include "workers/periodic_thread.h"

namespace tribune {

PeriodicThread::PeriodicThread(std::chrono::milliseconds interval, std::function<void()> job)
    : interval_(interval), job_(std::move(job)), thread_([this] { run(); }) {}

PeriodicThread::~PeriodicThread() { stop(); }

void PeriodicThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicThread::run() {
  auto next = std::chrono::steady_clock::now() + interval_;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    job_();
    // A slow run delays the next one rather than queueing runs behind it.
    next = std::max(next + interval_, std::chrono::steady_clock::now());
  }
}

}  // namespace tribune
