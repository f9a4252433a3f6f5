// Text analysis shared by indexer and searcher (core/analysis.cc): language
// setup, normalisation, value folding and UTF-8 checking / repair.
#include "core/analysis.h"

#include <catch2/catch.hpp>

#include "core/error.h"

using namespace whosaid;

TEST_CASE("make_analysis", "[analysis]") {
  Analysis en = make_analysis("english");
  CHECK(en.language == "english");
  CHECK(en.stemmer("talks") == "talk");
  REQUIRE(en.stopper);
  CHECK((*en.stopper)("the"));
  CHECK_FALSE((*en.stopper)("ceasefire"));
  // Aliases find the same stopword list.
  Analysis alias = make_analysis("en");
  CHECK(alias.language == "english");
  CHECK(alias.stopper);
  Analysis none = make_analysis("none");
  CHECK(none.language == "none");
  CHECK(none.stemmer("talks") == "talks");
  CHECK_THROWS_AS(make_analysis("klingon"), UsageError);
}

TEST_CASE("indexing and query parsing agree through configure()", "[analysis]") {
  Analysis a = make_analysis("english");
  Xapian::Document doc;
  Xapian::TermGenerator tg;
  configure(tg, a);
  tg.set_document(doc);
  tg.index_text("The talks continued");
  Xapian::QueryParser qp;
  configure(qp, a);
  Xapian::Query q = qp.parse_query("talks");
  std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) CHECK(terms.count(*t));
  // Stopwords keep their unstemmed term (phrases) but no stemmed one.
  CHECK(terms.count("the"));
  CHECK_FALSE(terms.count("Zthe"));
}

TEST_CASE("normalise_text", "[analysis]") {
  CHECK(normalise_text("\u201cPeace\u201d isn\u2019t near") == "\"Peace\" isn't near");
  CHECK(normalise_text("a\u00a0b\u2009c\u3000d") == "a b c d");
  CHECK(normalise_text("soft\u00adhyphen zero\u200bwidth") == "softhyphen zerowidth");
  CHECK(normalise_text("keep\nlines\tand tabs\x01\x7f") == "keep\nlines\tand tabs");
  CHECK(normalise_text("Kyïv – Київ") == "Kyïv – Київ");
  CHECK(normalise_text("").empty());
}

TEST_CASE("fold_value", "[analysis]") {
  CHECK(fold_value("  Marco\u00a0 RUBIO \n") == "marco rubio");
  CHECK(fold_value("KYÏV") == "kyïv");
  CHECK(fold_value("Ursula von der Leyen") == "ursula von der leyen");
  CHECK(fold_value("O\u2019Brien") == "o'brien");
  CHECK(fold_value(" \t ").empty());
}

TEST_CASE("is_valid_utf8", "[analysis]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("Kyïv Київ 😀"));
  CHECK_FALSE(is_valid_utf8("caf\xe9"));           // Latin-1
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xe2\x80"));          // truncated
  CHECK_FALSE(is_valid_utf8("\x80"));              // stray continuation
}

TEST_CASE("repair_utf8", "[analysis]") {
  CHECK(repair_utf8("caf\xe9") == "café");
  CHECK(repair_utf8("\x93quoted\x94") == "\u201cquoted\u201d");  // Windows-1252
  CHECK(repair_utf8("\x81") == "\ufffd");                        // undefined in 1252
  CHECK(repair_utf8("valid Київ") == "valid Київ");
  CHECK(repair_utf8("mixed Київ and \xa3"
                    "5") == "mixed Київ and £5");
  for (std::string s : {"caf\xe9", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x80", "abc\xff"})
    CHECK(is_valid_utf8(repair_utf8(s)));
}

TEST_CASE("hash_hex", "[analysis]") {
  // The content hash is stored in every index (kSlotHash, kSlotInputHash): it
  // must be the same function from build to build. These are the published
  // 64-bit FNV-1a test vectors.
  CHECK(hash_hex("") == "cbf29ce484222325");
  CHECK(hash_hex("a") == "af63dc4c8601ec8c");
  CHECK(hash_hex("foobar") == "85944171f73967e8");
  CHECK(hash_hex("a") != hash_hex("b"));
}
