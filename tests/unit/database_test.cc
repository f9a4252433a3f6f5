// Never touching what is not whosaid's (core/database.h): --db refused,
// with nothing changed on disk, when it holds anything but a whosaid index
// or overlaps the inputs; the folders whosaid-index creates (the index, a
// compaction copy, writer parts, a sharded index) carry its marker and only
// their known files are ever removed; compaction's fallback when folders
// cannot be exchanged. Each test compares every file under its scratch
// folder, byte for byte, before and after.
#include "core/database.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/schema.h"
#include "indexer/index_run.h"
#include "indexer/shard_run.h"
#include "scratch.h"

namespace fs = std::filesystem;
using namespace whosaid;
using whosaid::test::Scratch;

namespace {

// Every path under DIR (relative), with a file's bytes or "<dir>".
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    std::string rel = fs::relative(it->path(), dir).string();
    if (it->is_directory()) {
      out[rel] = "<dir>";
    } else {
      std::ifstream in(it->path(), std::ios::binary);
      out[rel] = std::string(std::istreambuf_iterator<char>(in), {});
    }
  }
  return out;
}

// A user's folder: notes/todo.txt and an empty notes/sub.
void make_notes(const Scratch& s) {
  s.write("notes/todo.txt", "my precious notes\n");
  fs::create_directories(s.path("notes/sub"));
}

IndexOptions options(const std::string& db, std::vector<std::string> inputs) {
  IndexOptions o;
  o.db_path = db;
  o.inputs = std::move(inputs);
  o.extract = false;
  o.jobs = 1;
  return o;
}

std::string refusal(const IndexOptions& o) {
  try {
    run_index(o);
  } catch (const NotAnIndex& e) {
    return e.what();
  }
  return "(not refused)";
}

std::string articles_jsonl(int n, const std::string& prefix = "a") {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += "{\"id\":\"" + prefix + std::to_string(i) + "\",\"title\":\"Ferry " + std::to_string(i) +
           "\",\"body\":\"The ferry number " + std::to_string(i) +
           " was late again today, said the captain.\"}\n";
  return out;
}

Xapian::doccount doc_count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

int fail_einval(const char*, const char*) {
  errno = EINVAL;
  return -1;
}
int fail_eacces(const char*, const char*) {
  errno = EACCES;
  return -1;
}
// A user drops a file into the index folder while the run compacts it.
int exchange_after_user_file(const char* from, const char* to) {
  std::ofstream(fs::path(to) / "NOTES.txt") << "written during the run\n";
  return ::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
}

// Restores renameat2 however a test case ends.
struct ExchangeHook {
  explicit ExchangeHook(FolderExchange f) { set_folder_exchange_for_testing(f); }
  ~ExchangeHook() { set_folder_exchange_for_testing(nullptr); }
};

}  // namespace

TEST_CASE("database: --db a folder holding anything else is refused, nothing changed",
          "[database]") {
  Scratch s;
  make_notes(s);
  std::string feed = s.write("in/a2.jsonl", articles_jsonl(2));
  auto before = snapshot(s.path());
  std::string why = refusal(options(s.path("notes"), {feed}));
  CHECK(why.find("refusing --db " + s.path("notes")) == 0);
  CHECK(why.find("(sub, todo.txt)") != std::string::npos);
  CHECK(why.find("give --db a new folder") != std::string::npos);
  CHECK_THROWS_AS(open_for_index(s.path("notes"), ""), NotAnIndex);
  CHECK(snapshot(s.path()) == before);  // no marker, no lock, no database files

  // An index with a file of the user's in it: refused too (compaction
  // would carry the file away with the old copy).
  std::string db = s.path("db");
  run_index(options(db, {feed}));
  s.write("db/NOTES.txt", "mine\n");
  before = snapshot(s.path());
  CHECK(refusal(options(db, {feed})).find("(NOTES.txt)") != std::string::npos);
  IndexOptions compact = options(db, {feed});
  compact.compact = IndexOptions::Compact::kAlways;
  CHECK_THROWS_AS(run_index(compact), NotAnIndex);
  CHECK(snapshot(s.path()) == before);
}

