// Document building (indexer/build_document.h), omindexcheck style: for
// fixture articles, the terms each document must and must NOT hold, its
// values and its data, following the DOCUMENT LAYOUT in core/schema.h.
#include "indexer/build_document.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/schema.h"

using whosaid::Article;
using whosaid::BuiltArticle;
using whosaid::DocumentBuilder;

namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.insert(*t);
  return out;
}

Xapian::termcount wdf_of(const Xapian::Document& doc, const std::string& term) {
  auto t = doc.termlist_begin();
  t.skip_to(term);
  return (t != doc.termlist_end() && *t == term) ? t.get_wdf() : 0;
}

std::vector<Xapian::termpos> positions_of(const Xapian::Document& doc, const std::string& term) {
  auto t = doc.termlist_begin();
  t.skip_to(term);
  std::vector<Xapian::termpos> out;
  if (t == doc.termlist_end() || *t != term) return out;
  for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out.push_back(*p);
  return out;
}

Article rubio_article() {
  Article a;
  a.id = "geneva-1";
  a.title = "Zelensky\u2019s envoy in Geneva";
  a.body =
      "Marco Rubio said the talks were \u201cproductive\u201d.\n\nThe spirit of Anchorage "
      "was invoked.";
  a.date = "2025-11-23";
  a.source = "Example Wire";
  a.url = "https://example.org/geneva";
  a.path = "/data/geneva.txt";
  a.speakers = {"Marco Rubio"};
  a.places = {"Geneva", "Kyiv"};
  a.countries = {"CH", "UA"};
  whosaid::Quote named;
  named.text = "the talks were productive";
  named.kind = "direct";
  named.cue = "said";
  named.speaker = {"Rubio", "Marco Rubio", "person", "US Secretary of State", 0, 5, 0.9, "said-x", ""};
  whosaid::Quote unnamed;
  unnamed.text = "a deal is close";
  unnamed.kind = "indirect";
  unnamed.cue = "said";
  unnamed.speaker = {"a Ukrainian official", "", "unnamed", "", 0, 0, 0.5, "x-said", ""};
  a.quotes = {named, unnamed};
  return a;
}

void require_terms(const std::set<std::string>& terms, const std::vector<std::string>& must,
                   const std::vector<std::string>& must_not) {
  for (const std::string& t : must) {
    INFO("must have " << t);
    CHECK(terms.count(t) == 1);
  }
  for (const std::string& t : must_not) {
    INFO("must NOT have " << t);
    CHECK(terms.count(t) == 0);
  }
}

}  // namespace

TEST_CASE("build: the article document's terms", "[build_document]") {
  DocumentBuilder builder("english");
  BuiltArticle b = builder.build(rubio_article());
  CHECK(b.id == "geneva-1");
  CHECK(b.id_term == "Qgeneva-1");
  CHECK(b.article_term == "XARTICLEgeneva-1");
  auto terms = terms_of(b.article);
  require_terms(terms,
                {
                    "XTYPEarticle",
                    "Qgeneva-1",
                    "XARTICLEgeneva-1",
                    // title: under S and unprefixed; curly apostrophe made straight
                    "Szelensky's",
                    "ZSzelenski",
                    "zelensky's",
                    "Zzelenski",
                    "Sgeneva",
                    "geneva",
                    // body words, stemmed and not; stopwords unstemmed only
                    "productive",
                    "Zproduct",
                    "anchorage",
                    "the",
                    "of",
                    "spirit",
                    // quotes under XQ
                    "XQproductive",
                    "XQdeal",
                    // speakers: words under XS, the exact name under XSPEAKER
                    "XSmarco",
                    "XSrubio",
                    "XSPEAKERmarco rubio",
                    // a person (the kind of his quote): again under person:
                    "XSPmarco",
                    "XSPrubio",
                    "XPERSONmarco rubio",
                    // places, countries, source, year, url
                    "XPgeneva",
                    "XPkyiv",
                    "XPLACEgeneva",
                    "XPLACEkyiv",
                    "XCOUNTRYch",
                    "XCOUNTRYua",
                    "XOexample",
                    "XOwire",
                    "XSOURCEexample wire",
                    "XYEAR2025",
                    "Uhttps://example.org/geneva",
                },
                {
                    "Zthe", "Zof",                           // stopwords are not stemmed
                    "zelensky\u2019s", "\u201cproductive",   // no curly punctuation in terms
                    "XTYPEquote",                            // not a quote document
                    "XSPEAKERrubio", "XSPEAKERMarco Rubio",  // exact names are folded, whole
                    "XCOUNTRYCH", "XPLACEGeneva",            // filter values lowercased
                    "XQanchorage",                           // only quote text under XQ
                    "Qgeneva-1#q0",                          // quotes have no id term
                    "XORGmarco rubio", "XSOrubio",           // a person is no organisation
                    "XSPofficial", "XSPEAKERa ukrainian official",  // unnamed: no name terms
                });
  // No stray prefixes: every prefixed term comes from the schema.
  for (const std::string& t : terms) {
    if (t.empty() || t[0] < 'A' || t[0] > 'Z' || t[0] == 'Z') continue;
    bool known = t.starts_with("XTYPE") || t.starts_with("XARTICLE") || t.starts_with("Q") ||
                 t.starts_with("U");
    for (const whosaid::Field& f : whosaid::fields()) {
      if (f.text_prefix && !f.text_prefix->empty() && t.starts_with(*f.text_prefix)) known = true;
      if (!f.filter_prefix.empty() && t.starts_with(f.filter_prefix)) known = true;
    }
    INFO(t);
    CHECK(known);
  }
}

