// whosaid-index-parts: where an index's bytes go, by part and by document
// type (article, quote).
//
//   whosaid-index-parts DB [--split DIR]
//
// Prints, for the glass database DB (a whosaid index or any glass database):
//   tables   the size of each glass table file (postlist: posting lists,
//            value streams and document lengths; position; termlist;
//            docdata; spelling), as on disk: compacted when whosaid-index
//            compacted it.
//   per type what the documents of each type hold, counted through the API:
//            documents, stored data bytes, value bytes per slot, and per
//            term family (body words, stemmed body words, title:, quote:,
//            speaker: words and filter terms, ...) the term-document pairs
//            (each one a posting and a termlist entry), the pairs with
//            positions (each one an entry of the position table) and the
//            positions.
// --split DIR: exact bytes per type: copies the documents of each type into
// a database of its own (DIR/article, DIR/quote; with --without-values also
// DIR/article-novalues, DIR/quote-novalues), compacts each as whosaid-index
// does, and prints their tables. The position table of a copy is exactly the
// positions of that type; the difference with and without values is the
// values' bytes. DIR is overwritten.
// --drop-positions FAMILY, --drop-terms FAMILY (repeatable; FAMILY as
// printed, e.g. "quote: words"): what-if copies for --split, leaving out the
// positions, or the terms, of that family (priced without building a
// layout).
#include <fmt/format.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/schema.h"

namespace whosaid::bench {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTables = {"postlist", "position", "termlist",
                                          "docdata",  "spelling", "synonym"};

std::map<std::string, std::uint64_t> table_bytes(const std::string& db) {
  std::map<std::string, std::uint64_t> out;
  for (const std::string& t : kTables) {
    fs::path p = fs::path(db) / (t + ".glass");
    std::error_code ec;
    auto n = fs::file_size(p, ec);
    out[t] = ec ? 0 : n;
  }
  return out;
}

// The term families: every prefix the schema writes, longest first so that
// XSPEAKER wins over XSP and XS.
struct Family {
  std::string prefix, name;
};

std::vector<Family> families() {
  std::vector<Family> out = {{std::string(kPrefixId), "id (Q)"},
                             {std::string(kPrefixType), "type (XTYPE)"},
                             {std::string(kPrefixArticle), "article (XARTICLE)"},
                             {std::string(kPrefixUrl), "url (U)"}};
  for (const Field& f : fields()) {
    if (f.text_prefix && !f.text_prefix->empty())
      out.push_back({std::string(*f.text_prefix), std::string(f.name) + ": words"});
    if (!f.filter_prefix.empty())
      out.push_back({std::string(f.filter_prefix), std::string(f.name) + ": filter"});
  }
  std::sort(out.begin(), out.end(),
            [](const Family& a, const Family& b) { return a.prefix.size() > b.prefix.size(); });
  return out;
}

// The family of TERM ("body", "title: words", "Z title: words" for a stemmed
// one, ...).
std::string family_of(std::string_view term, const std::vector<Family>& fams) {
  std::string stem;
  if (term.starts_with('Z')) {
    stem = "stemmed ";
    term.remove_prefix(1);
  }
  if (term.empty() || !(term[0] >= 'A' && term[0] <= 'Z')) return stem + "body words";
  for (const Family& f : fams) {
    if (!term.starts_with(f.prefix)) continue;
    std::string_view rest = term.substr(f.prefix.size());
    // A word or value follows the prefix, never another capital (XSP vs XS).
    if (f.prefix.starts_with('X') && !rest.empty() && rest[0] >= 'A' && rest[0] <= 'Z') continue;
    return stem + f.name;
  }
  return stem + "other";
}

struct TermCounts {
  std::uint64_t pairs = 0, term_bytes = 0, wdf = 0, positioned = 0, positions = 0;
};

struct TypeCounts {
  std::uint64_t docs = 0, data_bytes = 0, length = 0;
  std::map<Xapian::valueno, std::pair<std::uint64_t, std::uint64_t>> values;  // count, bytes
  std::map<std::string, TermCounts> terms;
};

std::string type_of(const Xapian::Document& doc) {
  const std::string prefix(kPrefixType);
  auto t = doc.termlist_begin();
  t.skip_to(prefix);
  if (t != doc.termlist_end() && (*t).starts_with(prefix)) return (*t).substr(prefix.size());
  return "other";
}

std::map<std::string, TypeCounts> count(const Xapian::Database& db) {
  std::map<std::string, TypeCounts> out;
  const std::vector<Family> fams = families();
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Xapian::Document doc = db.get_document(*p);
    TypeCounts& c = out[type_of(doc)];
    ++c.docs;
    c.length += p.get_doclength();
    c.data_bytes += doc.get_data().size();
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      auto& [n, bytes] = c.values[v.get_valueno()];
      ++n;
      bytes += (*v).size();
    }
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      TermCounts& tc = c.terms[family_of(term, fams)];
      ++tc.pairs;
      tc.term_bytes += term.size();
      tc.wdf += t.get_wdf();
      Xapian::termcount n = t.positionlist_count();
      if (n) {
        ++tc.positioned;
        tc.positions += n;
      }
    }
  }
  return out;
}

struct Drop {
  std::set<std::string> positions, terms;  // term families
};