TEST_CASE("database: --db a file or a foreign Xapian database is refused, nothing changed",
          "[database]") {
  Scratch s;
  std::string feed = s.write("in/a.jsonl", articles_jsonl(1));
  s.write("plain.txt", "not a database\n");
  {
    Xapian::WritableDatabase other(s.path("other"), Xapian::DB_CREATE);
    Xapian::Document d;
    d.set_data("someone else's document");
    d.add_term("theirs");
    other.add_document(d);
    other.set_metadata("their:key", "x");
    other.commit();
  }
  auto before = snapshot(s.path());
  CHECK(refusal(options(s.path("plain.txt"), {feed})).find("it is a file, not a whosaid index") !=
        std::string::npos);
  CHECK(refusal(options(s.path("other"), {feed})).find("not a whosaid index") != std::string::npos);
  CHECK_THROWS_AS(open_for_index(s.path("other"), ""), NotAnIndex);
  CHECK(snapshot(s.path()) == before);
  // The searcher opens it read-only and changes nothing either.
  CHECK_THROWS(open_for_search({s.path("other")}));
  CHECK_THROWS(open_for_search({s.path("plain.txt")}));
  CHECK(snapshot(s.path()) == before);
}

TEST_CASE("database: --db the index and the inputs must not overlap", "[database]") {
  Scratch s;
  s.write("victim/a1.txt", "One\n\nFirst article.\n");
  s.write("victim/a2.txt", "Two\n\nSecond article.\n");
  s.write("news/x.txt", "News\n\nAn article.\n");
  auto before = snapshot(s.path());
  // The articles' own folder as the index.
  CHECK(refusal(options(s.path("victim"), {s.path("victim")})).find("also an input") !=
        std::string::npos);
  // Through another spelling of the same path.
  CHECK(refusal(options(s.path("victim"), {s.path("news/../victim/")})).find("also an input") !=
        std::string::npos);
  // The index inside an input folder (not created).
  CHECK(refusal(options(s.path("news/db"), {s.path("news")})).find("inside the input folder") !=
        std::string::npos);
  // An input inside the index.
  CHECK(refusal(options(s.path("victim"), {s.path("victim/a1.txt")})).find("lies inside it") !=
        std::string::npos);
  IndexOptions sharded = options(s.path("news/sh"), {s.path("news")});
  CHECK_THROWS_AS(run_sharded_index(sharded, 2), NotAnIndex);
  CHECK(snapshot(s.path()) == before);
  // Standard input and missing inputs are not paths to compare.
  CHECK_NOTHROW(check_inputs_outside(s.path("db"), {"-", s.path("nope")}));
}

TEST_CASE("database: --db an empty or new folder becomes a marked index", "[database]") {
  Scratch s;
  std::string feed = s.write("in/a.jsonl", articles_jsonl(3));
  fs::create_directories(s.path("empty"));
  CHECK(run_index(options(s.path("empty"), {feed})).articles == 3);
  CHECK(fs::is_regular_file(s.path("empty/") + kMarkerFileName));
  CHECK(run_index(options(s.path("new/deep/db"), {feed})).articles == 3);
  CHECK(fs::is_regular_file(s.path("new/deep/db/") + kMarkerFileName));
  // A new index records whosaid's schema in its first revision.
  CHECK_FALSE(Xapian::Database(s.path("new/deep/db")).get_metadata(kSchemaVersionKey).empty());

  // A first run killed while Xapian created the database: its marker and
  // some tables, no version file. The next run creates it again.
  s.write("killed/" + std::string(kMarkerFileName), "m");
  s.write("killed/postlist.glass", "");
  s.write("killed/flintlock", "");
  CHECK_THROWS_AS(Xapian::WritableDatabase(s.path("killed"), Xapian::DB_CREATE_OR_OPEN),
                  Xapian::DatabaseOpeningError);  // what Xapian alone does
  CHECK(run_index(options(s.path("killed"), {feed})).articles == 3);
  // Without the marker it is not known as whosaid's: refused.
  s.write("unmarked/postlist.glass", "");
  CHECK_THROWS_AS(run_index(options(s.path("unmarked"), {feed})), NotAnIndex);
  CHECK(snapshot(s.path("unmarked")) == std::map<std::string, std::string>{{"postlist.glass", ""}});

  // An index from before markers: recognised by its schema metadata, marked
  // when next opened.
  fs::remove(s.path("empty/") + kMarkerFileName);
  CHECK(run_index(options(s.path("empty"), {feed})).unchanged == 3);
  CHECK(fs::is_regular_file(s.path("empty/") + kMarkerFileName));
}

