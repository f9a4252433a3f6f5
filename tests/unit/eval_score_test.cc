// whosaid-eval's scoring rules (bench/eval_score.h) on tiny hand-made inputs.
#include "eval_score.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace whosaid::eval;
using nlohmann::json;

namespace {

// An article as whosaid-extract --json prints it, with quotes given as
// {start, end, speaker canonical, speaker kind, speaker start, speaker end}.
struct Q {
  std::size_t start, end;
  std::string canonical, kind;
  std::size_t s_start, s_end;
};
json printed(const std::vector<Q>& quotes) {
  json qs = json::array();
  for (const Q& q : quotes)
    qs.push_back({{"text", "x"},
                  {"start", q.start},
                  {"end", q.end},
                  {"speaker",
                   {{"name", q.canonical},
                    {"canonical", q.canonical},
                    {"kind", q.kind},
                    {"start", q.s_start},
                    {"end", q.s_end}}}});
  return {{"id", "a"}, {"quotes", qs}, {"places", json::array()}};
}

}  // namespace

TEST_CASE("prf counts each side apart and is 0 without data", "[eval]") {
  Prf x = prf(2, 4, 3, 5);
  CHECK(x.p == Approx(0.5));
  CHECK(x.r == Approx(0.6));
  CHECK(x.f1 == Approx(2 * 0.5 * 0.6 / 1.1));
  Prf none = prf(0, 0, 0, 0);
  CHECK(none.p == 0);
  CHECK(none.r == 0);
  CHECK(none.f1 == 0);
  CHECK(round3(0.12345) == Approx(0.123));
}

TEST_CASE("parse_spans reads the pieces of a span field", "[eval]") {
  CHECK(parse_spans("12-20;25-30") == std::vector<Span>{{12, 20}, {25, 30}});
  CHECK(parse_spans("7-9;junk") == std::vector<Span>{{7, 9}});
  CHECK(parse_spans("").empty());
}

TEST_CASE("norm_name drops accents, case, dots and extra spaces", "[eval]") {
  CHECK(norm_name("Dr. José  Núñez") == "dr jose nunez");
  CHECK(norm_name("ÉMILE ZOLA") == "emile zola");
  CHECK(norm_name("  John E.Kelly ") == "john e kelly");
  CHECK(norm_name("") == "");
  CHECK(norm_name("Angela Merkel") != norm_name("Angela Merkle"));
}

TEST_CASE("chunk_tags reads IOB1 as CoNLL-2003 writes it", "[eval]") {
  // I-X starts a chunk after O or another type; B-X splits two X chunks.
  auto c = chunk_tags({"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG"});
  CHECK(c == std::vector<Chunk>{{"PER", 0, 2}, {"PER", 2, 3}, {"LOC", 4, 5}, {"ORG", 5, 6}});
}

TEST_CASE("chunk_tags reads BIO and BILOU", "[eval]") {
  CHECK(chunk_tags({"B-ORG", "I-ORG", "O", "B-LOC", "B-LOC"}) ==
        std::vector<Chunk>{{"ORG", 0, 2}, {"LOC", 3, 4}, {"LOC", 4, 5}});
  CHECK(chunk_tags({"B-PER", "L-PER", "U-LOC", "O", "B-ORG", "I-ORG", "L-ORG", "U-MISC"}) ==
        std::vector<Chunk>{{"PER", 0, 2}, {"LOC", 2, 3}, {"ORG", 4, 7}, {"MISC", 7, 8}});
  // IOBES spelling of the same, and an L- right after an L- starts anew.
  CHECK(chunk_tags({"S-LOC", "E-LOC"}) == std::vector<Chunk>{{"LOC", 0, 1}, {"LOC", 1, 2}});
  CHECK(chunk_tags({"O", "O"}).empty());
}

TEST_CASE("read_conll rebuilds documents with code-point gold spans", "[eval]") {
  std::string file =
      "-DOCSTART- -X- O O\n\n"
      "Café NNP I-NP I-ORG\nin IN I-PP O\nSão NNP I-NP I-LOC\nPaulo NNP I-NP I-LOC\n\n"
      "Bob NNP I-NP I-PER\n\n"
      "-DOCSTART- -X- O O\n\nRome NNP I-NP I-LOC\n";
  auto docs = read_conll(file);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].text == "Café in São Paulo\nBob\n");
  CHECK(docs[0].gold == std::vector<Chunk>{{"ORG", 0, 4}, {"LOC", 8, 17}, {"PER", 18, 21}});
  CHECK(docs[1].text == "Rome\n");
  CHECK(docs[1].gold == std::vector<Chunk>{{"LOC", 0, 4}});
}

