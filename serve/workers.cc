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
  for (unsigned i = 0; i < threads; ++i) {
    workers_.push_back(std::make_unique<Worker>());
    threads_.emplace_back([this, w = workers_.back().get()] { work(*w); });
  }
}

Workers::~Workers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
    for (auto& w : workers_) w->wake.notify_one();
  }
  for (std::thread& t : threads_) t.join();
}

std::optional<Response> Workers::run(std::function<Response()> task, Clock::time_point deadline) {
  auto job = std::make_shared<Job>();
  job->task = std::move(task);
  job->deadline = deadline;
  {
    std::lock_guard lock(mutex_);
    if (idle_.empty()) {
      queue_.push_back(job);
    } else {
      Worker* w = idle_.back();
      idle_.pop_back();
      w->job = job;
      w->wake.notify_one();
    }
  }
  std::unique_lock lock(job->mutex);
  if (!job->done_cv.wait_until(lock, deadline, [&] { return job->done; })) return std::nullopt;
  return std::move(job->answer);
}

std::size_t Workers::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

void Workers::work(Worker& me) {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      if (stopping_) return;
      if (!queue_.empty()) {
        job = std::move(queue_.front());
        queue_.pop_front();
      } else {
        idle_.push_back(&me);
        me.wake.wait(lock, [&] { return stopping_ || me.job; });
        if (stopping_) return;
        job = std::move(me.job);
      }
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
    // An answer after the deadline is never given, even to a caller not yet
    // woken: it may hold the incomplete counts of a search stopped by its
    // time limit (SearchRequest::stop_matching_at).
    if (Clock::now() >= job->deadline) answer.reset();
    {
      std::lock_guard lock(job->mutex);
      job->answer = std::move(answer);
      job->done = true;
    }
    job->done_cv.notify_one();
  }
}

}  // namespace whosaid::serve
