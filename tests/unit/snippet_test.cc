// Snippets: parsing MSet::snippet() output with our markers (unescaping,
// code-point highlight offsets, merging a phrase into one highlight),
// rendering, and a real snippet from a search.
#include "searcher/snippet.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/analysis.h"
#include "searcher/query.h"
#include "searcher_test_db.h"

using namespace whosaid;

namespace {

// "[" and "]" in a test string stand for the markers.
std::string marked(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '[')
      out += kMarkStart;
    else if (c == ']')
      out += kMarkEnd;
    else
      out += c;
  }
  return out;
}

// The highlighted substrings, for readable checks.
std::vector<std::string> highlighted(const Snippet& s) {
  std::vector<std::string> out;
  for (const Highlight& h : s.highlights) {
    // Code points -> bytes.
    std::size_t cp = 0, b = 0, start = 0;
    for (; b < s.text.size() && cp < h.second; ++b) {
      if ((static_cast<unsigned char>(s.text[b]) & 0xC0) != 0x80) {
        if (cp == h.first) start = b;
        ++cp;
      }
    }
    while (b < s.text.size() && (static_cast<unsigned char>(s.text[b]) & 0xC0) == 0x80) ++b;
    out.push_back(s.text.substr(start, b - start));
  }
  return out;
}

}  // namespace

TEST_CASE("parse_marked_snippet: markers become code-point ranges", "[snippet]") {
  Snippet s = parse_marked_snippet(marked("the [peace] plan"));
  CHECK(s.text == "the peace plan");
  REQUIRE(s.highlights.size() == 1);
  CHECK(s.highlights[0] == Highlight{4, 9});
}

TEST_CASE("parse_marked_snippet: offsets count code points, not bytes", "[snippet]") {
  Snippet s = parse_marked_snippet(marked("Zelenskyy’s “[peace]” plan in [Kyïv]"));
  CHECK(s.text == "Zelenskyy’s “peace” plan in Kyïv");
  REQUIRE(s.highlights.size() == 2);
  CHECK(s.highlights[0] == Highlight{13, 18});
  CHECK(s.highlights[1] == Highlight{28, 32});
  CHECK(highlighted(s) == std::vector<std::string>{"peace", "Kyïv"});
}

TEST_CASE("parse_marked_snippet: HTML escapes are undone once", "[snippet]") {
  Snippet s = parse_marked_snippet(
      marked("Tom &amp; [Jerry] &lt;b&gt; &quot;x&quot; &#39;y&#39; &amp;amp; & done"));
  CHECK(s.text == "Tom & Jerry <b> \"x\" 'y' &amp; & done");
  CHECK(highlighted(s) == std::vector<std::string>{"Jerry"});
}

TEST_CASE("parse_marked_snippet: whitespace collapses to single spaces", "[snippet]") {
  Snippet s = parse_marked_snippet(marked("  first para.\n\nsecond\t[para]  "));
  CHECK(s.text == "first para. second para");
  CHECK(highlighted(s) == std::vector<std::string>{"para"});
}

TEST_CASE("parse_marked_snippet: highlights separated by spaces merge", "[snippet]") {
  // A phrase match highlighted word by word becomes one highlight ...
  Snippet s = parse_marked_snippet(marked("a [general] [election]  [called] now, [then]"));
  CHECK(s.text == "a general election called now, then");
  CHECK(highlighted(s) == std::vector<std::string>{"general election called", "then"});
  // ... but not across other characters.
  Snippet t = parse_marked_snippet(marked("[peace], [talks]"));
  CHECK(highlighted(t) == std::vector<std::string>{"peace", "talks"});
  // A space just inside a marker is not highlighted.
  Snippet u = parse_marked_snippet(marked("x[ peace]"));
  CHECK(u.text == "x peace");
  CHECK(highlighted(u) == std::vector<std::string>{"peace"});
}

TEST_CASE("parse_marked_snippet: unbalanced and empty markers", "[snippet]") {
  CHECK(parse_marked_snippet(marked("a []b")).highlights.empty());
  CHECK(highlighted(parse_marked_snippet(marked("a [b"))) == std::vector<std::string>{"b"});
  CHECK(parse_marked_snippet(marked("a] b")).highlights.empty());
  CHECK(parse_marked_snippet("").text.empty());
}

TEST_CASE("render_snippet", "[snippet]") {
  Snippet s = parse_marked_snippet(marked("[Kyïv] and [peace] [talks]"));
  CHECK(render_snippet(s, "", "") == "Kyïv and peace talks");
  CHECK(render_snippet(s, "<", ">") == "<Kyïv> and <peace talks>");
  Snippet end = parse_marked_snippet(marked("end [here]"));
  CHECK(render_snippet(end, "\x1b[1m", "\x1b[0m") == "end \x1b[1mhere\x1b[0m");
}