TEST_CASE("build: title words weigh more than body words; phrases stop at boundaries",
          "[build_document]") {
  Article a;
  a.id = "w";
  a.title = "Ferry strike";
  a.body = "The ferry was late.\n\nStrike action continues.";
  DocumentBuilder builder("english");
  BuiltArticle b = builder.build(a);
  // "ferry": 3 from the title, 1 from the body.
  CHECK(wdf_of(b.article, "ferry") == whosaid::kTitleWdf + 1);
  CHECK(wdf_of(b.article, "Sferry") == 1);
  // "late" ends paragraph 1, "strike" starts paragraph 2: no phrase across.
  auto late = positions_of(b.article, "late");
  auto strike = positions_of(b.article, "strike");
  REQUIRE(late.size() == 1);
  REQUIRE_FALSE(strike.empty());
  CHECK(strike.back() > late[0] + whosaid::kPositionGap / 2);
}

TEST_CASE("build: Zelensky's, with a curly or a straight apostrophe, stems like zelensky",
          "[build_document]") {
  DocumentBuilder builder("english");
  for (const char* body : {"Zelensky\u2019s plan", "Zelensky's plan", "zelensky plan"}) {
    Article a;
    a.id = "z";
    a.title = "t";
    a.body = body;
    INFO(body);
    CHECK(terms_of(builder.build(a).article).count("Zzelenski") == 1);
  }
}

TEST_CASE("build: values and data of the article document", "[build_document]") {
  DocumentBuilder builder("english");
  Article a = rubio_article();
  BuiltArticle b = builder.build(a);
  const Xapian::Document& d = b.article;
  CHECK(d.get_value(whosaid::kSlotDate) == "20251123");
  CHECK(whosaid::decode_list(d.get_value(whosaid::kSlotSpeakers)) ==
        std::vector<std::string>{"Marco Rubio\x1eperson"});
  CHECK(whosaid::decode_list(d.get_value(whosaid::kSlotPlaces)) ==
        std::vector<std::string>{"Geneva", "Kyiv"});
  CHECK(whosaid::decode_list(d.get_value(whosaid::kSlotSource)) ==
        std::vector<std::string>{"Example Wire"});
  CHECK(whosaid::decode_list(d.get_value(whosaid::kSlotYear)) == std::vector<std::string>{"2025"});
  CHECK(whosaid::decode_list(d.get_value(whosaid::kSlotCountries)) ==
        std::vector<std::string>{"CH", "UA"});
  CHECK(d.get_value(whosaid::kSlotType).empty());  // no longer written: nothing reads it
  CHECK(d.get_value(whosaid::kSlotHash) == b.hash);
  CHECK(b.hash.size() == 16);
  auto data = nlohmann::json::parse(d.get_data());
  CHECK(data == whosaid::article_data(a));

  // The hash follows the content: same article, same hash; any change, another.
  CHECK(builder.build(a).hash == b.hash);
  Article changed = a;
  changed.body += " More.";
  CHECK(builder.build(changed).hash != b.hash);
  Article fewer_quotes = a;
  fewer_quotes.quotes.pop_back();
  CHECK(builder.build(fewer_quotes).hash != b.hash);

  // An article without date, source or lists has none of those values.
  Article bare;
  bare.id = "bare";
  bare.title = "Bare";
  BuiltArticle e = builder.build(bare);
  for (auto slot : {whosaid::kSlotDate, whosaid::kSlotSpeakers, whosaid::kSlotPlaces,
                    whosaid::kSlotSource, whosaid::kSlotYear, whosaid::kSlotCountries})
    CHECK(e.article.get_value(slot).empty());
  auto bare_terms = terms_of(e.article);
  CHECK(std::none_of(bare_terms.begin(), bare_terms.end(),
                     [](const std::string& t) { return t.starts_with("XYEAR"); }));
}

