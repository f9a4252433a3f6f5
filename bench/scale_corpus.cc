// whosaid-scale: writes a synthetic news corpus of N articles as JSON Lines
// ({"id","title","body","date","source"} per line) by recombining the real
// paragraphs and sentences of Reuters-21578 and BBC News, read at run time
// from ../shared/data (nothing of them is committed).
//
// How an article is made, for article number i (its own random stream, seeded
// from --seed and i, so the output is deterministic and any prefix of a larger
// corpus equals the smaller one):
//   - a source corpus is drawn (Reuters or BBC, in proportion to their sizes)
//     and a real "base" article of it: its title and its number of paragraphs
//     and of sentences per paragraph give the new article's shape;
//   - each paragraph is, with probability 1/2, a real paragraph of a random
//     article of that corpus (the first one a real lead paragraph), otherwise
//     as many random sentences of the corpus as the base paragraph had.
//     Sentences are drawn uniformly, so speech sentences (with said/told/
//     quote marks) keep their natural share and extraction has real work;
//     quotations spanning several sentences are kept whole;
//   - the date is a random day from 1987 to 2025; the source is "Reuters" or
//     "BBC News"; the id is "s<seed>-<i>".
// Memory is bounded: the source texts (~30 MB) are loaded once, then articles
// are generated and written one at a time.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.h"
#include "core/analysis.h"
#include "core/error.h"

namespace whosaid::bench {
namespace {

// splitmix64: small, fast and the same everywhere (std distributions are
// implementation-defined, which would break determinism across libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (n > 0); the modulo bias is negligible for our n.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return (next() >> 11) * (1.0 / 9007199254740992.0); }

 private:
  std::uint64_t s_;
};

struct Span {
  std::uint32_t off, len;
};

// One corpus: all paragraph text in one arena; articles are runs of
// paragraphs; sentences index into the arena.
struct Corpus {
  std::string name;  // the JSON "source"
  std::string arena;
  std::vector<Span> paragraphs;
  std::vector<std::uint32_t> para_sentences;  // sentences per paragraph
  std::vector<std::uint32_t> para_first;      // index of its first sentence
  std::vector<Span> sentences;
  std::vector<std::uint32_t> speech_flags;  // 1 if sentence is speech
  struct Doc {
    std::string title;
    std::uint32_t first_para, n_paras;
  };
  std::vector<Doc> docs;
  std::vector<std::uint32_t> leads;  // paragraph index of each doc's lead
  std::size_t speech = 0;
};

bool is_speech(std::string_view s) {
  if (s.find('"') != std::string_view::npos) return true;
  for (std::string_view cue : {" said", " says", " told", "according to", " added", " warned"})
    if (s.find(cue) != std::string_view::npos) return true;
  return false;
}

// Words after which a full stop does not end a sentence.
bool is_abbreviation(std::string_view word) {
  static const char* kAbbr[] = {"Mr",  "Mrs", "Ms",   "Dr",  "St",  "Inc",  "Co",  "Corp", "Ltd",
                                "Jan", "Feb", "Mar",  "Apr", "Jun", "Jul",  "Aug", "Sep",  "Sept",
                                "Oct", "Nov", "Dec",  "U.S", "U.K", "No",   "vs",  "Gen",  "Gov",
                                "Sen", "Rep", "Prof", "Lt",  "Col", "Capt", "Jr",  "Sr"};
  for (const char* a : kAbbr)
    if (word == a) return true;
  return word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0]));
}

// Splits paragraph P (a view into arena at OFF) into sentences, never inside
// a quotation.
void split_sentences(Corpus& c, std::uint32_t off, std::uint32_t len) {
  std::string_view p(c.arena.data() + off, len);
  std::size_t start = 0, count = 0;
  bool in_quote = false;
  c.para_first.push_back(static_cast<std::uint32_t>(c.sentences.size()));
  auto emit = [&](std::size_t end) {
    while (start < end && p[start] == ' ') ++start;
    if (end <= start) return;
    std::string_view s = p.substr(start, end - start);
    c.sentences.push_back(
        {static_cast<std::uint32_t>(off + start), static_cast<std::uint32_t>(end - start)});
    bool sp = is_speech(s);
    c.speech_flags.push_back(sp);
    c.speech += sp;
    ++count;
    start = end;
  };
  for (std::size_t i = 0; i < p.size(); ++i) {
    char ch = p[i];
    if (ch == '"') in_quote = !in_quote;
    if (in_quote || (ch != '.' && ch != '!' && ch != '?')) continue;
    std::size_t end = i + 1;
    if (end < p.size() && p[end] == '"') ++end;
    if (end >= p.size() || p[end] != ' ') continue;
    std::size_t next = end + 1;
    if (next >= p.size()) continue;
    unsigned char n = static_cast<unsigned char>(p[next]);
    if (!std::isupper(n) && n != '"') continue;
    if (ch == '.') {
      std::size_t w = i;
      while (w > start && p[w - 1] != ' ') --w;
      if (is_abbreviation(p.substr(w, i - w))) continue;
    }
    emit(end);
  }
  emit(p.size());
  c.para_sentences.push_back(static_cast<std::uint32_t>(count));
}

