// The indexing run (indexer/index_run.h) and the input walk
// (indexer/inputs.h), each test in a fresh temporary folder: idempotent
// re-indexing, replacement, --delete, the lock, ordering with several
// workers, bad inputs counted and the rest indexed.
#include "indexer/index_run.h"

#include <stdlib.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "core/database.h"
#include "core/error.h"
#include "core/schema.h"
#include "indexer/inputs.h"
#include "scratch.h"
#include "searcher/stored_data.h"

namespace fs = std::filesystem;
using whosaid::IndexOptions;
using whosaid::IndexStats;
using whosaid::InputIssue;
using whosaid::test::Scratch;

namespace {

struct Run {
  IndexStats stats;
  std::vector<InputIssue> issues;
};

Run run(const fs::path& db, std::vector<std::string> inputs, std::vector<std::string> del = {},
        std::istream* in = nullptr, unsigned jobs = 1) {
  Run r;
  IndexOptions o;
  o.db_path = db.string();
  o.inputs = std::move(inputs);
  o.delete_ids = std::move(del);
  o.extract = false;
  o.jobs = jobs;
  o.standard_input = in;
  o.on_issue = [&](const InputIssue& i) { r.issues.push_back(i); };
  r.stats = whosaid::run_index(o);
  return r;
}

std::string article_text(const std::string& title, const std::string& body) {
  return title + "\n\n" + body + "\n";
}

Xapian::doccount articles_in(const fs::path& db) {
  Xapian::Database d(db.string());
  return d.get_termfreq(std::string(whosaid::kPrefixType) + std::string(whosaid::kTypeArticle));
}

}  // namespace

TEST_CASE("index: indexing the same folder twice changes nothing", "[index_run]") {
  Scratch s;
  s.write("in/a.txt", article_text("Ferry strike", "The ferry was late."));
  s.write("in/b.txt", article_text("Harbour repairs", "Eight months of repairs."));
  s.write("in/sub/c.jsonl",
          "{\"id\":\"j1\",\"title\":\"Talks\",\"body\":\"Envoys met.\"}\n"
          "{\"title\":\"No id\",\"body\":\"Hashed.\"}\n");
  fs::path db = s.path() / "db";

  Run first = run(db, {(s.path() / "in").string()});
  CHECK(first.stats.added == 4);
  CHECK(first.stats.indexed() == 4);
  CHECK(first.stats.skipped == 0);
  CHECK(first.stats.documents == 4);
  CHECK(first.stats.articles == 4);
  CHECK(first.stats.language == "english");
  CHECK(first.issues.empty());

  Run second = run(db, {(s.path() / "in").string()});
  CHECK(second.stats.added == 0);
  CHECK(second.stats.unchanged == 4);
  CHECK(second.stats.replaced == 0);
  CHECK(second.stats.documents == 4);

  // The same file through a symbolic link: same id, same article.
  fs::create_symlink(s.path() / "in" / "a.txt", s.path() / "link.txt");
  Run linked = run(db, {(s.path() / "link.txt").string()});
  CHECK(linked.stats.unchanged == 1);
  CHECK(articles_in(db) == 4);

  // A changed file replaces its article.
  s.write("in/a.txt", article_text("Ferry strike", "The ferry was very late."));
  Run changed = run(db, {(s.path() / "in").string()});
  CHECK(changed.stats.replaced == 1);
  CHECK(changed.stats.unchanged == 3);
  Xapian::Database d(db.string());
  CHECK(d.get_doccount() == 4);
  CHECK(d.get_termfreq("very") == 1);

  // Ids: the canonical path of a text file, the JSON id, else a hash.
  CHECK(d.term_exists(whosaid::id_term(fs::weakly_canonical(s.path() / "in" / "a.txt").string())));
  CHECK(d.term_exists(whosaid::id_term("j1")));
  CHECK(d.term_exists(whosaid::id_term(whosaid::hash_hex("No id\nHashed."))));
}

