// The PolNeAR brat reader (see polnear.h).
#include "indexer/extract/training/polnear.h"

#include <map>
#include <sstream>
#include <utility>
#include <vector>


namespace whosaid {

namespace {

std::vector<std::pair<std::size_t, std::size_t>> parse_pieces(const std::string& s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::istringstream in(s);
  std::string part;
  while (std::getline(in, part, ';')) {
    std::istringstream p(part);
    std::size_t a, b;
    if (p >> a >> b) out.emplace_back(a, b);
  }
  return out;
}

}  // namespace

// Parses a brat .ann file: T lines (type and pieces) and E lines tying an
// attribution's Source, Cue and Content(2) together.
std::vector<SpanPieces> parse_polnear_ann(const std::string& text) {
  std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> spans;
  std::vector<std::vector<std::pair<std::string, std::string>>> events;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string id = line.substr(0, tab);
    std::string rest = line.substr(tab + 1);
    std::size_t tab2 = rest.find('\t');
    std::string head = rest.substr(0, tab2);
    if (id[0] == 'T') {
      std::size_t sp = head.find(' ');
      if (sp == std::string::npos) continue;
      spans[id] = parse_pieces(head.substr(sp + 1));
    } else if (id[0] == 'E') {
      std::vector<std::pair<std::string, std::string>> args;
      std::istringstream a(head);
      std::string arg;
      while (a >> arg) {
        std::size_t c = arg.find(':');
        if (c != std::string::npos) args.emplace_back(arg.substr(0, c), arg.substr(c + 1));
      }
      events.push_back(std::move(args));
    }
  }
  std::vector<SpanPieces> out;
  for (const auto& args : events) {
    SpanPieces g;
    for (const auto& [role, t] : args) {
      auto it = spans.find(t);
      if (it == spans.end()) continue;
      if (role == "Source")
        g.source = it->second;
      else if (role == "Cue")
        g.cue = it->second;
      else if (role.starts_with("Content"))
        g.content.insert(g.content.end(), it->second.begin(), it->second.end());
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace whosaid
