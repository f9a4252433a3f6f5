// Facet counting: ListCountSpy against a brute-force count over the
// documents (several speakers per document), top-N order, and the
// serialise / merge_results round trip used for remote databases.
#include "searcher/facets.h"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "core/schema.h"
#include "searcher_test_db.h"

using namespace whosaid;

namespace {

const std::vector<std::string> kNames = {
    "Marco Rubio",          "Kaja Kallas",     "Sergei Lavrov", "Volodymyr Zelensky",
    "Ursula von der Leyen", "Emmanuel Macron", "Olaf Scholz"};

const std::vector<std::string> kOrgs = {"Pentagon", "European Commission", "Kremlin"};

// Random articles: 0-4 people and 0-2 organisations speaking in each
// (distinct), a word that a query can select half of them with.
Xapian::WritableDatabase random_db(unsigned seed, unsigned n) {
  std::mt19937 rng(seed);
  test::TestDbWriter w;
  for (unsigned i = 0; i < n; ++i) {
    std::set<std::string> speakers;
    unsigned k = rng() % 5;
    while (speakers.size() < k) speakers.insert(kNames[rng() % kNames.size()]);
    std::set<std::string> orgs;
    unsigned m = rng() % 3;
    while (orgs.size() < m) orgs.insert(kOrgs[rng() % kOrgs.size()]);
    std::string body = (rng() % 2) ? "alpha beta" : "beta gamma";
    std::string year = std::to_string(2020 + rng() % 4);
    w.add({"d" + std::to_string(i),
           "Title",
           body,
           year + "-01-01",
           "Source",
           {speakers.begin(), speakers.end()},
           {},
           {},
           {},
           {orgs.begin(), orgs.end()}});
  }
  return w.db();
}

// Counts by "value/kind" ("Marco Rubio/person"; "2021/" for a year) of the
// items of SLOT over MSET, of the kind KIND only when given.
std::map<std::string, Xapian::doccount> brute_force(const Xapian::Database& db,
                                                    const Xapian::MSet& mset, Xapian::valueno slot,
                                                    const std::string& kind = "") {
  std::map<std::string, Xapian::doccount> counts;
  for (auto it = mset.begin(); it != mset.end(); ++it)
    for (const std::string& item : decode_list(db.get_document(*it).get_value(slot))) {
      std::string v = item, k;
      if (std::size_t sep = item.find('\x1e'); sep != std::string::npos) {
        v = item.substr(0, sep);
        k = item.substr(sep + 1);
      }
      if (kind.empty() || k == kind) ++counts[v + "/" + k];
    }
  return counts;
}

std::map<std::string, Xapian::doccount> as_map(const std::vector<FacetValue>& values) {
  std::map<std::string, Xapian::doccount> out;
  for (const FacetValue& v : values) out[v.value + "/" + v.kind] = v.count;
  return out;
}

}  // namespace

TEST_CASE("facet counts equal a brute-force count over all matches", "[facets]") {
  Xapian::Database db = random_db(42, 300);
  for (const char* term : {"alpha", "beta"}) {
    INFO("query: " << term);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    ListCountSpy speakers(kSlotSpeakers), years(kSlotYear);
    enquire.add_matchspy(&speakers);
    enquire.add_matchspy(&years);
    // Only 10 hits are asked for, but the counts must cover every match.
    Xapian::MSet mset = enquire.get_mset(0, 10, db.get_doccount());
    CHECK(mset.get_matches_lower_bound() == mset.get_matches_upper_bound());
    CHECK(speakers.documents_seen() == all.size());
    CHECK(as_map(speakers.top(100)) == brute_force(db, all, kSlotSpeakers));
    CHECK(as_map(years.top(100)) == brute_force(db, all, kSlotYear));
  }
}

TEST_CASE("person and org facets count the speakers of their kind", "[facets]") {
  Xapian::Database db = random_db(11, 300);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("alpha"));
  Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  ListCountSpy every(kSlotSpeakers), people(kSlotSpeakers, "person"),
      orgs(kSlotSpeakers, "organization");
  for (ListCountSpy* spy : {&every, &people, &orgs}) enquire.add_matchspy(spy);
  enquire.get_mset(0, 10, db.get_doccount());
  auto person_counts = brute_force(db, all, kSlotSpeakers, "person");
  auto org_counts = brute_force(db, all, kSlotSpeakers, "organization");
  CHECK(as_map(people.top(100)) == person_counts);
  CHECK(as_map(orgs.top(100)) == org_counts);
  // Both kinds are there, and the speaker facet is the two together.
  REQUIRE(!person_counts.empty());
  REQUIRE(!org_counts.empty());
  auto both = person_counts;
  both.insert(org_counts.begin(), org_counts.end());
  CHECK(as_map(every.top(100)) == both);
  for (const FacetValue& v : orgs.top(100)) CHECK(v.kind == "organization");
}

