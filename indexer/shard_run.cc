// Sharded indexing: one run_index() per shard, in parallel threads.
#include "indexer/shard_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>
#include <vector>

#include "core/database.h"
#include "core/error.h"
#include "core/schema.h"

namespace whosaid {
namespace fs = std::filesystem;

std::size_t shard_of(std::string_view id, std::size_t n) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return n ? static_cast<std::size_t>(h % n) : 0;
}

namespace {

std::string shard_name(std::size_t k) { return fmt::format("shard{}", k); }

// The stub whosaid-index writes: "auto shard0" ... one line per shard.
std::string stub_text(std::size_t n) {
  std::string out = "# whosaid sharded index: one line per shard (see whosaid-index --shards)\n";
  for (std::size_t k = 0; k < n; ++k) out += fmt::format("auto {}\n", shard_name(k));
  return out;
}

}  // namespace

std::size_t sharded_index_size(const std::string& path) {
  std::error_code ec;
  fs::path stub = fs::path(path) / kStubFileName;
  if (!fs::is_regular_file(stub, ec)) return 0;
  std::ifstream in(stub);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line != "auto " + shard_name(n))
      throw NotAnIndex(fmt::format(
          "refusing --db {}: its {} lists other databases than whosaid-index's shards (line "
          "'{}'), so it is not a sharded whosaid index: index into each database by itself, or "
          "give --db a new folder",
          path, kStubFileName, line));
    ++n;
  }
  return n;
}

void check_sharded_target(const std::string& dir, const std::vector<std::string>& inputs) {
  std::error_code ec;
  if (fs::exists(fs::path(dir) / "iamglass", ec)) {
    // A single database: run_sharded_index() refuses it (a usage error).
  } else if (fs::is_directory(dir, ec)) {
    std::vector<std::string> foreign;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      static const std::regex shard_name_re(R"(shard[0-9]+(\.compacting|\.part[0-9]+)?)");
      if (name == kMarkerFileName || name == kStubFileName ||
          name == std::string(kStubFileName) + ".tmp")
        continue;
      if (!std::regex_match(name, shard_name_re)) {
        foreign.push_back(name);
        continue;
      }
      // shard<K> itself, with its siblings; their own checks.
      if (name.find('.') == std::string::npos)
        check_index_target((fs::path(dir) / name).string(), {});
    }
    if (ec)
      throw NotAnIndex(
          fmt::format("refusing --db {}: cannot list the folder: check its "
                      "permissions, or give --db another path",
                      dir));
    if (!foreign.empty()) {
      std::sort(foreign.begin(), foreign.end());
      throw NotAnIndex(fmt::format(
          "refusing --db {}: the folder holds {} that {} not part of a sharded whosaid index "
          "({}); whosaid-index writes only into a new or empty folder or an existing index, and "
          "never removes what it did not write: give --db a new folder",
          dir, foreign.size() == 1 ? "a file" : "files", foreign.size() == 1 ? "is" : "are",
          name_list(foreign)));
    }
  } else if (fs::exists(dir, ec)) {
    throw NotAnIndex(fmt::format(
        "refusing --db {}: it is a file, not a sharded whosaid index (whosaid-index writes its "
        "shards into a folder of its own): give --db a new or empty folder",
        dir));
  }
  check_inputs_outside(dir, inputs);
}