TEST_CASE("index: --delete removes articles by id or path, and warns about unknown ids",
          "[index_run]") {
  Scratch s;
  fs::path a = s.write("in/a.txt", article_text("Ferry strike", "The ferry was late."));
  s.write("in/feed.jsonl", "{\"id\":\"j1\",\"title\":\"Talks\",\"body\":\"Envoys met.\"}\n");
  fs::path db = s.path() / "db";
  run(db, {(s.path() / "in").string()});
  CHECK(articles_in(db) == 2);

  Run del = run(db, {}, {"j1", a.string(), "no-such-id"});
  CHECK(del.stats.deleted == 2);
  CHECK(del.stats.skipped == 1);
  CHECK(del.stats.skip_reasons.at("not found") == 1);
  REQUIRE(del.issues.size() == 1);
  CHECK(del.issues[0].where == "no-such-id");
  CHECK(del.issues[0].message == "no article with this id in the index");
  CHECK(Xapian::Database(db.string()).get_doccount() == 0);
  // Its words are gone from the spelling table too.
  CHECK(Xapian::Database(db.string()).get_spelling_suggestion("ferru").empty());
}

TEST_CASE("index: deleting an article removes its quote documents", "[index_run]") {
  Scratch s;
  s.write("in/q.txt", article_text("Minister speaks",
                                   "\"We will not accept a capitulation,\" Barrot said.\n\n"
                                   "Rubio said that durable peace requires concessions."));
  fs::path db = s.path() / "db";
  IndexOptions o;
  o.db_path = db.string();
  o.inputs = {(s.path() / "in").string()};
  o.extract = true;  // whatever the extractor finds, delete must take it all
  IndexStats st = whosaid::run_index(o);
  CHECK(st.documents == 1 + st.quotes);
  Run del = run(db, {}, {(s.path() / "in" / "q.txt").string()});
  CHECK(del.stats.deleted == 1);
  CHECK(Xapian::Database(db.string()).get_doccount() == 0);
}

TEST_CASE("index: a second writer gets IndexLocked", "[index_run]") {
  Scratch s;
  s.write("a.txt", article_text("T", "B."));
  fs::path db = s.path() / "db";
  run(db, {(s.path() / "a.txt").string()});
  Xapian::WritableDatabase holder(db.string(), Xapian::DB_OPEN);
  try {
    run(db, {(s.path() / "a.txt").string()});
    FAIL("no IndexLocked");
  } catch (const whosaid::IndexLocked& e) {
    CHECK(std::string(e.what()).starts_with("index is locked"));
  }
}

TEST_CASE("index: bad inputs are counted and skipped, everything else indexed", "[index_run]") {
  Scratch s;
  s.write("in/1-good.txt", article_text("Good", "Fine text."));
  s.write("in/2-empty.txt", "");
  s.write("in/3-binary.txt", std::string("\0\1\2binary", 9));
  s.write("in/4-latin1.txt", article_text("Caf\xE9", "Cr\xE8me."));
  s.write("in/5-feed.jsonl", "{\"title\":\"ok\"}\nnot json\n{\"title\":\"ok2\"}\n");
  s.write("in/.hidden.txt", article_text("Hidden", "Not indexed."));
  s.write("in/photo.JPG", "not really a jpeg");
  fs::create_symlink("nowhere.txt", s.path() / "in" / "6-broken.txt");
  fs::create_symlink(".", s.path() / "in" / "7-up");  // back to in/
  fs::path db = s.path() / "db";

  Run r = run(db, {(s.path() / "in").string(), (s.path() / "missing.txt").string()});
  CHECK(r.stats.added == 4);  // good, latin1, two JSON lines
  CHECK(r.stats.repaired == 1);
  CHECK(r.stats.ignored == 2);  // .hidden.txt, photo.JPG
  CHECK(r.stats.skipped == 6);
  CHECK(r.stats.skip_reasons ==
        std::map<std::string, std::size_t>{
            {"bad json", 1}, {"binary", 1}, {"empty", 1}, {"missing", 2}, {"symlink loop", 1}});
  // Warnings come in input order, each naming its path (and line).
  std::vector<std::string> where;
  for (const InputIssue& i : r.issues) where.push_back(fs::path(i.where).filename().string());
  CHECK(where == std::vector<std::string>{"2-empty.txt", "3-binary.txt", "4-latin1.txt",
                                          "5-feed.jsonl:2", "6-broken.txt", "7-up", "missing.txt"});
  CHECK(r.issues.back().message == "no such file or directory");
  CHECK(r.issues[4].message == "broken symbolic link (its target does not exist)");
}

