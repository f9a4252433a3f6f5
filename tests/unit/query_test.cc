// Query building: query string -> Query::get_description(), table-driven as
// xapian-core's tests/api_queryparser.cc, on a small database so that the
// hybrid fields' exact-value lookup is exercised; and the error messages.
#include "searcher/query.h"

#include <catch2/catch.hpp>

#include "core/error.h"
#include "searcher_test_db.h"

using namespace whosaid;

namespace {

struct Case {
  const char* query;
  const char* description;
};

// Known values in the sample database: speakers "Marco Rubio", "Kaja
// Kallas", ...; places "Kyiv", "Moscow", "London"; source "BBC News".
const Case kCases[] = {
    // Free text: default AND, stemming (STEM_SOME), operators.
    {"ceasefire", "Query(Zceasefir@1)"},
    {"peace talks", "Query((Zpeac@1 AND Ztalk@2))"},
    {"peace OR talks", "Query((Zpeac@1 OR Ztalk@2))"},
    {"peace NOT talks", "Query((Zpeac@1 AND_NOT Ztalk@2))"},
    {"peace AND NOT talks", "Query((Zpeac@1 AND_NOT Ztalk@2))"},
    {"NOT talks", "Query((<alldocuments> AND_NOT Ztalk@1))"},
    {"(peace OR ceasefire) talks", "Query(((Zpeac@1 OR Zceasefir@2) AND Ztalk@3))"},
    {"+peace -war", "Query((Zpeac@1 AND_NOT Zwar@2))"},
    {"\"general election\"", "Query((general@1 PHRASE 2 election@2))"},
    {"peace NEAR talks", "Query((peace@1 NEAR 11 talks@2))"},
    {"peace NEAR/3 talks", "Query((peace@1 NEAR 4 talks@2))"},
    {"peac*", "Query(WILDCARD SYNONYM peac)"},
    // Stopwords: dropped outside phrases, kept inside them.
    {"the peace", "Query(Zpeac@2)"},
    // Free-text fields.
    {"title:peace", "Query(ZSpeac@1)"},
    {"body:peace", "Query(Zpeac@1)"},
    {"quote:\"spirit of Anchorage\"", "Query((XQspirit@1 PHRASE 3 XQof@2 PHRASE 3 XQanchorage@3))"},
    // Hybrid fields: several words that are exactly a known value are a
    // filter term (case and spacing folded) ...
    {"speaker:\"Marco Rubio\"", "Query(0 * XSPEAKERmarco rubio)"},
    {"speaker:\"marco  RUBIO\"", "Query(0 * XSPEAKERmarco rubio)"},
    {"source:\"BBC News\"", "Query(0 * XSOURCEbbc news)"},
    // ... one word is the words of the field, every name with that word
    // (a phrase when several words are no known value).
    {"speaker:rubio", "Query(0 * ZXSrubio@1)"},
    {"speaker:\"Rubio Marco\"", "Query(0 * (XSrubio@1 PHRASE 2 XSmarco@2))"},
    {"speaker:rub*", "Query(0 * WILDCARD SYNONYM XSrub)"},
    {"source:bbc", "Query(0 * ZXObbc@1)"},
    // person: and org: are speaker: of one kind: their own words and
    // filter terms (the sample's speakers are people).
    {"person:\"Marco Rubio\"", "Query(0 * XPERSONmarco rubio)"},
    {"person:rubio", "Query(0 * ZXSPrubio@1)"},
    {"org:pentagon", "Query(0 * ZXSOpentagon@1)"},
    {"org:\"Marco Rubio\"", "Query(0 * (XSOmarco@1 PHRASE 2 XSOrubio@2))"},
    // place: also the gazetteer's places of that name: any case, no
    // diacritics, alternate names and aliases.
    {"place:Kyiv", "Query(0 * (XPkyiv@1 OR XPLACEkyiv))"},
    {"place:Odesa", "Query(0 * (XPodesa@1 OR XPLACEodesa))"},
    {"place:kiev", "Query(0 * (ZXPkiev@1 OR XPLACEkyiv))"},
    {"place:baghdad", "Query(0 * (ZXPbaghdad@1 OR XPLACEbaghdād OR XPLACEbaghdad))"},
    {"place:britain", "Query(0 * (ZXPbritain@1 OR XPLACEunited kingdom))"},
    // Boolean filters: values folded (no ':' after the prefix).
    {"country:UA", "Query(0 * XCOUNTRYua)"},
    {"country:ua", "Query(0 * XCOUNTRYua)"},
    // country: also by name, alias or demonym.
    {"country:uk", "Query(0 * XCOUNTRYgb)"},
    {"country:Britain", "Query(0 * XCOUNTRYgb)"},
    {"country:usa", "Query(0 * XCOUNTRYus)"},
    {"country:\"United States\"", "Query(0 * XCOUNTRYus)"},
    {"country:ukrainian", "Query(0 * XCOUNTRYua)"},
    {"year:2025", "Query(0 * XYEAR2025)"},
    // Filters with free text; same field ORed, different fields ANDed.
    {"peace speaker:rubio place:kyiv",
     "Query((Zpeac@1 FILTER ((ZXPkyiv@1 OR XPLACEkyiv) AND ZXSrubio@1)))"},
    {"place:kyiv place:odesa",
     "Query(0 * (ZXPkyiv@1 OR XPLACEkyiv OR (ZXPodesa@1 OR XPLACEodesa)))"},
    {"peace -place:kyiv", "Query((Zpeac@1 AND_NOT (ZXPkyiv@1 OR XPLACEkyiv)))"},
    // field:(group): the field applies to every word of the group.
    {"title:(peace OR talks)", "Query((ZSpeac@1 OR ZStalk@2))"},
    {"speaker:(rubio OR kallas)", "Query((0 * ZXSrubio@1 OR 0 * ZXSkalla@1))"},
    {"speaker:(rubio -\"Marco Rubio\")", "Query((0 * ZXSrubio@1 AND_NOT XSPEAKERmarco rubio))"},
    // A query of exclusions only excludes, from everything.
    {"-talks", "Query((<alldocuments> AND_NOT Ztalk@1))"},
    {"-talks -peace", "Query(((<alldocuments> AND_NOT Ztalk@1) AND_NOT Zpeac@2))"},
    {"(-talks) peace", "Query(((<alldocuments> AND_NOT Ztalk@1) AND Zpeac@2))"},
    {"-year:2025", "Query((<alldocuments> AND_NOT XYEAR2025))"},
    // Words with a colon that are no field stay words.
    {"10:30", "Query((10@1 PHRASE 2 30@2))"},
    // Dates: partial dates cover their whole period.
    {"date:2025", "Query(VALUE_RANGE 0 20250101 20251231)"},
    {"date:2025-11", "Query(VALUE_RANGE 0 20251101 20251130)"},
    {"date:2024-02", "Query(VALUE_RANGE 0 20240201 20240229)"},
    {"date:2025-02", "Query(VALUE_RANGE 0 20250201 20250228)"},
    {"date:2025-11-20", "Query(VALUE_RANGE 0 20251120 20251120)"},
    {"date:2025-11-01..2025-11-30", "Query(VALUE_RANGE 0 20251101 20251130)"},
    {"date:2025..2025", "Query(VALUE_RANGE 0 20250101 20251231)"},
    {"date:2024-06..2025", "Query(VALUE_RANGE 0 20240601 20251231)"},
    {"date:2025..", "Query(VALUE_GE 0 20250101)"},
    {"date:..2024", "Query(VALUE_LE 0 20241231)"},
    {"date:..2024-02", "Query(VALUE_LE 0 20240229)"},
    {"peace date:2025", "Query((Zpeac@1 FILTER VALUE_RANGE 0 20250101 20251231))"},
    // The query is normalised as the indexed text is: curly quotes delimit
    // phrases, curly apostrophes are straight ones.
    {"\u201cgeneral election\u201d", "Query((general@1 PHRASE 2 election@2))"},
    {"Zelensky\u2019s", "Query(zelensky's@1)"},
    {"speaker:\u201cMarco Rubio\u201d", "Query(0 * XSPEAKERmarco rubio)"},
    // A query written all in capitals is read in lower case, so that its
    // words are stemmed as the indexed words are (operators stay operators);
    // in mixed case a capital still means the exact word.
    {"PEACE TALKS", "Query((Zpeac@1 AND Ztalk@2))"},
    {"PEACE OR TALKS", "Query((Zpeac@1 OR Ztalk@2))"},
    {"TITLE:PEACE NOT \"GENERAL ELECTION\"",
     "Query((ZSpeac@1 AND_NOT (general@2 PHRASE 2 election@3)))"},
    {"Peace talks", "Query((peace@1 AND Ztalk@2))"},
    {"NATO", "Query(Znato@1)"},
    // ... but an acronym keeps its capitals: "U.N." is the word "un", as
    // the indexer reads it, where "u.n." would be the words "u" and "n".
    {"U.N. FORCES", "Query((un@1 AND Zforc@2))"},
    // Invalid UTF-8 is read as Latin-1, as the indexer reads it.
    {"caf\xe9", "Query(Zcafé@1)"},
};

struct ErrorCase {
  const char* query;
  const char* message;
};

const char* const kDateUse = "(use YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B, A.. or ..B)";

const ErrorCase kErrors[] = {
    {"foo AND (", "cannot parse query 'foo AND (': Syntax: <expression> AND <expression>"},
    {"peace OR", "cannot parse query 'peace OR': Syntax: <expression> OR <expression>"},
    {"date:2025-13", "cannot parse query 'date:2025-13': invalid date '2025-13' "},
    {"date:2025-02-29", "cannot parse query 'date:2025-02-29': invalid date '2025-02-29' "},
    {"date:2025-1-5", "cannot parse query 'date:2025-1-5': invalid date '2025-1-5' "},
    {"date:x", "cannot parse query 'date:x': invalid date 'x' "},
    {"date:..", "cannot parse query 'date:..': invalid date '..' "},
    {"date:2025..x", "cannot parse query 'date:2025..x': invalid date 'x' "},
    {"date:2026..2025",
     "cannot parse query 'date:2026..2025': date range '2026..2025' ends before it starts"},
    {"country:\"\"",
     "cannot parse query 'country:\"\"': country: needs a value, as in country:word or "
     "country:\"some words\""},
    {"title:",
     "cannot parse query 'title:': title: needs a value, as in title:word or "
     "title:\"some words\""},
    {"spekaer:blair",
     "cannot parse query 'spekaer:blair': unknown field 'spekaer:' (did you mean speaker:?)"},
    {"Title:peace",
     "cannot parse query 'Title:peace': unknown field 'Title:' (did you mean title:?)"},
    {"colour:red",
     "cannot parse query 'colour:red': unknown field 'colour:' (fields: title:, body:, quote:, "
     "speaker:, person:, org:, place:, country:, source:, year:, date:)"},
    {"year:two",
     "cannot parse query 'year:two': year:two: a year is four digits, as in year:2025 (a range "
     "of years: date:2024..2025)"},
    {"year:2025..",
     "cannot parse query 'year:2025..': year:2025..: a year is four digits, as in year:2025 (a "
     "range of years: date:2024..2025)"},
    {"country:narnia",
     "cannot parse query 'country:narnia': country:narnia: unknown country 'narnia' (use an ISO "
     "3166-1 code such as ua or gb, or a country's name)"},
    {"peace NEAR/x talks",
     "cannot parse query 'peace NEAR/x talks': 'NEAR/x': the distance must be a number of words, "
     "as in NEAR/3"},
    {"place:(kyiv OR title:x)",
     "cannot parse query 'place:(kyiv OR title:x)': place:(...) cannot hold another field "
     "(title:)"},
    {"speaker:\" \"", "cannot parse query 'speaker:\" \"': speaker: needs a value"},
};

}  // namespace

