// Sharded indexing: the routing hash, and run_sharded_index() against a
// single run_index() on the same input.
#include "indexer/shard_run.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/database.h"
#include "core/error.h"
#include "core/schema.h"
#include "searcher_test_db.h"

using namespace whosaid;

TEST_CASE("shard_of: FNV-1a 64 of the id, mod N", "[shards]") {
  // Published FNV-1a 64-bit test vectors: the routing must never change.
  CHECK(shard_of("", 1000003) == 14695981039346656037ull % 1000003);
  CHECK(shard_of("a", 1000003) == 0xaf63dc4c8601ec8cull % 1000003);
  CHECK(shard_of("foobar", 1000003) == 0x85944171f73967e8ull % 1000003);
  std::set<std::size_t> seen;
  for (int i = 0; i < 100; ++i) seen.insert(shard_of("article-" + std::to_string(i), 4));
  CHECK(seen == std::set<std::size_t>{0, 1, 2, 3});
}

TEST_CASE("run_sharded_index: the articles of one run, spread over shards", "[shards]") {
  test::TempDir dir;
  IndexOptions o;
  o.inputs = {std::string(WHOSAID_SOURCE_DIR) + "/sample/articles.jsonl"};
  o.extract = false;
  o.jobs = 1;
  o.db_path = dir.path("one");
  IndexStats one = run_index(o);
  o.db_path = dir.path("sh");
  std::vector<std::string> warnings;
  o.on_issue = [&](const InputIssue& i) { warnings.push_back(i.where + ": " + i.message); };
  IndexStats sh = run_sharded_index(o, 3);
  CHECK(sh.added == one.added);
  CHECK(sh.articles == one.articles);
  CHECK(sh.documents == one.documents);
  CHECK(sharded_index_size(dir.path("sh")) == 3);
  Xapian::doccount sum = 0;
  for (int k = 0; k < 3; ++k) {
    Xapian::Database shard(dir.path("sh/shard" + std::to_string(k)));
    sum += shard.get_doccount();
    // Each shard holds exactly the articles whose id hashes to it.
    // (XARTICLE<id>: articles and their quotes.)
    const std::string prefix(kPrefixArticle);
    for (auto t = shard.allterms_begin(prefix); t != shard.allterms_end(prefix); ++t)
      CHECK(shard_of((*t).substr(prefix.size()), 3) == static_cast<std::size_t>(k));
  }
  CHECK(sum == one.documents);
  CHECK(warnings.empty());

  // Again: unchanged. Without --shards: the index keeps its 3.
  IndexStats again = run_sharded_index(o, 0);
  CHECK(again.unchanged == one.added);
  CHECK(again.added == 0);
  CHECK_THROWS_AS(run_sharded_index(o, 2), UsageError);
  o.db_path = dir.path("one");
  CHECK_THROWS_AS(run_sharded_index(o, 2), UsageError);  // a single database

  // --delete: the id goes to its shard; an unknown id is reported once.
  o.db_path = dir.path("sh");
  o.inputs.clear();
  o.delete_ids = {"jl-2025-11-28-moscow-envoys", "no-such-id"};
  warnings.clear();
  IndexStats del = run_sharded_index(o, 0);
  CHECK(del.deleted == 1);
  CHECK(del.skipped == 1);
  CHECK(warnings == std::vector<std::string>{"no-such-id: no article with this id in the index"});
  CHECK(open_for_search({dir.path("sh")}).get_termfreq(id_term("jl-2025-11-28-moscow-envoys")) ==
        0);
  CHECK(del.articles == one.articles - 1);
}
