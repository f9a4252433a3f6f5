// The data sets of whosaid-eval, scored on the product's output (see
// eval_sets.h).
#include "eval_sets.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "eval_places.h"
#include "eval_score.h"
#include "indexer/extract_json.h"
#include "indexer/inputs.h"

extern char** environ;

namespace whosaid::eval {

namespace fs = std::filesystem;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {} (is ../shared/data there?)", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> f;
  std::size_t b = 0;
  for (std::size_t e; (e = line.find('\t', b)) != std::string_view::npos; b = e + 1)
    f.push_back(line.substr(b, e - b));
  f.push_back(line.substr(b));
  return f;
}

// articles.tsv escapes backslash, tab and newline inside fields.
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "26-FEB-1987 15:01:01.79" -> "1987-02-26"; "" when not of that form.
std::string reuters_date(std::string_view d) {
  static const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                  "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  std::string_view s = d.substr(0, d.find(' '));
  auto f1 = s.find('-'), f2 = s.rfind('-');
  if (f1 == std::string_view::npos || f1 == f2 || s.size() - f2 != 5) return "";
  std::string_view day = s.substr(0, f1), mon = s.substr(f1 + 1, f2 - f1 - 1),
                   year = s.substr(f2 + 1);
  for (int m = 0; m < 12; ++m)
    if (mon == kMonths[m]) return fmt::format("{}-{:02}-{:0>2}", year, m + 1, day);
  return "";
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Runs ARGV (argv[0] a path), returns its exit status and standard output;
// standard error goes to ERR_FILE.
int run_program(const std::vector<std::string>& argv, std::string& out, const fs::path& err_file) {
  int pipefd[2];
  if (pipe(pipefd) != 0) throw Error("cannot create a pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
  posix_spawn_file_actions_addclose(&fa, pipefd[1]);
  posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    throw Error(fmt::format("cannot run {}: {} (build it, or name its folder with --bin-dir)",
                            argv[0], std::strerror(rc)));
  }
  out.clear();
  char buf[65536];
  for (ssize_t n; (n = read(pipefd[0], buf, sizeof buf)) > 0;) out.append(buf, std::size_t(n));
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The last lines of the file at PATH (a program's standard error), for a
// message: the scratch folder holding it is removed on exit.
std::string tail_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > 2000 ? "..." + s.substr(s.size() - 2000) : s;
}

}  // namespace

std::vector<nlohmann::json> extract_printed(const Extractor& extractor,
                                            const std::vector<std::string>& paths) {
  std::vector<nlohmann::json> out;
  InputSink sink;
  sink.article = [&](Article&& a, const std::string&) {
    extractor.extract(a);
    out.push_back(article_json(a));
    return true;
  };
  sink.issue = [&](InputIssue&& i) {
    if (i.kind == InputIssue::Kind::kSkipped)
      throw Error(fmt::format("{}: {} (the article is not scored)", i.where, i.message));
    return true;
  };
  std::istringstream no_stdin;
  read_inputs(paths, no_stdin, sink);
  return out;
}

nlohmann::json eval_polnear(const Extractor& extractor, const std::string& text_dir,
                            const std::string& attributions_tsv) {
  auto gold = read_polnear_gold(read_file(attributions_tsv));
  PolnearCounts c;
  for (const auto& [doc, g] : gold)
    c.add(extract_printed(extractor, {(fs::path(text_dir) / (doc + ".txt")).string()}), g);
  return c.json();
}

nlohmann::json eval_quotespeaker(const Extractor& extractor, const std::string& text_dir,
                                 const std::string& attributions_tsv,
                                 const std::string& speakers_tsv) {
  auto gold = read_quote_gold(read_file(speakers_tsv), read_file(attributions_tsv));
  QuoteSpeakerCounts c;
  for (const auto& [doc, g] : gold)
    c.add(extract_printed(extractor, {(fs::path(text_dir) / (doc + ".txt")).string()}), g);
  return c.json();
}

nlohmann::json eval_speakers(const Extractor& extractor, const std::string& text_dir,
                             const std::string& articles_tsv) {
  std::istringstream in(read_file(articles_tsv));
  std::string line;
  std::getline(in, line);  // header
  SpeakerSetCounts c;
  while (std::getline(in, line)) {
    auto f = split_tabs(line);
    std::string doc(f[0]), persons(f.size() > 1 ? f[1] : "");
    c.add(extract_printed(extractor, {(fs::path(text_dir) / (doc + ".txt")).string()}), persons);
  }
  return c.json();
}

nlohmann::json eval_conll(const Extractor& extractor, const std::string& conll_file,
                          const fs::path& work_dir) {
  std::vector<ConllDoc> docs = read_conll(read_file(conll_file));
  fs::path jl = work_dir / "conll.jsonl";
  {
    std::ofstream o(jl, std::ios::binary);
    for (std::size_t i = 0; i < docs.size(); ++i)
      o << dump({{"id", fmt::format("conll-{}", i)},
                 {"title", fmt::format("Document {}", i)},
                 {"body", docs[i].text}})
        << '\n';
    if (!o) throw Error("cannot write " + jl.string());
  }
  std::unordered_map<std::string, nlohmann::json> by_id;
  for (auto& o : extract_printed(extractor, {jl.string()})) {
    std::string id = o.value("id", std::string());  // before the move below
    by_id[id] = std::move(o);
  }
  ConllCounts c;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    auto it = by_id.find(fmt::format("conll-{}", i));
    c.add(it == by_id.end() ? nlohmann::json() : it->second, docs[i]);
  }
  return c.json();
}

