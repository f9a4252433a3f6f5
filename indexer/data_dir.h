// Where the programs find the data files they read at run time (today only
// aliases.tsv; the gazetteer, models and stopwords are compiled in): the
// folder WHOSAID_BIN_TO_DATA (../share/whosaid with the usual GNU layout,
// set in CMakeLists.txt) relative to the folder of the running program, read
// from /proc/self/exe. So an installed program finds PREFIX/share/whosaid
// wherever PREFIX is moved, and build/bin/* find build/share/whosaid, which
// the build fills with copies of data/ (packaging/CMakeLists.txt). No path
// of the source tree is compiled in.
#pragma once

#include <filesystem>

#include "indexer/extract/speakers/speakers.h"

namespace whosaid {

// The data folder of the running program, or an empty path when the
// program's own location cannot be read (no /proc). Need not exist.
std::filesystem::path data_dir();

// The alias table extraction resolves speakers with: the compiled-in table
// plus the user's, $WHOSAID_ALIASES (which must exist when set), else
// aliases.tsv of data_dir() when present. Throws Error when the file named
// cannot be read or is malformed.
AliasTable load_aliases();

}  // namespace whosaid
