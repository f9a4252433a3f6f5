// The data folder, relative to the running program (indexer/data_dir.h).
#include "indexer/data_dir.h"

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

}  // namespace whosaid
