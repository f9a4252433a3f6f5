// Tests of the shared perceptron stack (indexer/extract/perceptron/
// perceptron.h): constrained Viterbi, training, the model format's round
// trip (weights and vocabulary) and malformed models.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "indexer/extract/perceptron/perceptron.h"

using namespace whosaid;
using namespace whosaid::perceptron;

TEST_CASE("Viterbi takes the best sequence the constraints allow", "[perceptron]") {
  // Three tags; emissions favour 1 then 2 then 1.
  const std::vector<float> emission = {0, 5, 0,  0, 0, 5,  0, 5, 0};
  const std::vector<float> transitions(4 * 3, 0.0f);
  std::vector<float> delta;
  std::vector<std::uint8_t> back, tags;
  viterbi(3, 3, emission.data(), transitions.data(), nullptr, delta, back, tags);
  CHECK(tags == std::vector<std::uint8_t>{1, 2, 1});
  Constraints c(3);
  c.forbid(1, 2);  // 2 never follows 1
  viterbi(3, 3, emission.data(), transitions.data(), &c, delta, back, tags);
  CHECK(tags[0] * 10 + tags[1] != 12);
  CHECK(tags[1] * 10 + tags[2] != 12);
  c.forbid_last(1);  // and a sequence cannot end on 1
  viterbi(3, 3, emission.data(), transitions.data(), &c, delta, back, tags);
  CHECK(tags[2] != 1);
  c.forbid(3, 1);  // nor start on it
  viterbi(3, 3, emission.data(), transitions.data(), &c, delta, back, tags);
  CHECK(tags[0] != 1);
  viterbi(0, 3, emission.data(), transitions.data(), &c, delta, back, tags);
  CHECK(tags.empty());
}

TEST_CASE("a trained model round-trips through its file format", "[perceptron]") {
  // Token i has feature 100 + its word; the gold tag is the word mod 3.
  Trainer trainer(3);
  std::vector<std::uint32_t> features = {100, 101, 102, 101, 100}, offsets = {0, 1, 2, 3, 4, 5};
  const std::vector<std::uint8_t> gold = {0, 1, 2, 1, 0};
  trainer.count_features(features);
  REQUIRE(trainer.freeze_features(1) == 3);
  std::vector<std::uint32_t> ids, id_offsets;
  trainer.encode(features, offsets, ids, id_offsets);
  std::vector<std::uint8_t> predicted;
  std::size_t wrong = 0;
  for (int e = 0; e < 5; ++e) wrong = trainer.train(ids, id_offsets, gold, nullptr, predicted);
  CHECK(wrong == 0);
  const std::string text = trainer.write_model("test-model", "a test\nmodel", 100, 1,
                                               {{"paris", "0110"}, {"london", "0111"}});
  CHECK(text.rfind("# a test\n# model\ntest-model 2 3 100\nV london 0111\nV paris 0110\n", 0) == 0);
  const Model m(text, "test-model", "test.model");
  CHECK(m.tags() == 3);
  CHECK(m.size() > 0);
  CHECK(m.size() <= 3);  // averaged weights that round to 0 are left out
  CHECK(m.vocabulary().at("paris") == "0110");
  std::vector<std::uint8_t> tags;
  m.tag(features, offsets, nullptr, tags);
  CHECK(tags == gold);
  // Unknown features weigh nothing.
  m.tag({7, 8}, {0, 1, 2}, nullptr, tags);
  CHECK(tags.size() == 2);
}

TEST_CASE("malformed models are refused, naming the file and the line", "[perceptron]") {
  CHECK_THROWS_AS(Model("not a model\n", "m", "x.model"), Error);
  CHECK_THROWS_WITH(Model("m 2 3 100\nabc 7:5\n", "m", "x.model"),
                    Catch::Contains("x.model line 2") && Catch::Contains("bad tag"));
  CHECK_THROWS_WITH(Model("m 2 3 100\nT 1 1 2\n", "m", "x.model"),
                    Catch::Contains("bad transition row"));
  CHECK_THROWS_WITH(Model("m 2 3 100\nV a\n", "m", "x.model"), Catch::Contains("line 2"));
  CHECK_THROWS_WITH(Model("other 2 3 100\n", "m", "x.model"), Catch::Contains("expected 'm 2"));
  CHECK(Model("# only a comment\n", "m", "x.model").empty());
}

TEST_CASE("a one-feature model answers for features it lacks", "[perceptron]") {
  const Model m("m 2 3 10\nab 1:20\n", "m", "x.model");
  REQUIRE(m.size() == 1);
  std::vector<float> w(3, 0.0f);
  m.add_weights(0xab, w.data());
  CHECK(w[1] == 2.0f);
  m.add_weights(0xcd, w.data());  // absent: nothing added, and the lookup ends
  CHECK(w == std::vector<float>{0, 2, 0});
}