TEST_CASE("index: JSON Lines on standard input", "[index_run]") {
  Scratch s;
  fs::path db = s.path() / "db";
  std::istringstream in(
      "{\"id\":\"s1\",\"title\":\"From stdin\",\"speakers\":[\"Marco Rubio\"]}\n"
      "{oops\n");
  Run r = run(db, {"-"}, {}, &in);
  CHECK(r.stats.added == 1);
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].where == "-:2");
  Xapian::Database d(db.string());
  CHECK(d.term_exists("XSPEAKERmarco rubio"));
  auto data = nlohmann::json::parse(d.get_document(1).get_data());
  CHECK(data["path"] == "-");
}

TEST_CASE("index: several workers keep the input order", "[index_run]") {
  Scratch s;
  std::string feed;
  for (int i = 0; i < 500; ++i)
    feed += "{\"id\":\"n" + std::to_string(i) + "\",\"title\":\"Article " + std::to_string(i) +
            "\",\"body\":\"Body of article number " + std::to_string(i) + ".\"}\n";
  s.write("feed.jsonl", feed);
  fs::path db = s.path() / "db";
  IndexOptions o;
  o.db_path = db.string();
  o.inputs = {(s.path() / "feed.jsonl").string()};
  o.extract = false;
  o.jobs = 4;
  o.batch_size = 64;
  o.writers = 1;  // several writers number documents writer by writer
  IndexStats st = whosaid::run_index(o);
  CHECK(st.added == 500);
  Xapian::Database d(db.string());
  for (Xapian::docid id = 1; id <= 500; ++id) {
    auto data = nlohmann::json::parse(d.get_document(id).get_data());
    if (data["id"] != "n" + std::to_string(id - 1)) {
      FAIL("document " << id << " is " << data["id"]);
    }
  }
}

TEST_CASE("index: language recorded, spelling data written", "[index_run]") {
  Scratch s;
  s.write("a.txt", article_text("Ukraine talks", "Negotiators discussed a ceasefire."));
  fs::path db = s.path() / "db";
  IndexOptions o;
  o.db_path = db.string();
  o.inputs = {(s.path() / "a.txt").string()};
  o.extract = false;
  o.language = "en";  // an alias: recorded under the stemmer's own name
  CHECK(whosaid::run_index(o).language == "english");
  Xapian::Database d(db.string());
  CHECK(d.get_metadata(whosaid::kLanguageKey) == "english");
  CHECK(d.get_spelling_suggestion("ceasfire") == "ceasefire");
  o.language = "french";
  CHECK_THROWS_AS(whosaid::run_index(o), whosaid::UsageError);
  o.language = "klingon";
  CHECK_THROWS_AS(whosaid::run_index(o), whosaid::UsageError);
}

TEST_CASE("index: the summary, as text and as JSON", "[index_run]") {
  IndexStats s;
  s.added = 1;
  s.skipped = 2;
  s.skip_reasons = {{"empty", 1}, {"bad json", 1}};
  s.repaired = 1;
  s.seconds = 0.5;
  CHECK(whosaid::format_summary(s) ==
        "indexed 1 article (new 1, replaced 0, unchanged 0) and 0 quotes, deleted 0, skipped 2 "
        "(reasons: bad json 1, empty 1), repaired 1, in 0.5 s (2 articles/s)");
  auto j = whosaid::summary_json(s);
  CHECK(j["version"] == 1);
  CHECK(j["indexed"] == 1);
  CHECK(j["skip_reasons"]["empty"] == 1);
}