void add_doc(Corpus& c, std::string title, const std::vector<std::string>& paras) {
  if (paras.empty()) return;
  Corpus::Doc d{std::move(title), static_cast<std::uint32_t>(c.paragraphs.size()), 0};
  for (const std::string& p : paras) {
    auto off = static_cast<std::uint32_t>(c.arena.size());
    c.arena += p;
    c.paragraphs.push_back({off, static_cast<std::uint32_t>(p.size())});
    split_sentences(c, off, static_cast<std::uint32_t>(p.size()));
    ++d.n_paras;
  }
  c.leads.push_back(d.first_para);
  c.docs.push_back(std::move(d));
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    if (ch == '\t' || ch == '\r' || ch == '\n') ch = ' ';
    if (ch == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += ch;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string unescape_tsv(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char n = s[++i];
    out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
  }
  return out;
}

// Reuters-21578 articles.tsv: title column 12, body column 14. Bodies are
// hard-wrapped; a new paragraph starts with an indented line. The closing
// " Reuter" signature is dropped.
Corpus load_reuters(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(fmt::format("cannot read {} (is ../shared/data beside the checkout?)", path));
  Corpus c;
  c.name = "Reuters";
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string_view> cols;
  while (std::getline(in, line)) {
    cols.clear();
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line.find('\t', start);
      cols.emplace_back(line.data() + start,
                        (tab == std::string::npos ? line.size() : tab) - start);
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (cols.size() < 15) continue;
    std::string title = collapse_spaces(repair_utf8(unescape_tsv(cols[12])));
    std::string body = repair_utf8(unescape_tsv(cols[14]));
    if (title.empty() || body.empty()) continue;
    std::vector<std::string> paras;
    std::string cur;
    std::size_t i = 0;
    while (i <= body.size()) {
      std::size_t nl = body.find('\n', i);
      std::string_view l(body.data() + i, (nl == std::string::npos ? body.size() : nl) - i);
      bool indented = !l.empty() && l[0] == ' ';
      if (indented && !cur.empty()) {
        paras.push_back(collapse_spaces(cur));
        cur.clear();
      }
      cur += ' ';
      cur += l;
      if (nl == std::string::npos) break;
      i = nl + 1;
    }
    if (!cur.empty()) paras.push_back(collapse_spaces(cur));
    if (!paras.empty()) {
      std::string& last = paras.back();
      for (std::string_view sig : {" Reuter", " REUTER", "Reuter", "REUTER"})
        if (last.size() >= sig.size() &&
            last.compare(last.size() - sig.size(), sig.size(), sig) == 0) {
          last.resize(last.size() - sig.size());
          while (!last.empty() && last.back() == ' ') last.pop_back();
          break;
        }
    }
    std::erase_if(paras, [](const std::string& p) { return p.size() < 2; });
    add_doc(c, std::move(title), paras);
  }
  return c;
}

// BBC News: bbc/<category>/NNN.txt, line 1 the headline, then paragraphs
// separated by blank lines. Files are read in sorted order for determinism.
Corpus load_bbc(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir))
    throw Error(fmt::format("no directory {} (is ../shared/data beside the checkout?)", dir));
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".txt" &&
        e.path().filename() != "README.TXT")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  Corpus c;
  c.name = "BBC News";
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = repair_utf8(text);
    std::vector<std::string> paras;
    std::string title;
    std::size_t i = 0;
    while (i < text.size()) {
      std::size_t nl = text.find('\n', i);
      if (nl == std::string::npos) nl = text.size();
      std::string l = collapse_spaces(std::string_view(text).substr(i, nl - i));
      i = nl + 1;
      if (l.empty()) continue;
      if (title.empty())
        title = std::move(l);
      else
        paras.push_back(std::move(l));
    }
    add_doc(c, std::move(title), paras);
  }
  return c;
}

// Days since 1970-01-01 -> "YYYY-MM-DD" (Howard Hinnant's civil_from_days).
std::string civil_date(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = static_cast<long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04d}-{:02d}-{:02d}", y + (m <= 2), m, d);
}

constexpr long kFirstDay = 6209;  // 1987-01-01
constexpr long kLastDay = 20453;  // 2025-12-31