TEST_CASE("emissions sum each token's weights for any number of tags", "[perceptron]") {
  // Emissions add whole vectors of weights, past the last tag too: rows
  // stored next to each other (the last one at the end of the table) must
  // not leak into a token's scores, whatever the tag count.
  for (int T : {1, 3, 7, 8, 9, 16, 17, 24, 25, 40}) {
    std::string text = "m 2 " + std::to_string(T) + " 1\n";  // scale 1: sums exact
    for (int f = 1; f <= 3; ++f) {
      text += std::to_string(f);
      for (int t = 0; t < T; ++t) text += " " + std::to_string(t) + ":" + std::to_string(f * 100 + t);
      text += "\n";
    }
    const Model m(text, "m", "x.model");
    REQUIRE(m.size() == 3);
    // Token 0: features 1 and 3; token 1: 2 and an absent one; token 2: none.
    const std::vector<std::uint32_t> features{1, 3, 2, 0x99};
    const std::vector<std::uint32_t> offsets{0, 2, 4, 4};
    std::vector<float> emission, expected(3 * static_cast<std::size_t>(T), 0.0f);
    m.emissions(features, offsets, emission);
    for (std::size_t i = 0; i < 3; ++i)
      for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
        m.add_weights(features[k], &expected[i * static_cast<std::size_t>(T)]);
    INFO("tags: " << T);
    CHECK(emission == expected);
  }
}

TEST_CASE("pairwise Viterbi agrees with Viterbi and follows scores of tag pairs", "[perceptron]") {
  // With pair scores = emission + transition, both decoders agree.
  const int T = 3;
  const std::vector<float> emission = {0, 5, 0,  0, 0, 5,  4, 5, 0,  1, 0, 2};
  std::vector<float> transitions(4 * 3, 0.0f);
  transitions[1 * 3 + 2] = -20;  // 2 rarely follows 1
  transitions[2 * 3 + 0] = 3;
  const std::size_t n = 4;
  std::vector<float> score(n * 4 * 3, 0.0f);
  for (std::size_t i = 0; i < n; ++i)
    for (int p = 0; p <= T; ++p)
      for (int y = 0; y < T; ++y)
        score[(i * 4 + p) * 3 + y] = emission[i * 3 + y] + transitions[p * 3 + y];
  std::vector<float> delta;
  std::vector<std::uint8_t> back, plain;
  viterbi(n, T, emission.data(), transitions.data(), nullptr, delta, back, plain);
  PairwiseScratch scratch;
  std::vector<std::uint8_t> pairwise(n);
  std::vector<float> margins(n);
  viterbi_pairwise(n, T, score.data(), nullptr, scratch, pairwise.data(), margins.data());
  CHECK(pairwise == plain);
  for (float m : margins) CHECK(m >= 0);
  // A pair score that only token 2 after tag 2 gets turns its tag to 2.
  score[(2 * 4 + 2) * 3 + 2] += 50;
  viterbi_pairwise(n, T, score.data(), nullptr, scratch, pairwise.data(), margins.data());
  CHECK(pairwise[1] == 2);
  CHECK(pairwise[2] == 2);
  CHECK(margins[2] > 0);
  // Constraints hold: forbid 2 after 2.
  Constraints c(T);
  c.forbid(2, 2);
  viterbi_pairwise(n, T, score.data(), &c, scratch, pairwise.data(), nullptr);
  for (std::size_t i = 1; i < n; ++i) CHECK(pairwise[i - 1] * 10 + pairwise[i] != 22);
}

TEST_CASE("a trainer learns features conjoined with the previous tag", "[perceptron]") {
  // Every token has the same static feature; a token's tag is 1 after
  // tag 0 and 0 after tag 1: learnt from the pair features and transitions.
  Trainer trainer(2);
  const std::size_t n = 6;
  std::vector<std::uint32_t> features(n, 7), offsets = {0, 1, 2, 3, 4, 5, 6};
  const std::vector<std::uint8_t> gold = {1, 0, 1, 0, 1, 0};
  // Pair features: token i after tag p has feature 20 + p (p == 2 the start).
  std::vector<std::uint32_t> pair, pair_offsets = {0};
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint32_t p = 0; p <= 2; ++p) {
      if ((i == 0) == (p == 2)) pair.push_back(20 + p);
      pair_offsets.push_back(static_cast<std::uint32_t>(pair.size()));
    }
  trainer.count_features(features);
  trainer.count_features(pair);
  REQUIRE(trainer.freeze_features(1) == 4);
  std::vector<std::uint32_t> ids, id_offsets, pair_ids, pair_id_offsets;
  trainer.encode(features, offsets, ids, id_offsets);
  trainer.encode(pair, pair_offsets, pair_ids, pair_id_offsets);
  std::vector<std::uint8_t> predicted;
  std::size_t wrong = 1;
  for (int e = 0; e < 10 && wrong; ++e)
    wrong = trainer.train(ids, id_offsets, pair_ids, pair_id_offsets, gold, nullptr, predicted);
  CHECK(wrong == 0);
  CHECK(predicted == gold);
}
