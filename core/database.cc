// Database opening with clear errors and the schema-version check.
#include "core/database.h"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "core/analysis.h"
#include "core/error.h"
#include "core/schema.h"

namespace whosaid {
namespace fs = std::filesystem;

std::string default_db_path() {
  if (const char* env = std::getenv(kDbEnv); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "whosaid" / "db").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : ".") / ".local" / "share" / "whosaid" / "db").string();
}

static void check_schema(const Xapian::Database& db, const std::string& path) {
  std::string v = db.get_metadata(kSchemaVersionKey);
  if (v.empty()) {
    if (db.get_doccount() == 0) return;  // new, or a stub over empty shards
    throw SchemaMismatch(
        fmt::format("{} is a Xapian database but not a whosaid index (no schema version)", path));
  }
  if (v != std::to_string(kSchemaVersion))
    throw SchemaMismatch(fmt::format(
        "{} was written with index schema version {}, this whosaid reads version {} "
        "(re-index with this version of whosaid-index)",
        path, v, kSchemaVersion));
}

Xapian::Database open_for_search(const std::vector<std::string>& paths) {
  Xapian::Database combined;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec))
      throw IndexMissing(fmt::format("no index at {} (run whosaid-index first)", path));
    try {
      Xapian::Database db(path);
      check_schema(db, path);
      combined.add_database(db);
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw IndexMissing(fmt::format("no index at {} ({}; run whosaid-index first)", path,
                                     e.get_msg()));
    } catch (const Xapian::NetworkError& e) {
      throw Error(fmt::format("cannot reach the index {}: {}", path, e.get_msg()));
    } catch (const Xapian::Error& e) {
      throw Error(fmt::format("cannot open the index {}: {}", path, e.get_description()));
    }
  }
  return combined;
}

Xapian::WritableDatabase open_for_index(const std::string& path, const std::string& language) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  Xapian::WritableDatabase db;
  try {
    db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexLocked(fmt::format(
        "index is locked: another whosaid-index is writing to {} (wait for it to finish)", path));
  } catch (const Xapian::Error& e) {
    throw Error(fmt::format("cannot open the index {} for writing: {}", path, e.get_description()));
  }
  check_schema(db, path);
  std::string recorded = db.get_metadata(kLanguageKey);
  if (recorded.empty()) {
    db.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
    db.set_metadata(kLanguageKey, language.empty() ? kDefaultLanguage : language);
  } else if (!language.empty() && language != recorded) {
    throw UsageError(fmt::format(
        "{} was built with --lang {}; index into a new database to use --lang {}", path, recorded,
        language));
  }
  return db;
}

std::string database_language(const Xapian::Database& db) {
  std::string lang = db.get_metadata(kLanguageKey);
  return lang.empty() ? kDefaultLanguage : lang;
}

}  // namespace whosaid
