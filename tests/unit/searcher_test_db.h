// A small in-memory whosaid database for the searcher's unit tests, written
// by hand following the DOCUMENT LAYOUT in core/schema.h (prefixes and slots
// come from the schema table), so the searcher is tested independently of
// the indexer.
#pragma once

#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/analysis.h"
#include "core/article.h"
#include "core/schema.h"

namespace whosaid::test {

struct TestQuote {
  std::string speaker;  // canonical name; "" for an unnamed source
  std::string text;
};

struct TestArticle {
  std::string id;
  std::string title;
  std::string body;
  std::string date;  // YYYY-MM-DD or ""
  std::string source;
  std::vector<std::string> speakers;
  std::vector<std::string> places;
  std::vector<std::string> countries;
  std::vector<TestQuote> quotes;
  // Speakers that are organisations (SPEAKERS are people).
  std::vector<std::string> organizations = {};
};

class TestDbWriter {
 public:
  // In memory (no spelling table), or on disk at PATH (with spellings).
  explicit TestDbWriter(const std::string& path = "")
      : db_(path.empty() ? Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY)
                         : Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE)),
        spelling_(!path.empty()),
        analysis_(make_analysis("english")) {
    db_.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
    db_.set_metadata(kLanguageKey, "english");
    configure(tg_, analysis_);
  }

  // HASH: the content hash to store; "" = one derived from the data.
  Xapian::docid add(const TestArticle& t, const std::string& content_hash = "") {
    Article a;
    a.id = t.id;
    a.title = t.title;
    a.body = t.body;
    a.date = t.date;
    a.source = t.source;
    a.path = "/corpus/" + t.id + ".txt";
    a.speakers = t.speakers;
    a.speaker_kinds.assign(t.speakers.size(), "person");
    for (const std::string& o : t.organizations) {
      a.speakers.push_back(o);
      a.speaker_kinds.push_back("organization");
    }
    a.places = t.places;
    a.countries = t.countries;
    for (const TestQuote& q : t.quotes) {
      Quote quote;
      quote.text = q.text;
      quote.kind = "direct";
      quote.cue = "said";
      quote.speaker.name = q.speaker.empty() ? "he" : q.speaker;
      quote.speaker.canonical = q.speaker;
      quote.speaker.kind = q.speaker.empty() ? "unnamed" : "person";
      a.quotes.push_back(quote);
    }

    Xapian::Document doc;
    tg_.set_document(doc);
    tg_.set_termpos(0);
    doc.add_boolean_term(type_term(kTypeArticle));
    doc.add_boolean_term(id_term(a.id));
    common(doc, a);
    text("body", a.title, 3);
    std::vector<std::string> speaker_items;
    for (std::size_t i = 0; i < a.speakers.size(); ++i) {
      speaker(doc, a.speakers[i], a.speaker_kinds[i]);
      speaker_items.push_back(kind_item(a.speakers[i], a.speaker_kinds[i]));
    }
    for (const Quote& q : a.quotes) text("quote", q.text);
    text("body", a.body);
    doc.add_value(kSlotSpeakers, encode_list(speaker_items));
    // Like the indexer's content hash: one per article, shared by its quotes
    // (the searcher's tie-break). Any stable function of the article will do.
    const std::string hash = !content_hash.empty()
                                 ? content_hash
                                 : std::to_string(std::hash<std::string>{}(article_data(a).dump()));
    doc.add_value(kSlotHash, hash);
    doc.set_data(article_data(a).dump());
    if (spelling_) add_spelling(doc);
    doc.add_boolean_term(prefixed_term(kPrefixArticle, a.id));
    Xapian::docid id = db_.add_document(doc);

    for (std::size_t i = 0; i < a.quotes.size(); ++i) {
      const Quote& q = a.quotes[i];
      Xapian::Document qd;
      tg_.set_document(qd);
      tg_.set_termpos(0);
      qd.add_boolean_term(type_term(kTypeQuote));
      qd.add_boolean_term(prefixed_term(kPrefixArticle, a.id));  // no id term of its own
      text("quote", q.text);  // the quote text once, under quote: (schema 5)
      if (!q.speaker.canonical.empty()) {
        speaker(qd, q.speaker.canonical, q.speaker.kind);
        qd.add_value(kSlotSpeakers, encode_list({kind_item(q.speaker.canonical, q.speaker.kind)}));
      } else {
        text("speaker", q.speaker.name);
      }
      common(qd, a);
      qd.add_value(kSlotHash, hash);
      // Its own data; the searcher adds the article's (complete_quote_data()).
      qd.set_data(quote_data(a, i, "").dump());
      db_.add_document(qd);
    }
    return id;
  }

  Xapian::WritableDatabase& db() { return db_; }

 private:
  static std::string type_term(std::string_view type) {
    return std::string(kPrefixType) + std::string(type);
  }

  void text(std::string_view field, const std::string& s, Xapian::termcount wdf = 1) {
    tg_.index_text(normalise_text(s), wdf, std::string(*find_field(field)->text_prefix));
    tg_.increase_termpos(100);
  }

  void filter(Xapian::Document& doc, std::string_view field, const std::string& value) {
    doc.add_boolean_term(filter_term(*find_field(field), value));
  }

  // A named speaker's words and filter terms, under speaker: and the field
  // of its KIND (person:, org:), as the indexer writes them.
  void speaker(Xapian::Document& doc, const std::string& name, const std::string& kind) {
    text("speaker", name);
    filter(doc, "speaker", name);
    for (const Field& f : fields()) {
      if (f.kind != kind) continue;
      text(f.name, name, 0);
      filter(doc, f.name, name);
    }
  }

  void common(Xapian::Document& doc, const Article& a) {
    text("title", a.title);
    for (const std::string& p : a.places) {
      text("place", p);
      filter(doc, "place", p);
    }
    for (const std::string& c : a.countries) filter(doc, "country", c);
    if (!a.source.empty()) {
      text("source", a.source);
      filter(doc, "source", a.source);
      doc.add_value(kSlotSource, encode_list({a.source}));
    }
    if (a.date.size() == 10) {
      std::string year = a.date.substr(0, 4);
      filter(doc, "year", year);
      doc.add_value(kSlotYear, encode_list({year}));
      doc.add_value(kSlotDate, year + a.date.substr(5, 2) + a.date.substr(8, 2));
    }
    doc.add_value(kSlotPlaces, encode_list(a.places));
    doc.add_value(kSlotCountries, encode_list(a.countries));
  }

  void add_spelling(const Xapian::Document& doc) {
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      std::string term = *t;
      if (!term.empty() && term[0] >= 'a' && term[0] <= 'z') db_.add_spelling(term);
    }
  }

  Xapian::WritableDatabase db_;
  bool spelling_;
  Analysis analysis_;
  Xapian::TermGenerator tg_;
};