TEST_CASE("build: one document per quote", "[build_document]") {
  DocumentBuilder builder("english");
  Article a = rubio_article();
  BuiltArticle b = builder.build(a);
  REQUIRE(b.quotes.size() == 2);

  const auto& [named_id, named] = b.quotes[0];
  CHECK(named_id == "geneva-1#q0");
  require_terms(terms_of(named),
                {"XTYPEquote", "XARTICLEgeneva-1", "XQtalks", "XQproductive", "XSmarco",
                 "XSrubio", "XSPEAKERmarco rubio", "Sgeneva", "XPLACEkyiv", "XCOUNTRYua",
                 "XSOURCEexample wire", "XYEAR2025"},
                {"XTYPEarticle", "Qgeneva-1", "anchorage", "Uhttps://example.org/geneva",
                 "talks", "productive",  // the quote text once, under quote: (XQ)
                 "Qgeneva-1#q0"});       // found by its article's XARTICLE term
  // No quote document has an unprefixed (body or title) word, stemmed or
  // not: the searcher leaves out the type filter for queries that need one
  // (searcher/query.h only_articles()).
  for (const auto& [id, doc] : b.quotes)
    for (const std::string& t : terms_of(doc)) {
      INFO(id << " term " << t);
      CHECK(whosaid::is_field_term(t));
    }
  // Positions for the quote's words (phrases), none for the article's title.
  // (The document as a parameter: clang 14 cannot capture a structured binding.)
  auto positions = [](const Xapian::Document& doc, const std::string& term) {
    auto t = doc.termlist_begin();
    t.skip_to(term);
    REQUIRE(t != doc.termlist_end());
    REQUIRE(*t == term);
    return t.positionlist_count();
  };
  CHECK(positions(named, "XQtalks") > 0);
  CHECK(positions(named, "Sgeneva") == 0);
  CHECK(named.get_value(whosaid::kSlotType).empty());
  CHECK(whosaid::decode_list(named.get_value(whosaid::kSlotSpeakers)) ==
        std::vector<std::string>{"Marco Rubio\x1eperson"});
  require_terms(terms_of(named), {"XSPrubio", "XPERSONmarco rubio"}, {"XORGmarco rubio"});
  CHECK(named.get_value(whosaid::kSlotDate) == "20251123");
  CHECK(named.get_value(whosaid::kSlotHash) == b.hash);
  // Its own data only; the article's fields come from the article's data.
  // The quote's text is not the body at its span here (no span): stored.
  auto data = nlohmann::json::parse(named.get_data());
  CHECK(data == whosaid::quote_data(a, 0, ""));
  CHECK(data["text"] == "the talks were productive");
  CHECK(data["index"] == 0);
  CHECK(data["article"] == "geneva-1");
  for (const char* key : {"id", "title", "date", "source", "url", "path", "places"}) {
    INFO(key);
    CHECK_FALSE(data.contains(key));
  }

  // An unnamed source: its words are searchable, but it is no facet value.
  const auto& [unnamed_id, unnamed] = b.quotes[1];
  CHECK(unnamed_id == "geneva-1#q1");
  auto t = terms_of(unnamed);
  require_terms(t, {"XSofficial", "XSukrainian", "XQdeal"}, {"XSmarco", "deal"});
  CHECK(std::none_of(t.begin(), t.end(),
                     [](const std::string& s) { return s.starts_with("XSPEAKER"); }));
  CHECK(unnamed.get_value(whosaid::kSlotSpeakers).empty());
  CHECK(std::none_of(t.begin(), t.end(), [](const std::string& s) {
    // (XSPEAKER and XSOURCE are other fields.)
    return s.starts_with("XPERSON") || s.starts_with("XORG") ||
           (s.starts_with("XSP") && !s.starts_with("XSPEAKER")) ||
           (s.starts_with("XSO") && !s.starts_with("XSOURCE"));
  }));
}

