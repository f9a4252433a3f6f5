// Top-down exchange clustering: see clusters.h.
#include "indexer/extract/training/clusters.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "core/error.h"
#include "core/place_tokens.h"

namespace whosaid {

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {}", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string unescape(std::string_view s) {
  std::string out;
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

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> f;
  for (std::size_t b = 0;;) {
    std::size_t e = line.find('\t', b);
    f.push_back(line.substr(b, e == std::string_view::npos ? e : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return f;
}

double xlogx(double x) { return x > 0 ? x * std::log(x) : 0.0; }

}  // namespace

void WordCounter::add_text(std::string_view text) {
  thread_local std::vector<PlaceToken> tokens;
  thread_local std::string folded;
  tokenize(text, tokens, folded);
  std::size_t prev = SIZE_MAX;
  for (const PlaceToken& t : tokens) {
    std::string w(std::string_view(folded).substr(t.fold_start, t.fold_len));
    if (t.word && !t.has_letter) w = "0";  // numbers: one word
    auto [it, added] = ids_.emplace(std::move(w), words_.size());
    if (added) {
      words_.push_back(it->first);
      counts_.push_back(0);
      lower_.push_back(0);
    }
    const std::size_t id = it->second;
    ++counts_[id];
    if (t.word && t.has_lower && !t.upper_initial) ++lower_[id];
    ++tokens_;
    // A blank line ends a run of text: no pair across it.
    if (prev != SIZE_MAX && t.newlines_before < 2)
      ++pairs_[(static_cast<unsigned long long>(prev) << 32) | id];
    prev = id;
  }
}

void WordCounter::add_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(path))
      if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) add_text(read_all(f));
    return;
  }
  std::string text = read_all(path);
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".tsv") == 0) {
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    std::vector<std::string_view> header = split_tabs(line);
    auto col = [&](std::string_view name) {
      auto it = std::find(header.begin(), header.end(), name);
      if (it == header.end()) throw Error(fmt::format("{} has no column '{}'", path, name));
      return static_cast<std::size_t>(it - header.begin());
    };
    const std::size_t title = col("title"), body = col("body");
    std::vector<std::string> rows;
    while (std::getline(in, line)) {
      std::vector<std::string_view> f = split_tabs(line);
      if (f.size() <= std::max(title, body)) continue;
      add_text(unescape(f[title]) + "\n\n" + unescape(f[body]));
    }
    return;
  }
  add_text(text);
}

std::unordered_map<std::string, std::string> cluster_words(const WordCounter& wc,
                                                           const ClusterOptions& opt) {
  // The vocabulary: the most frequent words (ties by spelling), dense ids
  // in that order.
  std::vector<std::size_t> order(wc.words_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return wc.counts_[a] != wc.counts_[b] ? wc.counts_[a] > wc.counts_[b]
                                          : wc.words_[a] < wc.words_[b];
  });
  const std::size_t V = std::min(opt.max_words, order.size());
  std::vector<std::size_t> dense(wc.words_.size(), SIZE_MAX);
  for (std::size_t i = 0; i < V; ++i) dense[order[i]] = i;
  // Neighbours of each word within the vocabulary, sorted for determinism.
  std::vector<std::vector<std::pair<std::uint32_t, double>>> right(V), left(V);
  std::vector<double> self(V, 0), out(V, 0), in(V, 0);
  for (const auto& [key, n] : wc.pairs_) {
    std::size_t a = dense[key >> 32], b = dense[key & 0xFFFFFFFFull];
    if (a == SIZE_MAX || b == SIZE_MAX) continue;
    out[a] += double(n);
    in[b] += double(n);
    if (a == b) { self[a] += double(n); continue; }
    right[a].emplace_back(static_cast<std::uint32_t>(b), double(n));
    left[b].emplace_back(static_cast<std::uint32_t>(a), double(n));
  }
  for (auto* lists : {&right, &left})
    for (auto& l : *lists) std::sort(l.begin(), l.end());

  std::size_t depth = 0;
  while ((std::size_t{1} << depth) < opt.clusters) ++depth;
  std::vector<std::uint32_t> cls(V, 0);
  std::vector<double> N, L, R;
  std::size_t C = 1;
  double obj = 0;
  auto cell = [&](std::size_t c, std::size_t d, double delta) {
    double& x = N[c * C + d];
    obj += xlogx(x + delta) - xlogx(x);
    x += delta;
  };
  auto margin = [&](std::vector<double>& m, std::size_t c, double delta) {
    obj -= xlogx(m[c] + delta) - xlogx(m[c]);
    m[c] += delta;
  };
  // Moves word W into or out of class C (SIGN +1 or -1).
  auto shift = [&](std::size_t w, std::size_t c, double sign) {
    for (const auto& [v, n] : right[w]) cell(c, cls[v], sign * n);
    for (const auto& [u, n] : left[w]) cell(cls[u], c, sign * n);
    cell(c, c, sign * self[w]);
    margin(L, c, sign * out[w]);
    margin(R, c, sign * in[w]);
  };
  for (std::size_t level = 1; level <= depth; ++level) {
    C = std::size_t{1} << level;
    // Each class splits in two: its words alternate between the halves in
    // frequency order.
    std::vector<std::uint8_t> parity(C / 2, 0);
    for (std::size_t w = 0; w < V; ++w) {
      std::uint32_t parent = cls[w];
      cls[w] = parent * 2 + parity[parent];
      parity[parent] ^= 1;
    }
    N.assign(C * C, 0);
    L.assign(C, 0);
    R.assign(C, 0);
    for (std::size_t w = 0; w < V; ++w) {
      for (const auto& [v, n] : right[w]) N[cls[w] * C + cls[v]] += n;
      N[cls[w] * C + cls[w]] += self[w];
      L[cls[w]] += out[w];
      R[cls[w]] += in[w];
    }
    obj = 0;
    for (double x : N) obj += xlogx(x);
    for (std::size_t c = 0; c < C; ++c) obj -= xlogx(L[c]) + xlogx(R[c]);
    for (int pass = 0; pass < opt.passes; ++pass) {
      std::size_t moved = 0;
      for (std::size_t w = 0; w < V; ++w) {
        const std::size_t a = cls[w], b = a ^ 1;
        const double before = obj;
        shift(w, a, -1);
        cls[w] = static_cast<std::uint32_t>(b);
        shift(w, b, +1);
        if (obj > before + 1e-6) { ++moved; continue; }
        shift(w, b, -1);
        cls[w] = static_cast<std::uint32_t>(a);
        shift(w, a, +1);
      }
      if (moved == 0) break;
    }
  }
  std::unordered_map<std::string, std::string> result;
  for (std::size_t i = 0; i < V; ++i) {
    std::string bits;
    for (std::size_t k = depth; k-- > 0;) bits += ((cls[i] >> k) & 1) ? '1' : '0';
    const std::size_t w = order[i];
    bits += 2 * wc.lower_[w] >= wc.counts_[w] ? "/l" : "/c";
    result.emplace(wc.words_[order[i]], std::move(bits));
  }
  return result;
}

}  // namespace whosaid