struct Options {
  std::size_t count = 20000;
  std::uint64_t seed = 1;
  std::string reuters, bbc, output = "-";
  bool stats = false;
};

int run(const Options& opt) {
  Corpus corpora[2] = {load_reuters(opt.reuters), load_bbc(opt.bbc)};
  std::size_t total_docs = corpora[0].docs.size() + corpora[1].docs.size();
  if (total_docs == 0) throw Error("no source articles found");

  std::FILE* out = stdout;
  if (opt.output != "-") {
    out = std::fopen(opt.output.c_str(), "wb");
    if (!out) throw Error(fmt::format("cannot write {}", opt.output));
  }
  std::string buf, body;
  std::uint64_t bytes = 0, speech = 0, sentences = 0;
  for (std::size_t i = 0; i < opt.count; ++i) {
    Rng rng(opt.seed * 0x100000001B3ull ^ (i + 1) * 0x9E3779B97F4A7C15ull);
    rng.next();
    const Corpus& c = corpora[rng.below(total_docs) < corpora[0].docs.size() ? 0 : 1];
    const Corpus::Doc& base = c.docs[rng.below(c.docs.size())];
    body.clear();
    for (std::uint32_t k = 0; k < base.n_paras; ++k) {
      if (!body.empty()) body += "\n\n";
      if (rng.unit() < 0.5) {
        std::uint32_t p = k == 0 ? c.leads[rng.below(c.leads.size())]
                                 : static_cast<std::uint32_t>(rng.below(c.paragraphs.size()));
        Span s = c.paragraphs[p];
        body.append(c.arena, s.off, s.len);
        if (opt.stats) {
          // Count the real paragraph's sentences for the speech share.
          std::size_t first = c.para_first[p];
          for (std::uint32_t q = 0; q < c.para_sentences[p]; ++q)
            speech += c.speech_flags[first + q];
          sentences += c.para_sentences[p];
        }
      } else {
        std::uint32_t n = std::max<std::uint32_t>(1, c.para_sentences[base.first_para + k]);
        for (std::uint32_t q = 0; q < n; ++q) {
          std::size_t si = rng.below(c.sentences.size());
          Span s = c.sentences[si];
          if (q) body += ' ';
          body.append(c.arena, s.off, s.len);
          speech += c.speech_flags[si];
          ++sentences;
        }
      }
    }
    nlohmann::ordered_json j;
    j["id"] = fmt::format("s{}-{}", opt.seed, i + 1);
    j["title"] = base.title;
    j["body"] = body;
    j["date"] = civil_date(kFirstDay + static_cast<long>(rng.below(kLastDay - kFirstDay + 1)));
    j["source"] = c.name;
    buf += j.dump();
    buf += '\n';
    if (buf.size() > (1u << 20)) {
      bytes += buf.size();
      std::fwrite(buf.data(), 1, buf.size(), out);
      buf.clear();
    }
  }
  bytes += buf.size();
  std::fwrite(buf.data(), 1, buf.size(), out);
  if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0))
    throw Error(fmt::format("cannot write {}", opt.output));
  if (opt.stats) {
    nlohmann::json s;
    s["articles"] = opt.count;
    s["bytes"] = bytes;
    s["seed"] = opt.seed;
    for (const Corpus& c : corpora)
      s["sources"][c.name] = {{"articles", c.docs.size()},
                              {"paragraphs", c.paragraphs.size()},
                              {"sentences", c.sentences.size()},
                              {"speech_sentences", c.speech},
                              {"arena_bytes", c.arena.size()}};
    s["speech_share"] = sentences ? static_cast<double>(speech) / sentences : 0.0;
    s["peak_rss_kb"] = self_usage().peak_rss_kb;
    std::cerr << s.dump() << '\n';
  }
  return 0;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  Options opt;
  std::string data = shared_data_dir();
  CLI::App app{
      "whosaid-scale: a synthetic news corpus of N articles as JSON Lines, recombined "
      "from the paragraphs and sentences of Reuters-21578 and BBC News"};
  app.add_option("-n,--count", opt.count, "number of articles")->capture_default_str();
  app.add_option("--seed", opt.seed, "random seed (same seed, same corpus)")->capture_default_str();
  app.add_option("--data", data, "research data directory ($WHOSAID_SHARED_DATA)")
      ->capture_default_str();
  app.add_option("-o,--output", opt.output, "output file ('-' = stdout)")->capture_default_str();
  app.add_flag("--stats", opt.stats, "print counts and the speech-sentence share to stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  opt.reuters = data + "/reuters21578/articles.tsv";
  opt.bbc = data + "/bbc-news/bbc";
  try {
    return run(opt);
  } catch (const std::exception& e) {
    std::cerr << "whosaid-scale: " << e.what() << '\n';
    return 1;
  }
}