IndexStats run_sharded_index(const IndexOptions& opt, std::size_t shards) {
  auto start = std::chrono::steady_clock::now();
  const std::string& dir = opt.db_path;
  std::size_t n = sharded_index_size(dir);
  std::error_code ec;
  if (n == 0) {
    if (shards == 0) throw UsageError(fmt::format("{} is not a sharded index", dir));
    if (shards > kMaxShards)
      throw UsageError(fmt::format("--shards {}: at most {} shards", shards, kMaxShards));
    if (fs::exists(fs::path(dir) / "iamglass", ec) || fs::is_regular_file(dir, ec))
      throw UsageError(fmt::format(
          "{} is a single database: index into a new folder to use --shards (or merge shards "
          "with xapian-compact)",
          dir));
    if (opt.inputs.empty())
      throw IndexMissing(fmt::format("no index at {} (nothing to delete)", dir));
    n = shards;
  } else if (shards != 0 && shards != n) {
    throw UsageError(fmt::format(
        "{} has {} shards, not {}: re-index into a new folder to change the number of shards", dir,
        n, shards));
  }

  // Nothing written before this: DIR must be new, empty or a sharded
  // index, apart from the inputs. Then it is marked as whosaid's first.
  check_sharded_target(dir, opt.inputs);
  claim_folder(dir);

  // Standard input can be read once: keep it for every shard's run.
  std::string standard_input;
  bool reads_stdin = std::find(opt.inputs.begin(), opt.inputs.end(), "-") != opt.inputs.end();
  if (reads_stdin) {
    std::istream& in = opt.standard_input ? *opt.standard_input : std::cin;
    standard_input.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // --delete ids: to the shard of the id, and of the file path it may name.
  std::vector<std::vector<std::string>> deletes(n);
  std::map<std::string, std::size_t> sent;  // id -> shards it went to
  for (const std::string& id : opt.delete_ids) {
    std::set<std::size_t> to{shard_of(id, n)};
    fs::path canonical = fs::weakly_canonical(id, ec);
    if (!ec) to.insert(shard_of(canonical.string(), n));
    for (std::size_t k : to) deletes[k].push_back(id);
    sent[id] += to.size();
  }

  std::mutex m;  // the callbacks below, and the merged counts
  using Key = std::tuple<std::string, std::string, std::string>;
  std::set<Key> reported;
  std::map<std::string, std::size_t> not_found;  // delete id -> shards that lack it
  IndexStats merged;
  std::vector<IndexStats> progress(n);
  auto report = [&](const InputIssue& i) {  // with m held
    if (!reported.insert({i.where, i.message, i.reason}).second) return;
    if (!merged.count_issue(i)) return;  // ignored files: counted from the shards' runs
    if (opt.on_issue) opt.on_issue(i);
  };

  std::vector<IndexStats> results(n);
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::string> stdin_copies(n, standard_input);
  std::vector<std::istringstream> stdins;
  for (std::size_t k = 0; k < n; ++k) stdins.emplace_back(stdin_copies[k]);
  unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < n; ++k) {
    IndexOptions o = opt;
    o.db_path = (fs::path(dir) / shard_name(k)).string();
    o.delete_ids = deletes[k];
    o.jobs = std::max(1u, static_cast<unsigned>(jobs / n));
    o.standard_input = &stdins[k];
    o.accept_id = [k, n](const std::string& id) { return shard_of(id, n) == k; };
    o.on_issue = [&](const InputIssue& i) {
      std::lock_guard lock(m);
      if (i.reason == "not found" && sent.count(i.where)) {
        ++not_found[i.where];
        return;  // reported at the end if no shard had it
      }
      report(i);
    };
    o.on_progress = nullptr;
    if (opt.on_progress) {
      o.on_progress = [&, k](const IndexStats& s) {
        std::lock_guard lock(m);
        progress[k] = s;
        IndexStats sum = merged;
        for (const IndexStats& p : progress) {
          sum.added += p.added;
          sum.replaced += p.replaced;
          sum.unchanged += p.unchanged;
        }
        sum.seconds = s.seconds;
        opt.on_progress(sum);
      };
    }
    if (opt.on_commit)
      o.on_commit = [&](const CommitReport& r) {
        std::lock_guard lock(m);
        opt.on_commit(r);
      };
    // A shard with nothing to do (no inputs, no deletes of its own) is left alone.
    if (o.inputs.empty() && o.delete_ids.empty()) continue;
    threads.emplace_back([&results, &errors, k, o] {
      try {
        results[k] = run_index(o);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);

  // The stub last: an index is listed once its shards exist.
  fs::path stub = fs::path(dir) / kStubFileName;
  if (!fs::exists(stub, ec)) {
    fs::path tmp = fs::path(dir) / (std::string(kStubFileName) + ".tmp");
    {
      std::ofstream out(tmp);
      out << stub_text(n);
      if (!out.flush()) throw Error(fmt::format("cannot write {}", tmp.string()));
    }
    fs::rename(tmp, stub);
  }

  for (const auto& [id, shards_without] : not_found)
    if (shards_without >= sent[id])
      report({InputIssue::Kind::kSkipped, id, "no article with this id in the index", "not found"});
  for (std::size_t k = 0; k < n; ++k) {
    const IndexStats& s = results[k];
    merged.add_counts(s);
    merged.ignored = std::max(merged.ignored, s.ignored);  // every run sees every file
    if (!s.language.empty()) merged.language = s.language;
  }
  // Documents: count every shard, also those this run did not touch.
  Xapian::Database all = open_for_search({dir});
  merged.documents = all.get_doccount();
  merged.articles = all.get_termfreq(std::string(kPrefixType) + std::string(kTypeArticle));
  if (merged.language.empty()) merged.language = database_language(all);
  merged.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return merged;
}

}  // namespace whosaid