TEST_CASE("database: siblings: a folder named like whosaid's that is not whosaid's is refused",
          "[database]") {
  Scratch s;
  std::string feed = s.write("in/a.jsonl", articles_jsonl(3));
  std::string db = s.path("db");
  for (std::string sibling :
       {compaction_path(db), writer_part_path(db, 1), writer_part_path(db, 63)}) {
    CAPTURE(sibling);
    s.write(fs::relative(sibling, s.path()).string() + "/keep.txt", "the user's\n");
    auto before = snapshot(s.path());
    std::string why = refusal(options(db, {feed}));
    CHECK(why.find(sibling + " exists and was not made by whosaid-index") != std::string::npos);
    CHECK(snapshot(s.path()) == before);
    fs::remove_all(sibling);
  }
  // A sibling folder that is a symbolic link is not followed, nor removed.
  fs::create_directories(s.path("elsewhere"));
  s.write("elsewhere/keep.txt", "the user's\n");
  fs::create_directory_symlink(s.path("elsewhere"), compaction_path(db));
  auto before = snapshot(s.path());
  CHECK_THROWS_AS(run_index(options(db, {feed})), NotAnIndex);
  CHECK(snapshot(s.path()) == before);
  fs::remove(compaction_path(db));

  // What a killed run of whosaid's leaves (marked, known files only) is
  // removed by the next run.
  run_index(options(db, {feed}));
  fs::create_directories(compaction_path(db));
  fs::copy(db, compaction_path(db), fs::copy_options::recursive);
  fs::create_directories(writer_part_path(db, 2));
  s.write(fs::relative(writer_part_path(db, 2), s.path()).string() + "/" + kMarkerFileName, "");
  fs::create_directories(writer_part_path(db, 3));  // empty: killed before its marker
  run_index(options(db, {feed}));
  CHECK_FALSE(fs::exists(compaction_path(db)));
  CHECK_FALSE(fs::exists(writer_part_path(db, 2)));
  CHECK_FALSE(fs::exists(writer_part_path(db, 3)));
}

TEST_CASE("database: remove_owned_folder() only whosaid's known files, never recursive",
          "[database]") {
  Scratch s;
  std::string feed = s.write("in/a.jsonl", articles_jsonl(3));
  run_index(options(s.path("db"), {feed}));
  CHECK(remove_owned_folder(s.path("db")));
  CHECK_FALSE(fs::exists(s.path("db")));
  CHECK(remove_owned_folder(s.path("never-there")));

  make_notes(s);
  auto before = snapshot(s.path());
  CHECK_FALSE(remove_owned_folder(s.path("notes")));
  CHECK(snapshot(s.path()) == before);
  // Marked, but with a file of someone else's: the known files go, the
  // rest stays, and so do the marker and the folder.
  s.write("mixed/" + std::string(kMarkerFileName), "m");
  s.write("mixed/postlist.glass", "x");
  s.write("mixed/todo.txt", "mine\n");
  fs::create_directories(s.path("mixed/iamglass"));  // a known name, but a folder
  s.write("mixed/iamglass/deep.txt", "mine too\n");
  CHECK_FALSE(remove_owned_folder(s.path("mixed")));
  CHECK(snapshot(s.path("mixed")) ==
        std::map<std::string, std::string>{{kMarkerFileName, "m"},
                                           {"iamglass", "<dir>"},
                                           {"iamglass/deep.txt", "mine too\n"},
                                           {"todo.txt", "mine\n"}});
}

TEST_CASE("database: compaction: a file the user adds during the run is never removed",
          "[database]") {
  Scratch s;
  std::string feed = s.write("in/a.jsonl", articles_jsonl(20));
  std::string db = s.path("db");
  IndexOptions o = options(db, {feed});
  o.batch_size = 2;
  o.compact = IndexOptions::Compact::kNever;
  run_index(o);
  {
    ExchangeHook hook(exchange_after_user_file);
    Xapian::WritableDatabase lock = open_for_index(db, "");
    CHECK(compact_in_place(db));
  }
  // The old copy's files are gone; the user's file, and so the marker and
  // the folder, stay.
  auto left = snapshot(compaction_path(db));
  CHECK(left.size() == 2);
  CHECK(left.count(kMarkerFileName) == 1);
  CHECK(left["NOTES.txt"] == "written during the run\n");
  CHECK(doc_count(db) == 20);
  // The next run will not reuse that folder: it says so and changes nothing.
  auto before = snapshot(s.path());
  CHECK(refusal(options(db, {feed})).find(compaction_path(db) + " exists") != std::string::npos);
  CHECK(snapshot(s.path()) == before);
}