TEST_CASE("make_snippet highlights stemmed matches and whole phrases", "[snippet]") {
  Xapian::Database db = test::make_sample_db();
  QueryBuilder builder(db);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, builder.parse("\"general election\""),
                                  type_filter(false)));
  Xapian::MSet mset = enquire.get_mset(0, 10);
  REQUIRE(mset.size() >= 1);
  std::string body = mset.begin().get_document().get_data();
  Snippet s = make_snippet(mset, "The prime minister called a general election for May.",
                           builder.analysis().stemmer, 200);
  CHECK(highlighted(s) == std::vector<std::string>{"general election"});

  enquire.set_query(builder.parse("ceasefires"));
  mset = enquire.get_mset(0, 10);
  s = make_snippet(mset, "Talks on a ceasefire continue & progress is slow.",
                   builder.analysis().stemmer, 200);
  CHECK(s.text == "Talks on a ceasefire continue & progress is slow.");
  CHECK(highlighted(s) == std::vector<std::string>{"ceasefire"});

  // No query word in the text (the match was in the title): its start.
  s = make_snippet(mset, "Words <and> more words that go on and on", builder.analysis().stemmer,
                   20);
  CHECK(s.text == "Words <and> more words\u2026");
  CHECK(s.highlights.empty());
  s = make_snippet(mset, "Short & sweet", builder.analysis().stemmer, 200);
  CHECK(s.text == "Short & sweet");

  // Marker code points in the text itself do not produce highlights.
  s = make_snippet(mset, std::string("odd ") + std::string(kMarkStart) + "text",
                   builder.analysis().stemmer, 200);
  CHECK(s.text == "odd text");
  CHECK(s.highlights.empty());
}

TEST_CASE("count_code_points", "[snippet]") {
  CHECK(count_code_points("") == 0);
  CHECK(count_code_points("abc") == 3);
  CHECK(count_code_points("Kyïv…") == 5);
}

TEST_CASE("snippet_text: normalise_text without markers", "[snippet]") {
  auto expected = [](std::string_view in) {
    std::string out = normalise_text(in);
    for (std::string_view mark : {kMarkStart, kMarkEnd})
      for (std::size_t at = out.find(mark); at != std::string::npos; at = out.find(mark, at))
        out.erase(at, mark.size());
    return out;
  };
  const std::vector<std::string> pieces = {
      "plain words ", "\n", "\t", "\r", std::string(1, '\0'), "\x01", "\x1f", "\x7f",
      "caf\xc3\xa9", "\xe2\x80\x9cquoted\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xa0", "\xe2\x80\x8b",
      "\xef\xbb\xbf", "\xc2\xad", "\xe2\x80\x83", "\xc2\x85", std::string(kMarkStart),
      std::string(kMarkEnd), "\xee\x80", "\x80", "\xc3", "\xe2\x80", "\xc0\xaf", "\xed\xa0\x80",
      "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80", "\xff", "\xfe", "K\xc3\xbf" "iv", "&<>"};
  for (const std::string& p : pieces) CHECK(snippet_text(p) == expected(p));
  // Random sequences of the pieces (a fixed seed: the same test each run).
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 8) % 1000003u; };
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    for (std::size_t k = next() % 12; k > 0; --k) text += pieces[next() % pieces.size()];
    INFO(text);
    CHECK(snippet_text(text) == expected(text));
  }
}

TEST_CASE("English stems start with the word's first byte and are no longer", "[snippet]") {
  // What Snipper's stemmer relies on to skip words (snippet.cc).
  Xapian::Database db = test::make_sample_db();
  Xapian::Stem stem("english");
  std::size_t words = 0;
  auto check = [&](const std::string& word) {
    std::string s = stem(word);
    INFO(word << " -> " << s);
    CHECK(!s.empty());
    CHECK(s[0] == word[0]);
    CHECK(s.size() <= word.size());
    ++words;
  };
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    const std::string term = *t;
    if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z')) check(term);
  }
  for (const char* w : {"skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly",
                        "early", "only", "singly", "sky", "news", "howe", "atlas", "cosmos",
                        "bias", "andes", "ies", "ied", "ties", "aing", "yes", "yelled", "eyes",
                        "generously", "communism", "arsenal", "feed", "agreed", "hopping",
                        "hoping", "plated", "filing", "rational", "nationalization", "fully",
                        "caf\xc3\xa9s", "na\xc3\xafvely", "don't", "o'neill's", "at&t", "b2b",
                        "1980s", "x"})
    check(w);
  CHECK(words > 100);
}

TEST_CASE("Snipper: the same snippets as make_snippet", "[snippet]") {
  // With the query's terms the Snipper skips stemming words that cannot
  // match: every text of the sample database, for queries of each kind.
  Xapian::Database db = test::make_sample_db();
  QueryBuilder builder(db);
  std::vector<std::string> texts;
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    nlohmann::json data = nlohmann::json::parse(db.get_document(id).get_data());
    for (const char* key : {"body", "text", "title"})
      if (data.contains(key)) texts.push_back(data[key].get<std::string>());
  }
  texts.push_back("Ceasefires, ceasefire talks and a ceasefire's terms: talking of talks.");
  REQUIRE(texts.size() > 5);
  for (const char* q : {"ceasefire", "talks", "peace talks", "\"peace talks\"", "talk*",
                        "ceasefire OR election", "title:talks", "speaker:rubio peace",
                        "general election", "said", "the"}) {
    Xapian::Enquire enquire(db);
    Xapian::Query query(Xapian::Query::OP_FILTER, builder.parse(q), type_filter(false));
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, 10);
    Snipper snipper(mset, builder.analysis().stemmer, {query});
    for (const std::string& text : texts) {
      for (std::size_t length : {40, 240}) {
        INFO(q << " | " << text);
        Snippet a = snipper(text, length);
        // What make_snippet() did before the Snipper: MSet::snippet() with
        // the plain stemmer.
        std::string marked_text = mset.snippet(
            snippet_text(text), length, builder.analysis().stemmer,
            Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH, std::string(kMarkStart),
            std::string(kMarkEnd), std::string(kOmit));
        Snippet b = marked_text.empty()
                        ? make_snippet(mset, text, builder.analysis().stemmer, length)
                        : parse_marked_snippet(marked_text);
        CHECK(a.text == b.text);
        CHECK(a.highlights == b.highlights);
      }
    }
  }
}
