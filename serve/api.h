// whosaid-serve's HTTP API without HTTP: routing, parameters, limits and
// JSON answers, so that unit tests call it directly and main.cc only moves
// bytes (libmicrohttpd). Searches go through the searcher's own functions
// (make_request(), run_search(), format_json(), load_article()): an answer
// is what `whosaid --json` prints for the same query.
//
//   GET /api/search?q=&quotes=&facet=&facet_limit=&facet_search=&filter=
//                   &disjunctive=&sort=&offset=&limit=&from=&to=
// (disjunctive faceting is on unless disjunctive=0: whosaid
// --disjunctive-facets)
//   GET /api/article/ID
//   GET /api/health
//   GET /, /NAME: the page's files (serve/assets.h)
// Errors: {"version": 1, "error": {"status": N, "code": "...", "message": "..."}}
// (codes as whosaid --json's: usage, bad_query, not_found, no_index,
// unreachable, schema, error; plus http for method/path/length faults and
// timeout for a request not answered within ServeConfig::max_request).
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "searcher/cli.h"

namespace whosaid::serve {

// Bounds on what one request may ask for.
inline constexpr std::size_t kMaxQueryBytes = 4096;    // q, and any other value: 414 beyond
inline constexpr Xapian::doccount kMaxLimit = 100;     // limit
inline constexpr Xapian::doccount kMaxOffset = 10000;  // offset
inline constexpr std::size_t kMaxFacetLimit = 1000;    // facet_limit, facet=NAME:N
// How long after a request's deadline its search stops matching (Api::search).
inline constexpr std::chrono::milliseconds kStopMatchingAfterDeadline{100};
inline constexpr std::size_t kMaxFilters = 64;         // filter parameters
inline constexpr std::size_t kMaxFacets = 16;          // facet names
inline constexpr std::size_t kMaxParameters = 200;     // parameters of any name

// A request the API refuses: STATUS (4xx/5xx), CODE and a message.
struct HttpError : std::runtime_error {
  HttpError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
  int status;
  std::string code;
};

// Query-string parameters, in order, values decoded (repeats kept).
using Params = std::vector<std::pair<std::string, std::string>>;

// The whosaid options that the /api/search parameters PARAMS stand for
// (q -> the query words, facet -> --facet, filter -> --filter, from/to ->
// --filter date=FROM..TO, ...). Throws HttpError 400 for an unknown or
// repeated parameter, a bad number or flag, invalid UTF-8, or a value out of
// bounds; 414 for a value over kMaxQueryBytes.
CliOptions search_options(const Params& params);

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string cache_control = "no-store";
  std::vector<std::pair<std::string, std::string>> headers;  // more headers (Allow)
};

// The error document for STATUS.
Response error_response(int status, std::string_view code, std::string_view message);

// The answer to a request not answered within LIMIT: 503, code timeout.
Response timeout_response(std::chrono::milliseconds limit);

class Workers;

struct ServeConfig {
  std::vector<std::string> dbs;  // --db values (whosaid's forms)
  bool allow_partial = false;
  // Threads that answer /api/ requests (serve/workers.h), each with its own
  // open databases; 0: the calling thread answers, with no time limit.
  unsigned threads = 0;
  // With threads: the longest a request may take from its arrival to its
  // answer; past it, timeout_response() (--max-request-ms).
  std::chrono::milliseconds max_request{10000};
};

class Api {
 public:
  explicit Api(ServeConfig config);
  ~Api();

  // The answer to METHOD PATH?PARAMS (PATH decoded, without the query
  // string) of a request that arrived at RECEIVED. Never throws: every fault
  // is an error response. Safe to call from several threads: each thread
  // that searches keeps its own open databases (reopened when the index
  // changes, so a commit shows at the next request).
  Response handle(
      std::string_view method, std::string_view path, const Params& params,
      std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now()) const;

  const ServeConfig& config() const { return config_; }

 private:
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;
  // DEADLINE: when the caller stops waiting for the answer (none: never).
  Response answer_api(std::string_view path, const Params& params, Deadline deadline) const;
  Response search(const Params& params, Deadline deadline) const;
  Response article(std::string_view id) const;
  Response health() const;
  ServeConfig config_;
  std::unique_ptr<Workers> workers_;  // after config_: stopped before it goes
};

}  // namespace whosaid::serve
