// The whosaid engine of whosaid-ir-eval: documents built by the indexer's
// build_document() from an Article, queries through the searcher's
// QueryBuilder and run_search(). Compiled with WHOSAID_BENCH_PRODUCT when the
// indexer and searcher libraries exist; a stub otherwise.
#include "ir_eval_engines.h"

#include "core/error.h"

namespace whosaid::bench {

#ifndef WHOSAID_BENCH_PRODUCT
bool whosaid_engine_available() { return false; }
std::map<int, std::vector<int>> run_whosaid(const Collection&) {
  throw Error("this whosaid-ir-eval was built without the indexer and searcher libraries");
}
#endif

}  // namespace whosaid::bench
