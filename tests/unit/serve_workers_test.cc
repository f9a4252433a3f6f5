#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "serve/api.h"
#include "serve/workers.h"

using whosaid::serve::Response;
using whosaid::serve::Workers;
using namespace std::chrono_literals;

namespace {

Response answer(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

// A task that runs until the test opens the gate: slow for as long as the
// test needs, without a timing guess.
struct Gate {
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
};

}  // namespace

TEST_CASE("serve workers: a task's answer comes back", "[serve]") {
  Workers workers(2);
  std::optional<Response> r =
      workers.run([] { return answer("done"); }, Workers::Clock::now() + 60s);
  REQUIRE(r);
  CHECK(r->body == "done");
  // A task that throws is a 500, not a lost worker.
  r = workers.run([]() -> Response { throw std::runtime_error("boom"); },
                  Workers::Clock::now() + 60s);
  REQUIRE(r);
  CHECK(r->status == 500);
  CHECK(workers.run([] { return answer("again"); }, Workers::Clock::now() + 60s)->body == "again");
}

TEST_CASE("serve workers: the worker idle last takes the next request", "[serve]") {
  // One request at a time goes to the same worker (its database and memory
  // warm), not to each of the eight in turn. Each request is sent once
  // every worker is idle again, the last one done among them.
  Workers workers(8);
  auto all_idle = [&] {
    while (workers.idle() < 8) std::this_thread::sleep_for(1ms);
  };
  std::set<std::thread::id> used;
  for (int i = 0; i < 40; ++i) {
    all_idle();
    std::thread::id id;
    REQUIRE(workers.run(
        [&] {
          id = std::this_thread::get_id();
          return answer("");
        },
        Workers::Clock::now() + 60s));
    used.insert(id);
  }
  CHECK(used.size() == 1);
}

TEST_CASE("serve workers: no answer past the deadline, and the others keep answering", "[serve]") {
  Gate gate;
  std::atomic<bool> slow_started = false, slow_finished = false;
  {
    Workers workers(2);
    std::optional<Response> r = workers.run(
        [&, opened = gate.opened] {
          slow_started = true;
          opened.wait();
          slow_finished = true;
          return answer("late");
        },
        Workers::Clock::now() + 100ms);
    CHECK_FALSE(r);              // the caller got no answer...
    CHECK_FALSE(slow_finished);  // ...and the task cannot have ended (the gate is shut)
    // The other worker answers meanwhile.
    r = workers.run([] { return answer("quick"); }, Workers::Clock::now() + 60s);
    REQUIRE(r);
    CHECK(r->body == "quick");
    gate.open.set_value();
  }  // the destructor waits for the running task
  // (Started unless the machine was too busy to start it within 100 ms.)
  CHECK(slow_finished == slow_started);
}

TEST_CASE("serve workers: a task still queued at its deadline never runs", "[serve]") {
  Gate gate;
  std::atomic<bool> first_started = false, second_ran = false;
  {
    Workers workers(1);
    // The only worker is busy...
    auto first = std::async(std::launch::async, [&] {
      return workers.run(
          [&, opened = gate.opened] {
            first_started = true;
            opened.wait();
            return answer("first");
          },
          Workers::Clock::now() + 60s);
    });
    while (!first_started) std::this_thread::sleep_for(1ms);
    // ...so this one waits in the queue past its deadline.
    CHECK_FALSE(workers.run(
        [&] {
          second_ran = true;
          return answer("never");
        },
        Workers::Clock::now() + 20ms));
    gate.open.set_value();
    std::optional<Response> r = first.get();
    REQUIRE(r);
    CHECK(r->body == "first");
    // The worker takes the expired task off the queue and goes on.
    r = workers.run([] { return answer("next"); }, Workers::Clock::now() + 60s);
    REQUIRE(r);
    CHECK(r->body == "next");
  }
  CHECK_FALSE(second_ran);
}

TEST_CASE("serve: a request over --max-request-ms is a 503 timeout, in JSON", "[serve]") {
  // No time at all: the deadline has passed before a worker can take the
  // request, so it is never run, whatever the machine's speed.
  whosaid::serve::ServeConfig config{{"/nonexistent/whosaid-serve-test-db"}, false};
  config.threads = 1;
  config.max_request = 0ms;
  whosaid::serve::Api api(config);
  Response r = api.handle("GET", "/api/search", {{"q", "a"}});
  CHECK(r.status == 503);
  CHECK(r.content_type == "application/json");
  nlohmann::json error = nlohmann::json::parse(r.body)["error"];
  CHECK(error["status"] == 503);
  CHECK(error["code"] == "timeout");
  CHECK(error["message"].get<std::string>().find("--max-request-ms") != std::string::npos);
  // The page does not go through the workers: always served.
  CHECK(api.handle("GET", "/", {}).status == 200);
  // With time, the same request is answered (here: no index, 503 no_index).
  config.max_request = 60s;
  whosaid::serve::Api patient(config);
  r = patient.handle("GET", "/api/search", {{"q", "a"}});
  CHECK(r.status == 503);
  CHECK(nlohmann::json::parse(r.body)["error"]["code"] == "no_index");
  CHECK(patient.handle("GET", "/api/search", {{"limit", "x"}}).status == 400);
  CHECK(patient.handle("GET", "/api/nope", {}).status == 404);
}