TEST_CASE("queries parse to the expected Xapian queries", "[query]") {
  Xapian::Database db = test::make_sample_db();
  QueryBuilder builder(db);
  for (const Case& c : kCases) {
    INFO("query: " << c.query);
    CHECK(builder.parse(c.query).get_description() == c.description);
  }
}

TEST_CASE("bad queries throw QueryError repeating the query", "[query]") {
  Xapian::Database db = test::make_sample_db();
  QueryBuilder builder(db);
  for (const ErrorCase& c : kErrors) {
    INFO("query: " << c.query);
    try {
      builder.parse(c.query);
      FAIL("no error");
    } catch (const QueryError& e) {
      std::string msg = e.what();
      // Date errors end with the accepted forms.
      std::string expected = c.message;
      if (expected.back() == ' ') expected += kDateUse;
      CHECK(msg == expected);
    }
  }
}

TEST_CASE("hybrid fields look exact values up in the database", "[query]") {
  // The same query text is a filter term in one database and free text in
  // another where the value is not known.
  test::TestDbWriter w;
  w.add({"x", "Title", "Body text", "2025-01-02", "Src", {"Ada Lovelace", "Byron"}, {}, {}, {}});
  QueryBuilder with(w.db());
  CHECK(with.parse("speaker:\"Ada Lovelace\"").get_description() ==
        "Query(0 * XSPEAKERada lovelace)");
  // One word is always the words, even when a speaker has just that name:
  // speaker:byron finds Byron and Ada Byron alike.
  CHECK(with.parse("speaker:byron").get_description() == "Query(0 * ZXSbyron@1)");
  CHECK(with.parse("speaker:\"Byron\"").get_description() == "Query(0 * XSbyron@1)");
  test::TestDbWriter empty;
  QueryBuilder without(empty.db());
  CHECK(without.parse("speaker:\"Ada Lovelace\"").get_description() ==
        "Query(0 * (XSada@1 PHRASE 2 XSlovelace@2))");
}