// The corpus most searcher tests use: five articles (one with quotes),
// several speakers per article, dates over two years.
inline std::vector<TestArticle> sample_articles() {
  return {
      {"a1",
       "Rubio meets Lavrov on Ukraine peace plan",
       "Secretary of State Marco Rubio met Sergei Lavrov. The general election in the US "
       "was not discussed.\n\nTalks on a ceasefire continue & progress is slow.",
       "2025-11-20",
       "Reuters",
       {"Marco Rubio", "Sergei Lavrov", "Volodymyr Zelensky"},
       {"Kyiv", "Moscow"},
       {"UA", "RU"},
       {{"Marco Rubio", "We made progress on the peace plan"},
        {"", "The spirit of Anchorage lives on"}}},
      {"a2",
       "Kallas warns on ceasefire terms",
       "Kaja Kallas said any ceasefire must include Ukraine. Marco Rubio disagreed.",
       "2025-11-22",
       "BBC News",
       {"Kaja Kallas", "Marco Rubio"},
       {"Brussels", "Kyiv"},
       {"BE", "UA"},
       {}},
      {"a3",
       "General election called",
       "The prime minister called a general election for May. Tony Blair campaigned.",
       "2005-04-05",
       "BBC News",
       {"Tony Blair"},
       {"London"},
       {"GB"},
       {}},
      {"a4",
       "Blair on election economy",
       "Tony Blair spoke about the economy before the election. Gordon Brown agreed.",
       "2005-04-20",
       "BBC News",
       {"Tony Blair", "Gordon Brown"},
       {"London"},
       {"GB"},
       {}},
      {"a5",
       "Undated note",
       "A note without a date about the peace talks.",
       "",
       "",
       {},
       {},
       {},
       {}},
  };
}

// A fresh directory, removed with everything in it at the end of scope.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "whosaid-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& name = "") const {
    return name.empty() ? path_.string() : (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

// The sample articles in memory, or on disk at PATH (with spellings).
inline Xapian::WritableDatabase make_sample_db(const std::string& path = "") {
  TestDbWriter w(path);
  for (const TestArticle& a : sample_articles()) w.add(a);
  w.db().commit();
  return w.db();
}

}  // namespace whosaid::test