TEST_CASE("inputs: names left out of folder walks", "[inputs]") {
  CHECK(whosaid::is_non_article_name("a/photo.JPG"));
  CHECK(whosaid::is_non_article_name("report.pdf"));
  CHECK(whosaid::is_non_article_name("dump.tar.gz"));
  CHECK(whosaid::is_non_article_name("README"));
  CHECK(whosaid::is_non_article_name("bbc/README.TXT"));
  CHECK(whosaid::is_non_article_name("sample/readme.md"));
  CHECK_FALSE(whosaid::is_non_article_name("readme_for_editors_story.txt"));
  CHECK_FALSE(whosaid::is_non_article_name("001.txt"));
  CHECK(whosaid::is_jsonl_name("feed.JSONL"));
  CHECK(whosaid::is_jsonl_name("feed.ndjson"));
  CHECK_FALSE(whosaid::is_jsonl_name("feed.json"));
}

TEST_CASE("inputs: folders are walked in sorted order, once each", "[inputs]") {
  Scratch s;
  s.write("in/b/2.txt", article_text("B2", "x"));
  s.write("in/a.txt", article_text("A", "x"));
  s.write("in/b/1.txt", article_text("B1", "x"));
  s.write("in/c.txt", article_text("C", "x"));
  fs::create_directory_symlink(s.path() / "in" / "b", s.path() / "in" / "d");  // b again
  std::vector<std::string> titles;
  std::istringstream none;
  whosaid::read_inputs({(s.path() / "in").string()}, none,
                       {[&](whosaid::Article&& a, const std::string&) {
                          titles.push_back(a.title);
                          CHECK(fs::path(a.path).is_absolute());
                          return true;
                        },
                        [&](InputIssue&&) { return true; }});
  CHECK(titles == std::vector<std::string>{"A", "B1", "B2", "C"});
}

TEST_CASE("inputs: a file that vanishes after its folder was listed is named, the walk goes on",
          "[inputs]") {
  Scratch s;
  s.write("in/a.txt", article_text("A", "x"));
  s.write("in/b.txt", article_text("B", "x"));
  s.write("in/c.txt", article_text("C", "x"));
  std::vector<std::string> titles;
  std::vector<InputIssue> issues;
  std::istringstream none;
  whosaid::read_inputs({(s.path() / "in").string()}, none,
                       {[&](whosaid::Article&& a, const std::string& raw_hash) {
                          titles.push_back(a.title);
                          CHECK(raw_hash == whosaid::hash_hex(article_text(a.title, "x")));
                          if (a.title == "A") fs::remove(s.path() / "in" / "b.txt");
                          return true;
                        },
                        [&](InputIssue&& i) {
                          issues.push_back(std::move(i));
                          return true;
                        }});
  CHECK(titles == std::vector<std::string>{"A", "C"});
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].where == (s.path() / "in" / "b.txt").string());
  CHECK(issues[0].message == "no such file or directory");
  CHECK(issues[0].kind == InputIssue::Kind::kSkipped);
}

TEST_CASE("index: unchanged inputs are skipped before extraction, changed ones rebuilt",
          "[index_run]") {
  Scratch s;
  s.write("in/a.txt", article_text("Ferry strike", "The ferry was late."));
  s.write("in/b.jsonl",
          "{\"id\":\"j1\",\"title\":\"Talks\",\"body\":\"Envoys met.\"}\n"
          "{\"id\":\"j2\",\"title\":\"Harbour\",\"body\":\"Repairs.\"}\n");
  fs::path db = s.path() / "db";
  Run first = run(db, {(s.path() / "in").string()});
  CHECK(first.stats.built == 3);
  CHECK(first.stats.added == 3);

  Run again = run(db, {(s.path() / "in").string()});
  CHECK(again.stats.built == 0);
  CHECK(again.stats.unchanged == 3);

  // The same article, other bytes (spacing): the input changed, so it is
  // built again; the documents are rewritten with the new input hash.
  s.write("in/b.jsonl",
          "{\"id\":\"j1\",\"title\":\"Talks\",\"body\":\"Envoys met.\"}\n"
          "{\"id\": \"j2\", \"title\": \"Harbour\", \"body\": \"Repairs.\"}\n");
  Run spaced = run(db, {(s.path() / "in").string()});
  CHECK(spaced.stats.built == 1);
  CHECK(spaced.stats.unchanged == 2);
  CHECK(spaced.stats.replaced == 1);
  Run after = run(db, {(s.path() / "in").string()});
  CHECK(after.stats.built == 0);

  // Extraction on or off is part of the input hash.
  IndexOptions o;
  o.db_path = db.string();
  o.inputs = {(s.path() / "in" / "a.txt").string()};
  o.extract = true;
  IndexStats extracted = whosaid::run_index(o);
  CHECK(extracted.built == 1);
  CHECK(extracted.replaced == 1);
}

