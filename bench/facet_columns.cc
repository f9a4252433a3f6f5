// whosaid-bench-facet-columns: writes the facet columns (core/facet_column.h)
// of an index that has none (one built before they existed, a copy of
// bench/out's), in one commit, so that facet counting can be compared with
// and without them on the same index (whosaid-bench-search
// --no-facet-columns). Prints the time it took and the index's size before
// and after (JSON).
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "bench_common.h"
#include "core/facet_column.h"

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  std::string db;
  CLI::App app{"whosaid-bench-facet-columns: write the facet columns of an index"};
  app.add_option("--db", db, "whosaid index (written to)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    nlohmann::json out;
    out["index_bytes_before"] = path_bytes(db);
    Stopwatch t;
    {
      Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
      out["documents"] = w.get_doccount();
      whosaid::update_facet_columns(w);
      w.commit();
    }
    out["seconds"] = t.seconds();
    out["index_bytes_after"] = path_bytes(db);
    std::cout << out.dump(2) << '\n';
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "whosaid-bench-facet-columns: " << e.get_description() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-bench-facet-columns: " << e.what() << '\n';
    return 1;
  }
}