TEST_CASE("snippet mode: the words of every field, unprefixed; no filters", "[query]") {
  Xapian::Database db = test::make_sample_db();
  QueryBuilder words(db, QueryMode::kSnippet);
  const Case cases[] = {
      {"quote:\"spirit of Anchorage\"", "Query((spirit@1 PHRASE 3 of@2 PHRASE 3 anchorage@3))"},
      // An exact known speaker is still its words, as a phrase.
      {"title:peace speaker:\"Marco Rubio\"", "Query((Zpeac@1 FILTER (marco@1 PHRASE 2 rubio@2)))"},
      {"ceasefire country:ua date:2025",
       "Query((Zceasefir@1 FILTER (<alldocuments> AND <alldocuments>)))"},
  };
  for (const Case& c : cases) {
    INFO("query: " << c.query);
    CHECK(words.parse(c.query).get_description() == c.description);
  }
}

TEST_CASE("quotes mode: plain words, body: and quote: search the quote's text", "[query]") {
  Xapian::Database db = test::make_sample_db();
  QueryBuilder quotes(db, QueryMode::kQuotes);
  const Case cases[] = {
      {"quote:\"spirit of Anchorage\"",
       "Query((XQspirit@1 PHRASE 3 XQof@2 PHRASE 3 XQanchorage@3))"},
      {"\"spirit of Anchorage\"", "Query((XQspirit@1 PHRASE 3 XQof@2 PHRASE 3 XQanchorage@3))"},
      {"peace body:talks", "Query((ZXQpeac@1 AND ZXQtalk@2))"},
      // Other fields keep their prefixes.
      {"title:peace quote:peace", "Query((ZSpeac@1 AND ZXQpeac@2))"},
  };
  for (const Case& c : cases) {
    INFO("query: " << c.query);
    CHECK(quotes.parse(c.query).get_description() == c.description);
  }
}