TEST_CASE("index: an id repeated in one run ends with its last version", "[index_run]") {
  Scratch s;
  std::string v1 = "{\"id\":\"x\",\"title\":\"Version one\",\"body\":\"alpha\"}\n";
  std::string v2 = "{\"id\":\"x\",\"title\":\"Version two\",\"body\":\"beta\"}\n";
  fs::path db = s.path() / "db";
  s.write("v1.jsonl", v1);
  run(db, {(s.path() / "v1.jsonl").string()});
  // v2 replaces v1; then v1 again: unchanged as committed before the run,
  // but not any more once v2 is written. It must be built and win.
  s.write("both.jsonl", v2 + v1);
  Run r = run(db, {(s.path() / "both.jsonl").string()}, {}, nullptr, 2);
  CHECK(r.stats.replaced == 2);
  CHECK(r.stats.built == 2);
  Xapian::Database d(db.string());
  CHECK(d.get_doccount() == 1);
  CHECK(d.term_exists("alpha"));
  CHECK_FALSE(d.term_exists("beta"));
}

TEST_CASE("index: each commit reports the articles it made durable", "[index_run]") {
  Scratch s;
  std::string feed;
  for (int i = 0; i < 7; ++i)
    feed +=
        "{\"id\":\"c" + std::to_string(i) + "\",\"title\":\"Article " + std::to_string(i) + "\"}\n";
  s.write("feed.jsonl", feed);
  fs::path db = s.path() / "db";
  run(db, {(s.path() / "feed.jsonl").string()}, {});  // all 7 in

  // Now c0..c6 again (unchanged) with c3 changed, c9 new, and c5 deleted.
  feed.replace(feed.find("Article 3"), 9, "Article 3b");
  feed += "{\"id\":\"c9\",\"title\":\"New\"}\n";
  s.write("feed.jsonl", feed);
  std::vector<whosaid::CommitReport> reports;
  IndexOptions o;
  o.db_path = db.string();
  o.inputs = {(s.path() / "feed.jsonl").string()};
  o.delete_ids = {"c5"};
  o.extract = false;
  o.batch_size = 2;
  o.on_commit = [&](const whosaid::CommitReport& r) {
    // Committed means visible to a new reader, now.
    Xapian::Database d(db.string());
    for (const std::string& id : r.articles) CHECK(d.term_exists(whosaid::id_term(id)));
    for (const std::string& id : r.deleted) CHECK_FALSE(d.term_exists(whosaid::id_term(id)));
    reports.push_back(r);
  };
  IndexStats st = whosaid::run_index(o);
  std::vector<std::string> articles, deleted;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    CHECK(reports[i].number > (i ? reports[i - 1].number : 0));
    CHECK(reports[i].articles.size() <= 2);
    articles.insert(articles.end(), reports[i].articles.begin(), reports[i].articles.end());
    deleted.insert(deleted.end(), reports[i].deleted.begin(), reports[i].deleted.end());
  }
  // c5 is deleted first, then indexed again from the feed.
  CHECK(deleted == std::vector<std::string>{"c5"});
  CHECK(articles == std::vector<std::string>{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c9"});
  CHECK(st.unchanged == 5);
  CHECK(st.added == 2);  // c5 again, c9
  CHECK(st.replaced == 1);
  CHECK(st.commits >= 4);
}

TEST_CASE("index: compaction swaps in a smaller copy; an open reader keeps reading",
          "[index_run]") {
  Scratch s;
  for (int i = 0; i < 40; ++i)
    s.write("in/a" + std::to_string(i) + ".txt",
            article_text("Story " + std::to_string(i),
                         "Ferry number " + std::to_string(i) + " was late again today."));
  fs::path db = s.path() / "db";
  IndexOptions o;
  o.db_path = db.string();
  o.inputs = {(s.path() / "in").string()};
  o.extract = false;
  o.batch_size = 2;  // many commits: free space behind
  o.compact = IndexOptions::Compact::kNever;
  IndexStats st = whosaid::run_index(o);
  CHECK_FALSE(st.compacted);
  auto disk_size = [](const fs::path& dir) {
    std::uintmax_t total = 0;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) total += e.file_size();
    return total;
  };
  const std::uintmax_t size_before = disk_size(db);
  Xapian::Database before(db.string());
  const Xapian::doccount docs = before.get_doccount();
  REQUIRE(docs == 40);
  // The reader reads one document now; the others only after the swap.
  const std::string data = before.get_document(1).get_data();

  {
    Xapian::WritableDatabase lock = whosaid::open_for_index(db.string(), "");
    CHECK(whosaid::compact_in_place(db.string()));
  }
  CHECK_FALSE(fs::exists(whosaid::compaction_path(db.string())));
  const std::uintmax_t size_after = disk_size(db);
  INFO("index size on disk: " << size_before << " bytes before, " << size_after << " after");
  CHECK(size_after < size_before);
  Xapian::Database after(db.string());
  CHECK(after.get_doccount() == docs);
  CHECK(after.get_document(1).get_data() == data);
  CHECK(after.get_termfreq("ferri") + after.get_termfreq("ferry") > 0);
  // The reader opened before still reads the revision it opened, its files
  // gone from the folder: documents, terms and positions it had not read.
  CHECK(before.get_doccount() == docs);
  for (Xapian::docid d = 2; d <= docs; ++d) {
    CAPTURE(d);
    const std::string unread = before.get_document(d).get_data();
    CHECK_FALSE(unread.empty());
    CHECK(unread == after.get_document(d).get_data());
    std::vector<std::string> terms_before(before.termlist_begin(d), before.termlist_end(d));
    std::vector<std::string> terms_after(after.termlist_begin(d), after.termlist_end(d));
    CHECK(terms_before == terms_after);
  }
  CHECK(before.get_termfreq("late") == docs);
  CHECK(before.positionlist_begin(docs, "late") != before.positionlist_end(docs, "late"));

  // kAuto: a new database is compacted, a run writing nothing is not.
  fs::path db2 = s.path() / "db2";
  o.db_path = db2.string();
  o.compact = IndexOptions::Compact::kAuto;
  CHECK(whosaid::run_index(o).compacted);
  CHECK_FALSE(whosaid::run_index(o).compacted);
  o.compact = IndexOptions::Compact::kAlways;
  CHECK(whosaid::run_index(o).compacted);
  CHECK(articles_in(db2) == 40);
}