TEST_CASE("database: compaction: without folder exchange the index stays as it was", "[database]") {
  Scratch s;
  std::string feed = s.write("in/a.jsonl", articles_jsonl(30));
  std::string db = s.path("db");
  IndexOptions o = options(db, {feed});
  o.batch_size = 2;
  o.compact = IndexOptions::Compact::kNever;
  run_index(o);
  {
    ExchangeHook hook(fail_einval);
    Xapian::WritableDatabase lock = open_for_index(db, "");
    auto before = snapshot(s.path());
    CHECK_FALSE(compact_in_place(db));  // unsupported: not compacted, no error
    CHECK(snapshot(s.path()) == before);
    set_folder_exchange_for_testing(fail_eacces);
    CHECK_THROWS_AS(compact_in_place(db), Error);  // any other failure is an error
    CHECK(snapshot(s.path()) == before);
  }

  // An index reached through a symbolic link: the exchange would move the
  // link, so it is not compacted; the link and its folder stay as they are.
  fs::create_directory_symlink(db, s.path("link"));
  {
    Xapian::WritableDatabase lock = open_for_index(s.path("link"), "");
    auto before = snapshot(s.path());
    CHECK_FALSE(compact_in_place(s.path("link")));
    CHECK_FALSE(compact_in_place(s.path("link") + "/"));
    CHECK(snapshot(s.path()) == before);
    CHECK(fs::is_symlink(s.path("link")));
  }

  // A new index written by parallel writers: the parts are copied in
  // instead of merged by compaction; every article is there, once.
  ExchangeHook hook(fail_einval);
  std::string db3 = s.path("db3");
  IndexOptions p = options(db3, {feed});
  p.writers = 3;
  p.batch_size = 4;
  IndexStats st = run_index(p);
  CHECK(st.writers == 3);
  CHECK_FALSE(st.compacted);
  CHECK(st.articles == 30);
  CHECK(doc_count(db3) == 30);
  Xapian::Database d(db3);
  for (int i = 0; i < 30; ++i) CHECK(d.get_termfreq(id_term("a" + std::to_string(i))) == 1);
  for (unsigned k = 1; k < 3; ++k) CHECK_FALSE(fs::exists(writer_part_path(db3, k)));
  CHECK_FALSE(fs::exists(compaction_path(db3)));
}

TEST_CASE("database: a sharded --db only a sharded index's own names, nothing changed",
          "[database]") {
  Scratch s;
  std::string feed = s.write("in/a.jsonl", articles_jsonl(10));
  make_notes(s);
  auto before = snapshot(s.path());
  IndexOptions o = options(s.path("notes"), {feed});
  CHECK_THROWS_AS(run_sharded_index(o, 2), NotAnIndex);
  CHECK_THROWS_AS(check_sharded_target(s.path("notes"), {feed}), NotAnIndex);
  CHECK(snapshot(s.path()) == before);

  o.db_path = s.path("sh");
  CHECK(run_sharded_index(o, 2).articles == 10);
  CHECK(fs::is_regular_file(s.path("sh/") + kMarkerFileName));
  CHECK(fs::is_regular_file(s.path("sh/shard0/") + kMarkerFileName));
  // A user's file among the shards, or inside one: refused.
  s.write("sh/todo.txt", "mine\n");
  before = snapshot(s.path());
  CHECK_THROWS_AS(run_sharded_index(o, 0), NotAnIndex);
  CHECK(snapshot(s.path()) == before);
  fs::remove(s.path("sh/todo.txt"));
  s.write("sh/shard1/todo.txt", "mine\n");
  before = snapshot(s.path());
  CHECK_THROWS_AS(run_sharded_index(o, 0), NotAnIndex);
  CHECK(snapshot(s.path()) == before);
  fs::remove(s.path("sh/shard1/todo.txt"));
  CHECK(run_sharded_index(o, 0).unchanged == 10);
}
