// The data folder (indexer/data_dir.h): found beside the running program,
// never in the source tree. The unit tests run from build/bin, so theirs is
// the build tree's copy, build/share/whosaid.
#include "indexer/data_dir.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("data_dir is share/whosaid beside the program's folder", "[data_dir]") {
  fs::path dir = whosaid::data_dir();
  REQUIRE_FALSE(dir.empty());
  fs::path exe = fs::read_symlink("/proc/self/exe");
  CHECK(dir.filename() == "whosaid");
  CHECK(dir.parent_path().filename() == "share");
  // With the GNU layout, bin/ and share/ are siblings.
  CHECK(dir.parent_path().parent_path() == exe.parent_path().parent_path());
  // The build tree holds the data a program reads, copied from data/.
  CHECK(fs::is_regular_file(dir / "aliases.tsv"));
  // And it is not the source tree's data/ folder.
  CHECK_FALSE(fs::equivalent(dir, fs::path(WHOSAID_SOURCE_DIR) / "data"));
}