TEST_CASE("index: parallel writers give the same index as one writer", "[index_run]") {
  Scratch s;
  std::string feed;
  for (int i = 0; i < 300; ++i)
    feed += "{\"id\":\"p" + std::to_string(i % 250) + "\",\"title\":\"Article " +
            std::to_string(i) + "\",\"body\":\"Body of article number " + std::to_string(i) +
            ".\"}\n";  // ids p0..p49 twice: the later version wins
  s.write("feed.jsonl", feed);
  auto index = [&](const std::string& name, unsigned writers, std::vector<std::string>* log) {
    IndexOptions o;
    o.db_path = (s.path() / name).string();
    o.inputs = {(s.path() / "feed.jsonl").string()};
    o.extract = false;
    o.batch_size = 16;
    o.writers = writers;
    if (log)
      o.on_commit = [log](const whosaid::CommitReport& r) {
        for (const std::string& id : r.articles) log->push_back(id);
      };
    return whosaid::run_index(o);
  };
  std::vector<std::string> log;
  IndexStats one = index("one", 1, nullptr);
  IndexStats three = index("three", 3, &log);
  CHECK(one.writers == 1);
  CHECK(three.writers == 3);
  CHECK(three.compacted);
  CHECK(three.added == one.added);
  CHECK(three.replaced == one.replaced);
  CHECK(three.documents == 250);
  CHECK(three.articles == 250);
  CHECK_FALSE(fs::exists(whosaid::writer_part_path((s.path() / "three").string(), 1)));
  // Every article reported, and the same terms with the same frequencies.
  std::sort(log.begin(), log.end());
  log.erase(std::unique(log.begin(), log.end()), log.end());
  CHECK(log.size() == 250);
  Xapian::Database a((s.path() / "one").string()), b((s.path() / "three").string());
  std::vector<std::pair<std::string, Xapian::doccount>> ta, tb;
  for (auto t = a.allterms_begin(); t != a.allterms_end(); ++t) ta.emplace_back(*t, t.get_termfreq());
  for (auto t = b.allterms_begin(); t != b.allterms_end(); ++t) tb.emplace_back(*t, t.get_termfreq());
  CHECK(ta == tb);
  // The later version of a repeated id won.
  auto p = b.postlist_begin("Qp10");
  REQUIRE(p != b.postlist_end("Qp10"));
  CHECK(nlohmann::json::parse(b.get_document(*p).get_data())["title"] == "Article 260");
  // Spelling data of every part.
  auto spellings = [](const Xapian::Database& d) {
    std::vector<std::pair<std::string, Xapian::doccount>> out;
    for (auto w = d.spellings_begin(); w != d.spellings_end(); ++w)
      out.emplace_back(*w, w.get_termfreq());
    return out;
  };
  CHECK_FALSE(spellings(a).empty());
  CHECK(spellings(a) == spellings(b));
}

