// Opening whosaid databases: the default location, the schema-version check,
// and turning Xapian's open errors into messages that say what to do.
#pragma once

#include <xapian.h>

#include <optional>
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
  // With open_shards(..., with_beside), when DB is one local database: a
  // second handle on it, for a match run
  // on another thread beside DB's (a Xapian::Database is for one thread at
  // a time): searcher run_search() counts matches there. Opened just after
  // DB, so usually at the same revision (run_search() checks). Reopen both.
  std::optional<Xapian::Database> beside;
};

// Opens the shards of PATHS (expand_shards) as one database, checking each
// one's schema version and that all record the same language (a mismatch
// names the shard). An unreachable remote shard throws ShardUnreachable
// ("shard tcp://host:port is not reachable: ..."), or with ALLOW_PARTIAL is
// left out and listed in `missing` (unless no shard at all can be reached).
// Throws IndexMissing ("no index at PATH (run whosaid-index first)"),
// SchemaMismatch, or Error for other failures.
// WITH_BESIDE: also open SearchDatabases::beside (one local database only).
SearchDatabases open_shards(const std::vector<std::string>& paths, bool allow_partial = false,
                            bool with_beside = false);

// open_shards(PATHS).db.
Xapian::Database open_for_search(const std::vector<std::string>& paths);

// whosaid-index refuses to write at a path (exit 1): it holds something that
// is not a whosaid index, or an input of the run overlaps it. Nothing on
// disk was changed.
struct NotAnIndex : Error {
  using Error::Error;
};

// The marker file whosaid-index writes first into every folder it creates
// (an index, a shard folder, a compaction copy, a writer part): a folder
// holding it is whosaid's, and whosaid-index removes from it only the files
// it knows as its own (the marker, Xapian's glass files, a sharded index's
// stub), never anything else. An index written before markers existed is
// recognised by its schema metadata and gets the marker when next opened.
inline constexpr const char* kMarkerFileName = "WHOSAID";

// Throws NotAnIndex, naming PATH, the fault and the way out, unless
// whosaid-index may write a single database at PATH: PATH does not exist,
// is an empty folder, or is a folder holding a whosaid index and nothing
// else (a file that is not a folder is refused unless Xapian opens it as a
// whosaid database); its sibling folders compaction_path(PATH) and
// writer_part_path(PATH, k) are absent or whosaid's; and no path of INPUTS
// ("-" aside) is PATH, holds it or lies inside it (canonical paths). Reads
// only: nothing is created or changed.
void check_index_target(const std::string& path, const std::vector<std::string>& inputs);

// The overlap part of check_index_target(): INPUTS against the index PATH.
void check_inputs_outside(const std::string& path, const std::vector<std::string>& inputs);

// Whether the path A is B or lies inside it, compared as canonical paths
// (weakly_canonical: A and B need not exist yet).
bool path_inside(const std::string& a, const std::string& b);

// The first names of NAMES for a message: "a.txt, b, c and 3 more".
std::string name_list(const std::vector<std::string>& names);

// Whether FOLDER is whosaid's to empty: a real folder (not a symbolic link)
// that holds the marker (or is a whosaid database written before markers)
// or nothing at all, and KNOWN_NAME is true for every other name in it.
// Reads only.
bool owned_folder(const std::string& folder, bool (*known_name)(const std::string&));

// Makes PATH a folder marked as whosaid's: creates it (and its parents) if
// needed, then writes the marker if it is missing. Call after the checks.
void claim_folder(const std::string& path);

// Removes the folder PATH if it is whosaid's (owned_folder with the names
// of a database): deletes the known files, the marker last, then the empty
// folder. Never deletes an unknown name, never recurses; true if PATH is
// gone (or was never there), false if it is not whosaid's or something
// else was left in it.
bool remove_owned_folder(const std::string& path);

// Test hooks (tests only; documented in HACKING.md):
// - set_folder_exchange_for_testing(F): compact_in_place() exchanges its
//   folders with F instead of renameat2(RENAME_EXCHANGE) (F returns 0, or
//   -1 with errno set, e.g. EINVAL as on a filesystem without exchange);
//   nullptr restores renameat2.
// - the environment variable WHOSAID_TEST_KILL_AT=POINT kills the process
//   (SIGKILL) at POINT: "compact-copied" (the compacted copy is built, not
//   yet exchanged), "compact-exchanged" (exchanged, the old copy not yet
//   removed), "compact-removing" (the old copy half removed).
using FolderExchange = int (*)(const char* from, const char* to);
void set_folder_exchange_for_testing(FolderExchange exchange);

// Opens PATH for writing, creating it (and its parent folders) if needed.
// First check_index_target(PATH, {}) (NotAnIndex); a new database is
// created in a folder marked as whosaid's (claim_folder) and records
// kSchemaVersion and LANGUAGE in its first commit; an existing one must
// match the schema, and its recorded language wins unless LANGUAGE is given
// and differs, which throws UsageError. Throws IndexLocked when another
// writer holds the lock. Holding the lock, it removes what a killed run
// left in the sibling folders (remove_owned_folder).
Xapian::WritableDatabase open_for_index(const std::string& path, const std::string& language);

// Rewrites the local database at PATH compactly (Xapian's compaction: full
// B-tree blocks, no free space left by commits) and puts the copy in its
// place with one atomic exchange of the two folders (renameat2
// RENAME_EXCHANGE): PATH is a whole database at every instant, even if the
// process is killed, and a reader that opened the old one keeps reading it
// (searches retry when it must reopen). The copy is built at
// compaction_path(PATH), a folder created and marked for it (a leftover of
// a killed run there is removed first if it is whosaid's, else NotAnIndex),
// and the old database removed from there by remove_owned_folder().
// The caller must hold the write lock on PATH (an open WritableDatabase with
// everything committed) so that no commit lands meanwhile. Returns false,
// leaving PATH as it was and removing the copy, if the filesystem cannot
// exchange folders (EINVAL, ENOSYS, ENOTSUP: the index simply stays
// uncompacted; a two-step rename would leave a moment with no index at
// PATH), and if PATH is a symbolic link (exchanging would move the link);
// throws Error if the compaction or the exchange fails otherwise
// (PATH is left as it was).
// With MERGE, the documents of those databases (same schema and language)
// are merged in after PATH's (document ids renumbered; articles are known
// by their id terms, not their document ids).
bool compact_in_place(const std::string& path, const std::vector<std::string>& merge = {});

// Where a run of whosaid-index with parallel writers writes part K (1, 2,
// ...) of a new index before merging it into PATH: a sibling of PATH.
// Leftovers of a killed run are removed by open_for_index().
std::string writer_part_path(const std::string& path, unsigned k);

// Writer parts are numbered 1 .. kMaxWriterParts - 1 (--writers is at most 64).
inline constexpr unsigned kMaxWriterParts = 64;

// Where compact_in_place() builds its copy: a sibling of PATH. A killed
// compaction leaves it behind; open_for_index() removes it once it holds the
// lock.
std::string compaction_path(const std::string& path);

// The analysis language recorded in DB (kDefaultLanguage if none).
std::string database_language(const Xapian::Database& db);

}  // namespace whosaid
