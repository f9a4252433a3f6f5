#include "serve/workers.h"

#include <exception>

namespace whosaid::serve {

struct Workers::Job {
  std::function<Response()> task;
  Clock::time_point deadline;
  std::mutex mutex;
  std::condition_variable done_cv;
  std::optional<Response> answer;
  bool done = false;
};

Workers::Workers(unsigned threads) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

Workers::~Workers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

std::optional<Response> Workers::run(std::function<Response()> task, Clock::time_point deadline) {
  auto job = std::make_shared<Job>();
  job->task = std::move(task);
  job->deadline = deadline;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_one();
  std::unique_lock lock(job->mutex);
  if (!job->done_cv.wait_until(lock, deadline, [&] { return job->done; })) return std::nullopt;
  return std::move(job->answer);
}

void Workers::work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    // Its caller has answered already: no work for nobody.
    if (Clock::now() >= job->deadline) continue;
    std::optional<Response> answer;
    try {
      answer = job->task();
    } catch (const std::exception& e) {
      answer = error_response(500, "error", e.what());
    } catch (...) {
      answer = error_response(500, "error", "unknown fault");
    }
    {
      std::lock_guard lock(job->mutex);
      job->answer = std::move(answer);
      job->done = true;
    }
    job->done_cv.notify_one();
  }
}

}  // namespace whosaid::serve
