// The data folder, relative to the running program (indexer/data_dir.h).
#include "indexer/data_dir.h"

#include <cstdlib>
#include <system_error>

#ifndef WHOSAID_BIN_TO_DATA
#error "WHOSAID_BIN_TO_DATA (the data folder relative to the programs' folder) is set by CMake"
#endif

namespace whosaid {

std::filesystem::path data_dir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return (exe.parent_path() / WHOSAID_BIN_TO_DATA).lexically_normal();
}

AliasTable load_aliases() {
  AliasTable aliases;
  if (const char* env = std::getenv("WHOSAID_ALIASES"); env && *env) {
    aliases.add_file(env);
  } else if (std::filesystem::path dir = data_dir(); !dir.empty()) {
    std::filesystem::path p = dir / "aliases.tsv";
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) aliases.add_file(p.string());
  }
  return aliases;
}

}  // namespace whosaid
