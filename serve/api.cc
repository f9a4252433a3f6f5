#include "serve/api.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/analysis.h"
#include "core/database.h"
#include "core/error.h"
#include "core/schema.h"
#include "searcher/article_view.h"
#include "searcher/error_code.h"
#include "searcher/format.h"
#include "searcher/search.h"
#include "serve/assets.h"
#include "serve/workers.h"

namespace whosaid::serve {
namespace {

std::string dump(const nlohmann::ordered_json& j) {
  // "replace": stored text that is not valid UTF-8 must not abort an answer.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

unsigned long parse_number(const std::string& name, const std::string& value, unsigned long max) {
  unsigned long n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size())
    throw HttpError(400, "usage",
                    fmt::format("parameter {}: '{}' is not a number (0 to {})", name, value, max));
  if (n > max)
    throw HttpError(400, "usage",
                    fmt::format("parameter {}: {} is over the limit of {}", name, value, max));
  return n;
}

bool parse_flag(const std::string& name, const std::string& value) {
  if (value == "1" || value == "true" || value == "yes" || value == "on") return true;
  if (value == "0" || value == "false" || value == "no" || value == "off" || value.empty())
    return false;
  throw HttpError(400, "usage", fmt::format("parameter {}: '{}' is not 0 or 1", name, value));
}

// The databases of this thread: opened at its first request, reopened at
// each (cheap when nothing changed; a commit shows at once), opened afresh
// after a fault or while a shard is missing (it may be back).
struct ThreadDatabases {
  std::vector<std::string> paths;
  bool allow_partial = false;
  std::optional<SearchDatabases> open;
};
thread_local ThreadDatabases t_databases;

template <class F>
auto with_databases(const ServeConfig& config, F&& f) {
  ThreadDatabases& t = t_databases;
  if (t.paths != config.dbs || t.allow_partial != config.allow_partial) {
    t.open.reset();
    t.paths = config.dbs;
    t.allow_partial = config.allow_partial;
  }
  // As search_databases(): an indexer committing (or compacting) under a
  // search makes Xapian throw; the latest revision is opened and the search
  // run again, for a while, so that a real fault is still reported.
  constexpr auto kRetryFor = std::chrono::seconds(10);
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    bool give_up = attempt >= 10 && std::chrono::steady_clock::now() - start > kRetryFor;
    try {
      if (!t.open || !t.open->missing.empty())
        t.open = open_shards(t.paths, t.allow_partial, true);
      else {
        t.open->db.reopen();
        if (t.open->beside) t.open->beside->reopen();
      }
      return f(*t.open);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (give_up) throw;
    } catch (const Xapian::NetworkError&) {
      t.open.reset();
      if (attempt >= 2) throw;
    } catch (const Xapian::DocNotFoundError&) {
      t.open.reset();
      if (give_up) throw;
    } catch (const Xapian::DatabaseError& e) {
      // Corrupt or unopenable blocks: a commit or a compaction's exchange
      // of folders under the open handle. Open afresh, after a pause.
      t.open.reset();
      if (give_up) throw Error(fmt::format("cannot read the index: {}", e.get_description()));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

// The HTTP status of whosaid's error CODE (searcher/error_code.h): the
// client's fault, an unknown article, an index that cannot be searched now,
// or ours.
int http_status(std::string_view code) {
  if (code == "usage" || code == "bad_query") return 400;
  if (code == "not_found") return 404;
  if (code == "no_index" || code == "unreachable" || code == "schema") return 503;
  return 500;
}

// The current exception as an error response.
Response error_from_exception() {
  try {
    throw;
  } catch (const HttpError& e) {
    return error_response(e.status, e.code, e.what());
  } catch (...) {
    ErrorCode e = current_error_code();
    return error_response(http_status(e.code), e.code, e.message);
  }
}

}  // namespace

Response error_response(int status, std::string_view code, std::string_view message) {
  nlohmann::ordered_json j;
  j["version"] = kJsonVersion;
  j["error"] = {{"status", status}, {"code", code}, {"message", message}};
  Response r;
  r.status = status;
  r.body = dump(j);
  return r;
}

CliOptions search_options(const Params& params) {
  if (params.size() > kMaxParameters)
    throw HttpError(
        400, "usage",
        fmt::format("{} parameters: at most {} are read", params.size(), kMaxParameters));
  CliOptions o;
  // A page's facets are multi-select: disjunctive unless disjunctive=0.
  o.disjunctive_facets = true;
  std::vector<std::string> seen;
  std::string from, to;
  auto once = [&](const std::string& name) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      throw HttpError(400, "usage", fmt::format("parameter {} is given twice", name));
    seen.push_back(name);
  };
  std::size_t facet_names = 0;
  for (const auto& [name, value] : params) {
    if (value.size() > kMaxQueryBytes)
      throw HttpError(414, "too_long",
                      fmt::format("parameter {} is {} bytes long: at most {} are read", name,
                                  value.size(), kMaxQueryBytes));
    if (!is_valid_utf8(name) || !is_valid_utf8(value))
      throw HttpError(
          400, "usage",
          fmt::format("parameter {} is not valid UTF-8", is_valid_utf8(name) ? name : "name"));
    if (name == "q") {
      once(name);
      if (!value.empty()) o.words = {value};
    } else if (name == "quotes") {
      once(name);
      o.quotes = parse_flag(name, value);
    } else if (name == "facet") {
      facet_names += 1 + std::count(value.begin(), value.end(), ',');
      if (facet_names > kMaxFacets)
        throw HttpError(400, "usage", fmt::format("too many facets: at most {}", kMaxFacets));
      o.facets.push_back(value);
    } else if (name == "facet_search") {
      if (o.facet_search.size() == kMaxFacets)
        throw HttpError(400, "usage", fmt::format("too many facet_search: at most {}", kMaxFacets));
      o.facet_search.push_back(value);
    } else if (name == "disjunctive") {
      once(name);
      o.disjunctive_facets = parse_flag(name, value);
    } else if (name == "facet_limit") {
      once(name);
      o.facet_limit = parse_number(name, value, kMaxFacetLimit);
    } else if (name == "filter") {
      if (o.filters.size() == kMaxFilters)
        throw HttpError(400, "usage", fmt::format("too many filters: at most {}", kMaxFilters));
      // FIELD=VALUE as --filter, or FIELD:VALUE as in a query.
      std::size_t colon = value.find(':'), eq = value.find('=');
      std::string spec = value;
      if (colon != std::string::npos && (eq == std::string::npos || colon < eq)) spec[colon] = '=';
      o.filters.push_back(spec);
    } else if (name == "sort") {
      once(name);
      if (value != "relevance" && value != "date")
        throw HttpError(400, "usage",
                        fmt::format("parameter sort: '{}' is not relevance or date", value));
      o.sort = value;
    } else if (name == "offset") {
      once(name);
      o.offset = parse_number(name, value, kMaxOffset);
    } else if (name == "limit") {
      once(name);
      o.limit = parse_number(name, value, kMaxLimit);
    } else if (name == "from") {
      once(name);
      from = value;
    } else if (name == "to") {
      once(name);
      to = value;
    } else {
      throw HttpError(
          400, "usage",
          fmt::format(
              "unknown parameter '{}' (parameters: q, quotes, facet, "
              "facet_limit, facet_search, disjunctive, filter, sort, offset, limit, from, to)",
              name));
    }
  }
  // The date range is the filter date=FROM..TO (a partial date covers its
  // whole period, as in the query language's date:).
  if (!from.empty() || !to.empty()) {
    if (o.filters.size() == kMaxFilters)
      throw HttpError(400, "usage", fmt::format("too many filters: at most {}", kMaxFilters));
    o.filters.push_back(from == to ? "date=" + from : "date=" + from + ".." + to);
  }
  return o;
}

Response timeout_response(std::chrono::milliseconds limit) {
  return error_response(
      503, "timeout",
      fmt::format("no answer within {} ms, the longest a request may take here (whosaid-serve "
                  "--max-request-ms): ask for less (more words, a filter, fewer facets), or try "
                  "again when the server is less busy",
                  limit.count()));
}

Api::Api(ServeConfig config) : config_(std::move(config)) {
  if (config_.threads > 0) workers_ = std::make_unique<Workers>(config_.threads);
}

Api::~Api() = default;

Response Api::handle(std::string_view method, std::string_view path, const Params& params,
                     std::chrono::steady_clock::time_point received) const {
  try {
    if (method != "GET" && method != "HEAD") {
      Response r =
          error_response(405, "http", fmt::format("method {} is not allowed: GET or HEAD", method));
      r.headers.emplace_back("Allow", "GET, HEAD");
      return r;
    }
    if (path.starts_with("/api/")) {
      if (!workers_) return answer_api(path, params, std::nullopt);
      // The task owns copies: it may outlive this call (serve/workers.h).
      const auto deadline = received + config_.max_request;
      std::optional<Response> r = workers_->run(
          [this, path = std::string(path), params, deadline] {
            return answer_api(path, params, deadline);
          },
          deadline);
      return r ? std::move(*r) : timeout_response(config_.max_request);
    }
    std::string_view name = path.substr(path.starts_with('/') ? 1 : 0);
    if (name.empty()) name = "index.html";
    if (const Asset* a = find_asset(name)) {
      Response r;
      r.content_type = content_type(a->name);
      r.body = a->data;
      // The page is small and changes with the binary: revalidate it.
      r.cache_control = "no-cache";
      return r;
    }
    return error_response(404, "http", fmt::format("no such path: {}", path));
  } catch (...) {
    return error_from_exception();
  }
}

Response Api::answer_api(std::string_view path, const Params& params, Deadline deadline) const {
  try {
    if (path == "/api/search") return search(params, deadline);
    if (path == "/api/health") return health();
    constexpr std::string_view kArticle = "/api/article/";
    if (path.starts_with(kArticle)) return article(path.substr(kArticle.size()));
    return error_response(404, "http", fmt::format("no such path: {}", path));
  } catch (...) {
    return error_from_exception();
  }
}

Response Api::search(const Params& params, Deadline deadline) const {
  CliOptions opts = search_options(params);
  opts.dbs = config_.dbs;
  opts.allow_partial = config_.allow_partial;
  SearchRequest request = make_request(opts);
  // The match of a search past its deadline stops a little after it: its
  // incomplete counts come after the caller has answered 503, and the
  // worker drops them (serve/workers.h), so they are never sent.
  if (deadline) request.stop_matching_at = *deadline + kStopMatchingAfterDeadline;
  for (const auto& [facet, n] : request.facet_limits)
    if (n > kMaxFacetLimit)
      throw HttpError(400, "usage",
                      fmt::format("facet {}:{}: at most {} values", facet, n, kMaxFacetLimit));
  // Count the matches on a second thread (searcher run_search()'s BESIDE)
  // only when a search thread is idle, so a core is likely free: under load
  // every core already has a search of its own.
  const bool spare_core = !workers_ || workers_->idle() > 0;
  SearchResult result = with_databases(config_, [&](const SearchDatabases& dbs) {
    SearchResult r =
        run_search(dbs.db, request, dbs.beside && spare_core ? &*dbs.beside : nullptr);
    r.missing_shards = dbs.missing;
    r.shards_searched = dbs.shards.size();
    return r;
  });
  Response r;
  r.body = dump(format_json(result));
  return r;
}

Response Api::article(std::string_view id) const {
  if (id.empty()) throw HttpError(404, "not_found", "no article id given: /api/article/ID");
  if (id.size() > kMaxQueryBytes)
    throw HttpError(
        414, "too_long",
        fmt::format("the article id is {} bytes long: at most {}", id.size(), kMaxQueryBytes));
  if (!is_valid_utf8(id)) throw HttpError(400, "usage", "the article id is not valid UTF-8");
  for (int attempt = 1;; ++attempt) {
    try {
      Response r;
      r.body = dump(format_article_json(load_article(config_.dbs, std::string(id))));
      return r;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 10) throw;
    }
  }
}

Response Api::health() const {
  nlohmann::ordered_json j = with_databases(config_, [&](const SearchDatabases& dbs) {
    nlohmann::ordered_json h;
    h["version"] = kJsonVersion;
    try {
      h["revision"] = dbs.db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
      h["revision"] = nullptr;  // several shards: no single revision
    }
    h["documents"] = dbs.db.get_doccount();
    h["articles"] = dbs.db.get_termfreq(std::string(kPrefixType) + std::string(kTypeArticle));
    h["quotes"] = dbs.db.get_termfreq(std::string(kPrefixType) + std::string(kTypeQuote));
    h["shards"] = nlohmann::ordered_json::array();
    for (const std::string& name : dbs.shards)
      h["shards"].push_back({{"name", name}, {"reachable", true}});
    for (const auto& [name, error] : dbs.missing)
      h["shards"].push_back({{"name", name}, {"reachable", false}, {"error", error}});
    h["partial"] = !dbs.missing.empty();
    return h;
  });
  Response r;
  r.body = dump(j);
  return r;
}

}  // namespace whosaid::serve