TEST_CASE("the same name as a person and as an organisation: two values", "[facets]") {
  ListCountSpy every(kSlotSpeakers), orgs(kSlotSpeakers, "organization");
  for (const char* item : {"Ford\x1eperson", "Ford\x1eorganization", "ford\x1eorganization"}) {
    Xapian::Document doc;
    doc.add_value(kSlotSpeakers, encode_list({item}));
    every(doc, 1.0);
    orgs(doc, 1.0);
  }
  auto top = every.top(10);
  REQUIRE(top.size() == 2);
  CHECK(top[0].value == "Ford");
  CHECK(top[0].kind == "organization");
  CHECK(top[0].count == 2);
  CHECK(top[1].kind == "person");
  CHECK(top[1].count == 1);
  auto only = orgs.top(10);
  REQUIRE(only.size() == 1);
  CHECK(only[0].count == 2);
}

TEST_CASE("top values: count descending, ties by value, at most N", "[facets]") {
  test::TestDbWriter w;
  w.add({"1", "t", "x", "", "", {"Bravo", "Alpha", "Charlie"}, {}, {}, {}});
  w.add({"2", "t", "x", "", "", {"Charlie", "Delta"}, {}, {}, {}});
  w.add({"3", "t", "x", "", "", {"Delta"}, {}, {}, {}});
  w.add({"4", "t", "x", "", "", {}, {}, {}, {}});
  Xapian::Enquire enquire(w.db());
  enquire.set_query(Xapian::Query::MatchAll);
  ListCountSpy spy(kSlotSpeakers);
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, 100);
  std::vector<FacetValue> top = spy.top(3);
  REQUIRE(top.size() == 3);
  CHECK(top[0].value == "Charlie");
  CHECK(top[0].count == 2);
  CHECK(top[1].value == "Delta");
  CHECK(top[1].count == 2);
  CHECK(top[2].value == "Alpha");
  CHECK(top[2].count == 1);
  CHECK(spy.top(10).size() == 4);
  CHECK(spy.documents_seen() == 4);
}

TEST_CASE("an item repeated in one document counts once", "[facets]") {
  Xapian::Document doc;
  doc.add_value(kSlotPlaces, encode_list({"Kyiv", "Kyiv", "Lviv"}));
  ListCountSpy spy(kSlotPlaces);
  spy(doc, 1.0);
  auto top = spy.top(10);
  REQUIRE(top.size() == 2);
  CHECK(top[0].value == "Kyiv");
  CHECK(top[0].count == 1);
}

TEST_CASE("values differing only in case are counted together", "[facets]") {
  ListCountSpy spy(kSlotSource);
  for (const char* v : {"BBC News", "BBC News", "bbc  news"}) {
    Xapian::Document doc;
    doc.add_value(kSlotSource, encode_list({v}));
    spy(doc, 1.0);
  }
  auto top = spy.top(10);
  REQUIRE(top.size() == 1);
  CHECK(top[0].value == "BBC News");
  CHECK(top[0].count == 3);
}

TEST_CASE("ListCountSpy serialises and merges results", "[facets]") {
  ListCountSpy a(kSlotSpeakers);
  for (auto list : {std::vector<std::string>{"A", "B"}, {"B"}, {"C:with:colons"}}) {
    Xapian::Document doc;
    doc.add_value(kSlotSpeakers, encode_list(list));
    a(doc, 1.0);
  }
  CHECK(a.name() == "whosaid::ListCountSpy");
  std::unique_ptr<Xapian::MatchSpy> b(a.unserialise(a.serialise(), Xapian::Registry()));
  auto* spy = dynamic_cast<ListCountSpy*>(b.get());
  REQUIRE(spy);
  CHECK(spy->slot() == kSlotSpeakers);
  spy->merge_results(a.serialise_results());
  spy->merge_results(a.serialise_results());
  auto top = spy->top(10);
  REQUIRE(top.size() == 3);
  CHECK(top[0].value == "B");
  CHECK(top[0].count == 4);
  CHECK(top[2].value == "C:with:colons");
  CHECK(spy->documents_seen() == 6);
  std::unique_ptr<Xapian::MatchSpy> c(a.clone());
  CHECK(c->name() == a.name());
  // The kind a spy counts goes with it to a remote server.
  ListCountSpy org(kSlotSpeakers, "organization");
  std::unique_ptr<Xapian::MatchSpy> d(org.unserialise(org.serialise(), Xapian::Registry()));
  CHECK(dynamic_cast<ListCountSpy&>(*d).kind() == "organization");
  CHECK(dynamic_cast<ListCountSpy&>(*std::unique_ptr<Xapian::MatchSpy>(org.clone())).kind() ==
        "organization");
}

TEST_CASE("ValueCountMatchSpy counts split into items equal ListCountSpy's", "[facets]") {
  // The remote-database fallback in run_search().
  Xapian::Database db = random_db(7, 200);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("beta"));
  ListCountSpy direct(kSlotSpeakers);
  Xapian::ValueCountMatchSpy whole(kSlotSpeakers);
  enquire.add_matchspy(&direct);
  enquire.add_matchspy(&whole);
  enquire.get_mset(0, 10, db.get_doccount());
  ListCountSpy split(kSlotSpeakers), split_orgs(kSlotSpeakers, "organization");
  for (auto v = whole.values_begin(); v != whole.values_end(); ++v) {
    split.add_list(*v, v.get_termfreq());
    split_orgs.add_list(*v, v.get_termfreq());
  }
  CHECK(as_map(split.top(100)) == as_map(direct.top(100)));
  CHECK(!direct.top(100).empty());
  Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  CHECK(as_map(split_orgs.top(100)) == brute_force(db, all, kSlotSpeakers, "organization"));
}