TEST_CASE("index: a writer part holding someone else's file is kept, with a warning",
          "[index_run]") {
  Scratch s;
  std::string feed;
  for (int i = 0; i < 200; ++i)
    feed += "{\"id\":\"k" + std::to_string(i) + "\",\"title\":\"Article " + std::to_string(i) +
            "\",\"body\":\"Body of article number " + std::to_string(i) + ".\"}\n";
  s.write("feed.jsonl", feed);
  IndexOptions o;
  o.db_path = (s.path() / "db").string();
  o.inputs = {(s.path() / "feed.jsonl").string()};
  o.extract = false;
  o.batch_size = 16;
  o.writers = 2;
  const fs::path part = whosaid::writer_part_path(o.db_path, 1);
  // While the run goes on, someone puts a file into the part's folder.
  o.progress_interval = std::chrono::milliseconds(0);
  o.on_progress = [&](const IndexStats&) {
    if (fs::is_directory(part) && !fs::exists(part / "mine.txt"))
      std::ofstream(part / "mine.txt") << "not whosaid's\n";
  };
  std::vector<InputIssue> issues;
  o.on_issue = [&](const InputIssue& i) { issues.push_back(i); };
  IndexStats st = whosaid::run_index(o);
  CHECK(st.writers == 2);
  CHECK(st.articles == 200);
  REQUIRE(fs::exists(part / "mine.txt"));  // kept
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].kind == InputIssue::Kind::kNote);
  CHECK(issues[0].where == part.string());
  CHECK_THAT(issues[0].message, Catch::Contains("did not write"));
  CHECK(st.notes == 1);
}

