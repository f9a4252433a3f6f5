// Opening whosaid databases: the default location, the schema-version check,
// and turning Xapian's open errors into messages that say what to do.
#pragma once

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace whosaid {

// Environment variable that overrides the default database location.
inline constexpr const char* kDbEnv = "WHOSAID_DB";

// $WHOSAID_DB, else $XDG_DATA_HOME/whosaid/db, else ~/.local/share/whosaid/db.
std::string default_db_path();

// One database of a search ("shard"): a local database or a remote one
// served by xapian-tcpsrv.
struct Shard {
  std::string name;  // for messages: the path, or tcp://HOST:PORT
  std::string path;  // local: the database path ("" for a remote shard)
  std::string host;  // remote over TCP
  unsigned port = 0;
  std::string program, args;  // remote through a program (stub "remote :PROG ARGS")
  bool remote() const { return path.empty(); }
};

// Name of the Xapian stub file inside a folder: a folder holding one (as
// `whosaid-index --shards N` writes) is opened as the databases it lists.
inline constexpr const char* kStubFileName = "XAPIANDB";

// The shards PATHS (--db values) stand for, in order:
//   tcp://HOST:PORT (or tcp://[IPv6]:PORT)  a remote database (xapian-tcpsrv)
//   a Xapian stub file, or a folder holding one (XAPIANDB)   the databases it
//     lists, one per line: "auto PATH" (also glass/chert; a relative PATH is
//     relative to the stub's folder; a stub may list stubs), "remote HOST:PORT",
//     "remote :PROGRAM ARGS"; blank lines and lines starting with # are skipped
//   anything else                            a local database
// A database named twice (the same canonical path, host:port or program)
// is listed once, where it first appears. Throws UsageError for a malformed
// tcp:// address, Error for a bad stub line (naming the file and line).
std::vector<Shard> expand_shards(const std::vector<std::string>& paths);

// A remote shard (or one listed in a stub) cannot be reached.
struct ShardUnreachable : Error {
  using Error::Error;
};

// Shards opened for searching as one database.
struct SearchDatabases {
  Xapian::Database db;
  std::vector<std::string> shards;  // names of the shards opened
  // Shards skipped with allow_partial: name and why ("Connection refused").
  std::vector<std::pair<std::string, std::string>> missing;
};

// Opens the shards of PATHS (expand_shards) as one database, checking each
// one's schema version and that all record the same language (a mismatch
// names the shard). An unreachable remote shard throws ShardUnreachable
// ("shard tcp://host:port is not reachable: ..."), or with ALLOW_PARTIAL is
// left out and listed in `missing` (unless no shard at all can be reached).
// Throws IndexMissing ("no index at PATH (run whosaid-index first)"),
// SchemaMismatch, or Error for other failures.
SearchDatabases open_shards(const std::vector<std::string>& paths, bool allow_partial = false);

// open_shards(PATHS).db.
Xapian::Database open_for_search(const std::vector<std::string>& paths);

// Opens PATH for writing, creating it (and its parent folders) if needed.
// A new database records kSchemaVersion and LANGUAGE; an existing one must
// match the schema, and its recorded language wins unless LANGUAGE is given
// and differs, which throws UsageError. Throws IndexLocked when another
// writer holds the lock.
Xapian::WritableDatabase open_for_index(const std::string& path, const std::string& language);

// Rewrites the local database at PATH compactly (Xapian's compaction: full
// B-tree blocks, no free space left by commits) and puts the copy in its
// place with one atomic exchange of the two folders (renameat2
// RENAME_EXCHANGE): PATH is a whole database at every instant, even if the
// process is killed, and a reader that opened the old one keeps reading it
// (searches retry when it must reopen). The copy is built at
// compaction_path(PATH) and the old database removed from there.
// The caller must hold the write lock on PATH (an open WritableDatabase with
// everything committed) so that no commit lands meanwhile. Returns false,
// leaving PATH as it was, if the filesystem cannot exchange folders; throws
// Error if the compaction fails (PATH is left as it was).
// With MERGE, the documents of those databases (same schema and language)
// are merged in after PATH's (document ids renumbered; articles are known
// by their id terms, not their document ids).
bool compact_in_place(const std::string& path, const std::vector<std::string>& merge = {});

// Where a run of whosaid-index with parallel writers writes part K (1, 2,
// ...) of a new index before merging it into PATH: a sibling of PATH.
// Leftovers of a killed run are removed by open_for_index().
std::string writer_part_path(const std::string& path, unsigned k);

// Where compact_in_place() builds its copy: a sibling of PATH. A killed
// compaction leaves it behind; open_for_index() removes it once it holds the
// lock.
std::string compaction_path(const std::string& path);

// The analysis language recorded in DB (kDefaultLanguage if none).
std::string database_language(const Xapian::Database& db);

}  // namespace whosaid