TEST_CASE("build: speakers by kind, given by the input or by their quotes", "[build_document]") {
  DocumentBuilder builder("english");
  Article a = rubio_article();
  // An organisation speaking in a quote, a speaker the input lists with its
  // kind, and one it lists without (a person, having no quote to tell).
  whosaid::Quote org;
  org.text = "no comment";
  org.kind = "direct";
  org.cue = "said";
  org.speaker = {"the Pentagon", "Pentagon", "organization", "", 0, 0, 0.8, "said-x", ""};
  a.quotes.push_back(org);
  a.speakers = {"Marco Rubio", "Reuters", "Kaja Kallas", "Pentagon"};
  a.speaker_kinds = {"", "organization"};
  CHECK(whosaid::speaker_kind(a, 0) == "person");        // from his quote
  CHECK(whosaid::speaker_kind(a, 1) == "organization");  // given
  CHECK(whosaid::speaker_kind(a, 2) == "person");        // given without a kind
  CHECK(whosaid::speaker_kind(a, 3) == "organization");  // from its quote
  BuiltArticle b = builder.build(a);
  require_terms(terms_of(b.article),
                {"XPERSONmarco rubio", "XPERSONkaja kallas", "XORGreuters", "XORGpentagon",
                 "XSOpentagon", "XSOreuters", "XSPkallas", "XSPEAKERpentagon", "XSPEAKERreuters"},
                {"XPERSONreuters", "XPERSONpentagon", "XORGkaja kallas", "XSPpentagon"});
  CHECK(whosaid::decode_list(b.article.get_value(whosaid::kSlotSpeakers)) ==
        std::vector<std::string>{"Marco Rubio\x1eperson", "Reuters\x1eorganization",
                                 "Kaja Kallas\x1eperson", "Pentagon\x1eorganization"});
  auto data = nlohmann::json::parse(b.article.get_data());
  CHECK(data["speaker_kinds"] ==
        nlohmann::json({"person", "organization", "person", "organization"}));
  REQUIRE(b.quotes.size() == 3);
  const Xapian::Document& q = b.quotes[2].second;
  require_terms(terms_of(q), {"XORGpentagon", "XSOpentagon", "XSPEAKERpentagon"},
                {"XPERSONpentagon"});
  CHECK(whosaid::decode_list(q.get_value(whosaid::kSlotSpeakers)) ==
        std::vector<std::string>{"Pentagon\x1eorganization"});
  CHECK(nlohmann::json::parse(q.get_data())["speaker_kind"] == "organization");
  // The kind's words repeat the speaker's: wdf 0, so that the document's
  // length, and every score, is what it was without them.
  CHECK(wdf_of(b.article, "XSPkallas") == 0);
  CHECK(wdf_of(b.article, "XSkallas") == 1);
  CHECK(!positions_of(b.article, "XSOpentagon").empty());
  Article plain = a;
  plain.speaker_kinds = {"", "", "", ""};
  for (whosaid::Quote& qq : plain.quotes) qq.speaker.kind = "unnamed";
  auto length = [](const Xapian::Document& doc) {
    Xapian::termcount n = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) n += t.get_wdf();
    return n;
  };
  CHECK(length(builder.build(plain).article) == length(b.article));
}

TEST_CASE("build: spelling words are the unprefixed, unstemmed words", "[build_document]") {
  Article a;
  a.id = "s";
  a.title = "Ukraine talks";
  a.body = "In 2025 the envoys met.";
  a.speakers = {"Marco Rubio"};
  DocumentBuilder builder("english");
  BuiltArticle b = builder.build(a);
  std::set<std::string> words(b.spelling.begin(), b.spelling.end());
  CHECK(words.count("ukraine") == 1);
  CHECK(words.count("envoys") == 1);
  CHECK(words.count("2025") == 0);     // numbers are no spelling
  CHECK(words.count("Zenvoy") == 0);   // stemmed
  CHECK(words.count("XSmarco") == 0);  // prefixed
  CHECK(words.count("marco") == 0);    // speaker words are not body text
}

TEST_CASE("build: long ids are cut to Xapian's term limit", "[build_document]") {
  std::string id(400, 'x');
  CHECK(whosaid::article_term(id).size() <= 245);
  CHECK(whosaid::article_term(id) != whosaid::article_term(id + "y"));
  Article a;
  a.id = id;
  a.title = "Long id";
  DocumentBuilder builder("english");
  BuiltArticle b = builder.build(a);
  CHECK(b.id_term == whosaid::id_term(id));
  CHECK(terms_of(b.article).count(b.article_term) == 1);
}