TEST_CASE("read_polnear_gold keeps the first annotator and span envelopes", "[eval]") {
  std::string tsv =
      "doc_id\tannotator\tattr_id\ttype\tsource_spans\tsource_text\tcue_spans\tcue_text\t"
      "content_spans\tcontent_text\n"
      "d1\tann1\tE1\tAttribution\t0-5\tX\t6-10\tsaid\t20-30;35-40\tC\n"
      "d1\tann1\tE2\tAttribution\t0-5\tX\t6-10\tsaid\t50-60\tC\n"
      "d1\tann2\tE1\tAttribution\t100-105\tY\t6-10\tsaid\t70-80\tC\n"
      "d2\tann2\tE1\tAttribution\t\t\t6-10\tsaid\t1-2\tC\n";
  auto g = read_polnear_gold(tsv);
  REQUIRE(g.size() == 2);
  CHECK(g["d1"].sources == std::set<Span>{{0, 5}});
  CHECK(g["d1"].contents == std::vector<Span>{{20, 40}, {50, 60}});
  CHECK(g["d2"].sources.empty());
  CHECK(g["d2"].contents == std::vector<Span>{{1, 2}});
}

TEST_CASE("PolnearCounts scores source spans exactly and by overlap, contents by overlap",
          "[eval]") {
  PolnearGold g;
  g.sources = {{0, 5}, {10, 15}};
  g.contents = {{20, 40}, {50, 60}};
  PolnearCounts c;
  // Two quotes share a speaker span: it counts once.
  c.add({printed({{25, 30, "A", "person", 0, 5},
                  {31, 35, "A", "person", 0, 5},
                  {70, 80, "B", "person", 11, 15}})},
        g);
  json j = c.json();
  CHECK(j["pred_sources"] == 2);
  CHECK(j["source_exact_p"] == Approx(0.5));
  CHECK(j["source_exact_r"] == Approx(0.5));
  CHECK(j["source_overlap_f1"] == Approx(1.0));
  CHECK(j["content_overlap_p"] == Approx(0.667));
  CHECK(j["content_overlap_r"] == Approx(0.5));
}

TEST_CASE("QuoteSpeakerCounts: the most overlapping quote names the speaker", "[eval]") {
  std::string speakers =
      "doc_id\tattr_id\tsource_spans\tsource_text\tcanonical\tkind\tspeech\n"
      "d\tE1\t0-3\tX\tJosé Núñez\tperson\tyes\n"
      "d\tE2\t0-3\tX\tAcme Corp\torganization\tyes\n"
      "d\tE3\t0-3\tX\tJane Roe\tperson\tyes\n"
      "d\tE4\t0-3\tX\tBelief Holder\tperson\tno\n"
      "d\tE5\t0-3\tX\t\tunnamed\tyes\n";
  std::string attrs =
      "doc_id\tannotator\tattr_id\ttype\tsource_spans\tsource_text\tcue_spans\tcue_text\t"
      "content_spans\tcontent_text\n"
      "d\ta\tE1\tAttribution\t0-3\tX\t4-8\tsaid\t10-50\tC\n"
      "d\ta\tE2\tAttribution\t0-3\tX\t4-8\tsaid\t60-80\tC\n"
      "d\ta\tE3\tAttribution\t0-3\tX\t4-8\tsaid\t100-120\tC\n"
      "d\ta\tE4\tAttribution\t0-3\tX\t4-8\tsaid\t130-150\tC\n"
      "d\ta\tE5\tAttribution\t0-3\tX\t4-8\tsaid\t160-170\tC\n";
  auto gold = read_quote_gold(speakers, attrs);
  REQUIRE(gold["d"].size() == 3);  // not E4 (not speech) nor E5 (unnamed)
  QuoteSpeakerCounts c;
  c.add({printed({{10, 12, "Other Person", "person", 0, 0},   // overlaps E1 by 2
                  {12, 45, "Jose Nunez", "person", 0, 0},     // by 33: it decides, strict
                  {60, 80, "Acme", "organization", 0, 0}})},  // neither strict nor lenient
        gold["d"]);
  json j = c.json();
  CHECK(j["gold_quotes"] == 3);
  CHECK(j["covered"] == 2);
  CHECK(j["coverage"] == Approx(0.667));
  CHECK(j["speaker_acc_strict"] == Approx(0.5));
  CHECK(j["speaker_acc_lenient"] == Approx(0.5));  // "corp" is not a word of "acme"
  QuoteSpeakerCounts lenient;
  lenient.add({printed({{100, 110, "Mrs Jane Roe-Smith", "person", 0, 0}})}, {gold["d"][2]});
  CHECK(lenient.json()["speaker_acc_strict"] == 0);
  CHECK(lenient.json()["speaker_acc_lenient"] == 1);
}