TEST_CASE("index: a batch's articles come first, then its quotes", "[index_run]") {
  // Article searches read the document length of every match from one list
  // of all documents: quotes between the articles made that read walk over
  // them (indexer/index_run.cc, Writer::batch_quotes_).
  Scratch s;
  auto line = [](const std::string& id, const std::string& quote) {
    return "{\"id\":\"" + id + "\",\"title\":\"Talks " + id + "\",\"body\":\"\\\"" + quote +
           ",\\\" Barrot said.\\n\\nRubio said that durable peace requires concessions.\"}\n";
  };
  // b0 twice in the batch: its first version's quotes must not survive.
  s.write("feed.jsonl", line("b0", "We will not accept a capitulation") +
                            line("b1", "The ceasefire holds in the east") +
                            line("b2", "Sanctions stay until the troops leave") +
                            line("b0", "A settlement needs guarantees"));
  IndexOptions o;
  o.db_path = (s.path() / "db").string();
  o.inputs = {(s.path() / "feed.jsonl").string()};
  o.writers = 1;
  IndexStats st = whosaid::run_index(o);
  REQUIRE(st.quotes >= 4);

  Xapian::Database d(o.db_path);
  auto ids = [&](std::string_view type) {
    std::vector<Xapian::docid> out;
    std::string term = std::string(whosaid::kPrefixType) + std::string(type);
    for (auto p = d.postlist_begin(term); p != d.postlist_end(term); ++p) out.push_back(*p);
    return out;
  };
  std::vector<Xapian::docid> articles = ids(whosaid::kTypeArticle), quotes = ids(whosaid::kTypeQuote);
  REQUIRE(articles.size() == 3);
  REQUIRE_FALSE(quotes.empty());
  CHECK(articles.back() < quotes.front());
  CHECK(articles.back() - articles.front() == 2);  // consecutive
  // b0's quotes are those of its last version only.
  std::set<std::string> b0_quotes;
  whosaid::StoredData stored(d);  // a quote's text may be its article's (quote_data())
  for (auto p = d.postlist_begin("XARTICLEb0"); p != d.postlist_end("XARTICLEb0"); ++p) {
    nlohmann::json data = stored(d.get_document(*p));
    if (data.value("type", "") == whosaid::kTypeQuote) b0_quotes.insert(data.value("text", ""));
  }
  CHECK(b0_quotes.count("A settlement needs guarantees") == 1);
  CHECK(b0_quotes.count("We will not accept a capitulation") == 0);
  CHECK(d.get_doccount() == 3 + quotes.size());
  CHECK(st.documents == d.get_doccount());
}

TEST_CASE("index: a batch becomes visible whole, even when Xapian flushes within it",
          "[index_run]") {
  // Xapian flushes its in-memory changes every XAPIAN_FLUSH_THRESHOLD
  // documents; outside a transaction that flush is a commit, which made
  // articles durable before their quote documents (added at the commit).
  Scratch s;
  std::string feed;
  for (int i = 0; i < 12; ++i)
    feed += "{\"id\":\"t" + std::to_string(i) + "\",\"title\":\"Talks " + std::to_string(i) +
            "\",\"body\":\"\\\"We will not accept a capitulation,\\\" Barrot said.\\n\\nRubio "
            "said that durable peace requires concessions.\"}\n";
  s.write("feed.jsonl", feed);
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "2", 1);
  IndexOptions o;
  o.db_path = (s.path() / "db").string();
  o.inputs = {(s.path() / "feed.jsonl").string()};
  o.writers = 1;
  o.batch_size = 6;
  o.progress_interval = std::chrono::milliseconds(0);
  std::size_t looks = 0, torn = 0;
  // Between writes: every committed article has its quote documents.
  auto check = [&](const std::string& path) {
    Xapian::Database d;
    try {
      d = Xapian::Database(path);
    } catch (const Xapian::Error&) {
      return;  // nothing committed yet
    }
    ++looks;
    std::string type = std::string(whosaid::kPrefixType) + std::string(whosaid::kTypeArticle);
    for (auto p = d.postlist_begin(type); p != d.postlist_end(type); ++p) {
      auto t = d.termlist_begin(*p);
      t.skip_to(std::string(whosaid::kPrefixArticle));
      REQUIRE(t != d.termlist_end(*p));
      if (d.get_termfreq(*t) < 2) ++torn;  // the article alone, without its quotes
    }
  };
  o.on_progress = [&](const IndexStats&) { check(o.db_path); };
  IndexStats st = whosaid::run_index(o);
  ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
  REQUIRE(st.quotes >= 12);
  CHECK(st.articles == 12);
  CHECK(looks > 0);
  CHECK(torn == 0);
  check(o.db_path);
  CHECK(torn == 0);
}