TEST_CASE("only_articles: queries every match of which is an article", "[query]") {
  Xapian::Database db = test::make_sample_db();
  QueryBuilder builder(db);
  // Every match needs a body or title word, which no quote document has.
  for (const char* q : {"peace", "\"peace plan\"", "peace -talks", "peace title:peace",
                        "peace OR plan", "peace year:2025", "speaker:rubio peace",
                        "peace NEAR plan", "(peace OR plan) AND NOT lavrov"}) {
    INFO("query: " << q);
    CHECK(only_articles(builder.parse(q)));
  }
  // Quote documents can match: the type filter stays.
  for (const char* q : {"title:peace", "quote:peace", "speaker:rubio", "peace OR title:peace",
                        "year:2025", "peac*", "NOT peace", "date:2025"}) {
    INFO("query: " << q);
    CHECK_FALSE(only_articles(builder.parse(q)));
  }
  CHECK_FALSE(only_articles(Xapian::Query::MatchAll));
  CHECK_FALSE(only_articles(Xapian::Query()));
  // In quotes mode plain words are the quote's (XQ): on both types.
  QueryBuilder quotes(db, QueryMode::kQuotes);
  CHECK_FALSE(only_articles(quotes.parse("peace")));
}

TEST_CASE("spelling suggestions", "[query]") {
  test::TempDir dir;
  Xapian::Database db = test::make_sample_db(dir.path("db"));
  QueryBuilder builder(db);
  CHECK(builder.suggest("ceasfire") == "ceasefire");
  CHECK(builder.suggest("ceasfire talkz") == "ceasefire talks");
  CHECK(builder.suggest("ceasefire").empty());
  CHECK(builder.suggest("foo AND (").empty());
  // No spelling table (in-memory database): no suggestion, no error.
  Xapian::Database mem = test::make_sample_db();
  QueryBuilder plain(mem);
  CHECK(plain.suggest("ceasfire").empty());
}