namespace {

// Calls F(fields, column index) for every row of articles.tsv.
template <typename F>
void each_reuters_row(const std::string& articles_tsv, F f) {
  std::ifstream in(articles_tsv, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {} (is ../shared/data there?)", articles_tsv));
  std::string line;
  if (!std::getline(in, line)) throw Error(articles_tsv + " is empty");
  std::unordered_map<std::string, std::size_t> col;
  auto header = split_tabs(line);
  for (std::size_t i = 0; i < header.size(); ++i) col[std::string(header[i])] = i;
  for (const char* c : {"newid", "date", "places", "title", "dateline", "body"})
    if (!col.count(c)) throw Error(fmt::format("{} has no column {}", articles_tsv, c));
  while (std::getline(in, line)) {
    auto fields = split_tabs(line);
    if (fields.size() < header.size()) continue;
    f(fields, col);
  }
}

// The article of one row (see write_reuters_jsonl); null without a body.
nlohmann::json reuters_article(const std::vector<std::string_view>& f,
                               std::unordered_map<std::string, std::size_t>& col) {
  std::string body = unescape(f[col["body"]]);
  if (body.empty()) return nullptr;
  std::string dateline = unescape(f[col["dateline"]]);
  if (!dateline.empty()) body = dateline + " " + body;
  nlohmann::json a = {{"id", "reuters-" + std::string(f[col["newid"]])},
                      {"title", unescape(f[col["title"]])},
                      {"body", body},
                      {"source", "Reuters"}};
  std::string date = reuters_date(f[col["date"]]);
  if (!date.empty()) a["date"] = date;
  return a;
}

}  // namespace

std::size_t write_reuters_jsonl(const std::string& articles_tsv, const fs::path& out) {
  std::ofstream o(out, std::ios::binary);
  std::size_t n = 0;
  each_reuters_row(articles_tsv, [&](const auto& f, auto& col) {
    nlohmann::json a = reuters_article(f, col);
    if (a.is_null()) return;
    o << dump(a) << '\n';
    ++n;
  });
  if (!o) throw Error("cannot write " + out.string());
  return n;
}

nlohmann::json eval_reuters(const Extractor& extractor, const std::string& articles_tsv,
                            const fs::path& work_dir) {
  fs::path jl = work_dir / "reuters.jsonl";
  write_reuters_jsonl(articles_tsv, jl);
  std::unordered_map<std::string, std::set<std::string>> gold;
  each_reuters_row(articles_tsv, [&](const auto& f, auto& col) {
    std::string_view places = f[col["places"]];
    if (places.empty() || f[col["body"]].empty()) return;
    auto& g = gold["reuters-" + std::string(f[col["newid"]])];
    for (std::size_t b = 0, e;; b = e + 1) {
      e = places.find('|', b);
      g.emplace(places.substr(b, e == std::string_view::npos ? e : e - b));
      if (e == std::string_view::npos) break;
    }
  });
  std::vector<CountryDoc> docs;
  InputSink sink;
  sink.article = [&](Article&& a, const std::string&) {
    auto it = gold.find(a.id);
    if (it == gold.end()) return true;
    extractor.extract(a);
    nlohmann::json printed = article_json(a);
    CountryDoc d;
    d.gold = it->second;
    for (const auto& p : printed["places"]) {
      std::string iso = p.value("country", std::string());
      if (!iso.empty()) ++d.predicted[reuters_country_code(iso)];
    }
    docs.push_back(std::move(d));
    return true;
  };
  sink.issue = [&](InputIssue&& i) {
    if (i.kind == InputIssue::Kind::kSkipped)
      throw Error(fmt::format("{}: {}", i.where, i.message));
    return true;
  };
  std::istringstream no_stdin;
  read_inputs({jl.string()}, no_stdin, sink);
  return score_countries(docs);
}

nlohmann::json eval_whosaidit(const fs::path& bin_dir, const std::string& bbc_dir,
                              const std::string& reuters_tsv, const std::string& cases_tsv,
                              const fs::path& db, const fs::path& work_dir) {
  std::string cases = read_file(cases_tsv);
  fs::path err = work_dir / "whosaidit.stderr";
  std::string out;
  std::error_code ec;
  bool reused = fs::exists(db, ec) && !fs::is_empty(db, ec);
  if (!reused) {
    fs::path jl = work_dir / "reuters.jsonl";
    if (!fs::exists(jl)) write_reuters_jsonl(reuters_tsv, jl);
    int rc = run_program(
        {(bin_dir / "whosaid-index").string(), "--db", db.string(), bbc_dir, jl.string()}, out,
        err);
    // 3: indexed, but some input was skipped (reported on stderr).
    if (rc != 0 && rc != 3)
      throw Error(fmt::format("whosaid-index exited {} building {}; it said:\n{}", rc, db.string(),
                              tail_of(err)));
  }
  std::size_t nohit = 0, n = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_kind = {{"direct", {0, 0}},
                                                                        {"indirect", {0, 0}}};
  std::istringstream in(cases);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto f = split_tabs(line);
    if (f.size() < 5) continue;
    std::string phrase(f[1]), surname(f[3]), kind(f[4]);
    auto& k = by_kind[kind];
    ++k.second;
    ++n;
    int rc = run_program({(bin_dir / "whosaid").string(), "--db", db.string(), "--quotes", "--json",
                          "--limit", "1", "quote:\"" + phrase + "\""},
                         out, err);
    // A search that fails (an unreadable index...) is not a phrase without
    // quotes: stop rather than count it as no hit.
    if (rc != 0)
      throw Error(fmt::format("whosaid exited {} searching {}; it said:\n{}", rc, db.string(),
                              tail_of(err)));
    nlohmann::json hits;
    try {
      hits = nlohmann::json::parse(out).value("hits", nlohmann::json::array());
    } catch (const std::exception&) {
      hits = nlohmann::json::array();
    }
    if (!hits.is_array() || hits.empty()) {
      ++nohit;
      continue;
    }
    if (hit_names(hits[0], surname)) ++k.first;
  }
  std::size_t right = 0;
  for (const auto& [kind, k] : by_kind) right += k.first;
  nlohmann::json j = {{"cases", n}, {"no_hit", nohit}, {"db", db.string()}, {"db_reused", reused}};
  for (const auto& [kind, k] : by_kind) j[kind] = {k.first, k.second};
  j["accuracy"] = round3(double(right) / double(std::max<std::size_t>(1, n)));
  return j;
}

}  // namespace whosaid::eval