TEST_CASE("SpeakerSetCounts compares the person speakers of an article as a set", "[eval]") {
  SpeakerSetCounts c;
  c.add({printed({{0, 1, "Hillary Clinton", "person", 0, 0},
                  {2, 3, "Hillary Clinton", "person", 0, 0},
                  {4, 5, "Goldman Sachs", "organization", 0, 0},
                  {6, 7, "Looking", "person", 0, 0}})},
        "Hillary Clinton|Donald Trump");
  json j = c.json();
  CHECK(j["pred_persons"] == 2);
  CHECK(j["gold_persons"] == 2);
  CHECK(j["speaker_set_p"] == Approx(0.5));
  CHECK(j["speaker_set_r"] == Approx(0.5));
}

TEST_CASE("ConllCounts: LOC from places, every type from entities when printed", "[eval]") {
  ConllDoc doc;
  doc.text = "Bob in Paris\n";
  doc.gold = {{"PER", 0, 3}, {"LOC", 7, 12}};
  json a = {{"id", "conll-0"},
            {"places",
             {{{"name", "Paris"}, {"start", 7}, {"end", 12}},
              {{"name", "Bob"}, {"start", 0}, {"end", 3}}}}};
  ConllCounts without;
  without.add(a, doc);
  json j = without.json();
  CHECK(j["loc_p"] == Approx(0.5));
  CHECK(j["loc_r"] == Approx(1.0));
  CHECK(j["entities"] == "not printed");
  a["entities"] = json::array();  // printed, but never anything: no tagger
  ConllCounts empty;
  empty.add(a, doc);
  CHECK(empty.json()["entities"] == "not printed");

  a["entities"] = {{{"type", "PER"}, {"text", "Bob"}, {"start", 0}, {"end", 3}},
                   {{"type", "ORG"}, {"text", "Paris"}, {"start", 7}, {"end", 12}}};
  ConllCounts with;
  with.add(a, doc);
  with.add(nullptr, doc);  // a document printed nothing for: its gold is missed
  j = with.json();
  CHECK(j["documents"] == 2);
  CHECK(j["returned"] == 1);
  CHECK(j["entities"]["PER"]["p"] == Approx(1.0));
  CHECK(j["entities"]["PER"]["r"] == Approx(0.5));
  CHECK(j["entities"]["LOC"]["f1"] == 0);
  CHECK(j["entities"]["ORG"]["p"] == 0);
  CHECK(j["entities"]["overall"]["correct"] == 1);
  CHECK(j["entities"]["overall"]["predicted"] == 2);
  CHECK(j["entities"]["overall"]["gold"] == 4);
}

TEST_CASE("score_countries: micro P/R/F1 and precision at recall >= 0.95", "[eval]") {
  std::vector<CountryDoc> docs(2);
  docs[0].gold = {"usa"};
  docs[0].predicted = {{"usa", 3}, {"uk", 1}};
  docs[1].gold = {"japan"};
  docs[1].predicted = {{"japan", 2}, {"china", 1}};
  json j = score_countries(docs);
  CHECK(j["precision"] == Approx(0.5));
  CHECK(j["recall"] == Approx(1.0));
  // Two mentions at least keep both right codes and drop both wrong ones.
  CHECK(j["precision_at_recall_095"]["min_mentions"] == 2);
  CHECK(j["precision_at_recall_095"]["p"] == Approx(1.0));
  json none = score_countries(docs, 1.1);
  CHECK(none["precision_at_recall_095"]["p"].is_null());
  CHECK(none["precision_at_recall_095"]["best_recall"] == Approx(1.0));
}

TEST_CASE("hit_names looks for the surname in the hit's speaker", "[eval]") {
  json hit = {{"speaker", "Gordon Brown"}, {"text", "Smith"}};
  CHECK(hit_names(hit, "Brown"));
  CHECK_FALSE(hit_names(hit, "Smith"));  // only the speaker counts
  CHECK(hit_names({{"speaker", {{"name", "José Núñez"}}}}, "Nunez"));
  CHECK_FALSE(hit_names(json::object(), "Brown"));
}