// Copies the documents of TYPE from DB into a new database at OUT, values
// kept or not, DROP left out, then compacts it (in place of OUT) as
// whosaid-index does.
void copy_type(const Xapian::Database& db, const std::string& type, bool values, const Drop& drop,
               const std::string& out) {
  const std::vector<Family> fams = families();
  const std::string tmp = out + ".tmp";
  fs::remove_all(out);
  fs::remove_all(tmp);
  {
    Xapian::WritableDatabase w(tmp, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    const std::string term = std::string(kPrefixType) + type;
    std::uint64_t n = 0;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      Xapian::Document doc = db.get_document(*p);
      Xapian::Document copy;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        std::string fam;
        if (!drop.positions.empty() || !drop.terms.empty()) fam = family_of(term, fams);
        if (drop.terms.count(fam)) continue;
        copy.add_term(term, t.get_wdf());
        if (drop.positions.count(fam)) continue;
        for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos)
          copy.add_posting(term, *pos, 0);
      }
      if (values)
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
          copy.add_value(v.get_valueno(), *v);
      copy.set_data(doc.get_data());
      w.add_document(copy);
      if (++n % 20000 == 0) w.commit();
    }
    w.commit();
  }
  Xapian::Database(tmp).compact(out, Xapian::DBCOMPACT_NO_RENUMBER);
  fs::remove_all(tmp);
}

std::string mb(std::uint64_t bytes) { return fmt::format("{:.1f}", bytes / 1e6); }

void print_tables(const std::string& name, const std::map<std::string, std::uint64_t>& t,
                  std::uint64_t docs, std::uint64_t articles) {
  std::uint64_t total = 0;
  for (auto& [k, v] : t) total += v;
  std::string line = fmt::format("| {} | {} |", name, mb(total));
  for (const std::string& k : kTables) line += fmt::format(" {} |", mb(t.at(k)));
  line += fmt::format(" {:.0f} | {:.0f} |", docs ? double(total) / docs : 0.0,
                      articles ? double(total) / articles : 0.0);
  std::cout << line << '\n';
}

int run(int argc, char** argv) {
  CLI::App app{"whosaid-index-parts: an index's bytes by part and by document type"};
  std::string db_path, split;
  app.add_option("db", db_path, "the index (a glass database folder)")->required();
  app.add_option("--split", split, "copy each document type into DIR/<type> and measure it");
  std::vector<std::string> drop_positions, drop_terms;
  app.add_option("--drop-positions", drop_positions,
                 "with --split: leave out the positions of this term family");
  app.add_option("--drop-terms", drop_terms, "with --split: leave out this term family");
  bool without_values = false;
  app.add_flag("--without-values", without_values,
               "with --split: also copy each type without its values (their bytes)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  Xapian::Database db(db_path);
  std::map<std::string, TypeCounts> counts = count(db);
  const std::uint64_t articles =
      counts.count(std::string(kTypeArticle)) ? counts[std::string(kTypeArticle)].docs : 0;

  std::cout << fmt::format("# {}: {} documents, {} articles\n\n", db_path, db.get_doccount(),
                           articles);
  std::cout << "## Tables (MB; bytes per document and per article)\n\n";
  std::string head = "| database | total |";
  for (const std::string& t : kTables) head += " " + t + " |";
  std::cout << head << " B/doc | B/article |\n|---|---:|";
  for (std::size_t i = 0; i < kTables.size(); ++i) std::cout << "---:|";
  std::cout << "---:|---:|\n";
  print_tables(db_path, table_bytes(db_path), db.get_doccount(), articles);

  if (!split.empty()) {
    Drop drop{{drop_positions.begin(), drop_positions.end()},
              {drop_terms.begin(), drop_terms.end()}};
    fs::create_directories(split);
    for (auto& [type, c] : counts) {
      if (type == "other") continue;
      for (bool values : {true, false}) {
        if (!values && !without_values) continue;
        std::string out = (fs::path(split) / (type + (values ? "" : "-novalues"))).string();
        copy_type(db, type, values, drop, out);
        print_tables(out, table_bytes(out), c.docs, articles);
      }
    }
  }

  for (auto& [type, c] : counts) {
    std::cout << fmt::format(
        "\n## {} documents: {} (mean length {:.1f} words; data {:.1f} B/doc, {} MB)\n\n", type,
        c.docs, c.docs ? double(c.length) / c.docs : 0.0,
        c.docs ? double(c.data_bytes) / c.docs : 0.0, mb(c.data_bytes));
    std::cout << "| term family | pairs/doc | term bytes/doc | wdf/doc | positioned pairs/doc | "
                 "positions/doc |\n|---|---:|---:|---:|---:|---:|\n";
    TermCounts all;
    auto per = [&](std::uint64_t v) { return c.docs ? double(v) / c.docs : 0.0; };
    for (auto& [fam, t] : c.terms) {
      std::cout << fmt::format("| {} | {:.2f} | {:.1f} | {:.2f} | {:.2f} | {:.2f} |\n", fam,
                               per(t.pairs), per(t.term_bytes), per(t.wdf), per(t.positioned),
                               per(t.positions));
      all.pairs += t.pairs;
      all.term_bytes += t.term_bytes;
      all.wdf += t.wdf;
      all.positioned += t.positioned;
      all.positions += t.positions;
    }
    std::cout << fmt::format("| **all** | {:.2f} | {:.1f} | {:.2f} | {:.2f} | {:.2f} |\n",
                             per(all.pairs), per(all.term_bytes), per(all.wdf), per(all.positioned),
                             per(all.positions));
    std::cout << "\n| value slot | values/doc | bytes/doc |\n|---:|---:|---:|\n";
    for (auto& [slot, v] : c.values)
      std::cout << fmt::format("| {} | {:.2f} | {:.1f} |\n", slot, per(v.first), per(v.second));
  }
  return 0;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  try {
    return whosaid::bench::run(argc, argv);
  } catch (const Xapian::Error& e) {
    std::cerr << "whosaid-index-parts: " << e.get_description() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "whosaid-index-parts: " << e.what() << '\n';
  }
  return 1;
}
