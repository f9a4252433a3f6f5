// Opening whosaid databases: the default location, the schema-version check,
// and turning Xapian's open errors into messages that say what to do.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace whosaid {

// Environment variable that overrides the default database location.
inline constexpr const char* kDbEnv = "WHOSAID_DB";

// $WHOSAID_DB, else $XDG_DATA_HOME/whosaid/db, else ~/.local/share/whosaid/db.
std::string default_db_path();

// Opens one or more databases (directories, Xapian stub files, remote
// stubs) for searching as one. Throws IndexMissing ("no index at PATH (run
// whosaid-index first)"), SchemaMismatch, or Error for other failures.
Xapian::Database open_for_search(const std::vector<std::string>& paths);

// Opens PATH for writing, creating it (and its parent folders) if needed.
// A new database records kSchemaVersion and LANGUAGE; an existing one must
// match the schema, and its recorded language wins unless LANGUAGE is given
// and differs, which throws UsageError. Throws IndexLocked when another
// writer holds the lock.
Xapian::WritableDatabase open_for_index(const std::string& path, const std::string& language);

// The analysis language recorded in DB (kDefaultLanguage if none).
std::string database_language(const Xapian::Database& db);

}  // namespace whosaid
