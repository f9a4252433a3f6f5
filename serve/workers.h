// The bound on a request's time: the API's work runs on a fixed set of
// worker threads, and the thread that holds the connection waits for the
// answer until the request's deadline only.
//
// A request is answered in full or not at all: past its deadline the caller
// gets no answer (and sends an error), and an answer that comes later is
// dropped, never given; a request still waiting for a worker at its deadline
// is never run. Xapian's Enquire::set_time_limit() stops a match early but
// leaves totals and facet counts incomplete, which an answer could not tell
// from exact ones: so a search's time limit is set a little past its
// deadline (serve/api.cc), to bound the work of a search nobody waits for,
// and its incomplete answer, later than the deadline, is dropped here.
//
// A request goes to the worker that became idle last: under light load the
// same few workers take every request, with their database handles, caches
// and memory warm, where waking workers in turn would give each request a
// cold one.
#pragma once

#include <chrono>
#include <cstddef>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "serve/api.h"

namespace whosaid::serve {

class Workers {
 public:
  using Clock = std::chrono::steady_clock;

  // THREADS worker threads (at least 1).
  explicit Workers(unsigned threads);
  // Waits for the tasks that are running; those not started are dropped.
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  // TASK's answer, run on a worker; nullopt when it is not there by DEADLINE.
  // TASK must own what it uses: it may run on after run() has returned.
  std::optional<Response> run(std::function<Response()> task, Clock::time_point deadline);

  // Workers waiting for a request now.
  std::size_t idle() const;

 private:
  struct Job;
  // A worker's own wake-up, so that the one woken can be chosen.
  struct Worker {
    std::condition_variable wake;
    std::shared_ptr<Job> job;  // handed over by run() while idle
  };
  void work(Worker& me);

  mutable std::mutex mutex_;
  std::deque<std::shared_ptr<Job>> queue_;  // waiting for a worker
  std::vector<Worker*> idle_;               // the last one idle at the back
  bool stopping_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace whosaid::serve