TEST_CASE("wildcards expand to a bounded number of words", "[query]") {
  test::TestDbWriter w;
  std::string body;
  for (unsigned i = 0; i < kMaxWildcardExpansion + 50; ++i)
    body += "word" + std::to_string(i) + "x ";
  w.add({"x", "Title", body, "2025-01-02", "", {}, {}, {}, {}});
  Xapian::Enquire enquire(w.db());
  QueryBuilder builder(w.db());
  enquire.set_query(builder.parse("word*"));
  // Truncated to the most frequent words, not an error.
  Xapian::MSet mset = enquire.get_mset(0, 10);
  CHECK(mset.size() == 1);
}

TEST_CASE("parse_date_range", "[query]") {
  CHECK(parse_date_range("2000-02").get_description() == "Query(VALUE_RANGE 0 20000201 20000229)");
  CHECK(parse_date_range("1900-02").get_description() == "Query(VALUE_RANGE 0 19000201 19000228)");
  CHECK(parse_date_range("2025-12-31..").get_description() == "Query(VALUE_GE 0 20251231)");
  CHECK_THROWS_AS(parse_date_range(""), QueryError);
  CHECK_THROWS_AS(parse_date_range("2025-00"), QueryError);
  CHECK_THROWS_AS(parse_date_range("2025-04-31"), QueryError);
  CHECK_THROWS_AS(parse_date_range("20251120"), QueryError);
  CHECK_THROWS_WITH(parse_date_range("2025/11"), std::string("invalid date '2025/11' ") + kDateUse);
}

TEST_CASE("type_filter", "[query]") {
  CHECK(type_filter(false).get_description() == "Query(XTYPEarticle)");
  CHECK(type_filter(true).get_description() == "Query(XTYPEquote)");
}
