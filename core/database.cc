// Database opening with clear errors and the schema-version check.
#include "core/database.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

#include "core/analysis.h"
#include "core/error.h"
#include "core/facet_column.h"
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
        "(rebuild it: remove {} and index the articles again with this whosaid-index)",
        path, v, kSchemaVersion, path));
}

namespace {

constexpr int kMaxStubDepth = 8;
constexpr std::string_view kTcpScheme = "tcp://";

// HOST:PORT (HOST may be [IPv6]) -> shard; WHAT names it in errors.
Shard tcp_shard(std::string_view address, const std::string& what) {
  std::size_t colon = address.rfind(':');
  std::string host(address.substr(0, colon == std::string_view::npos ? 0 : colon));
  std::string port = colon == std::string_view::npos ? "" : std::string(address.substr(colon + 1));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  bool digits = !port.empty() && port.size() <= 5 &&
                port.find_first_not_of("0123456789") == std::string::npos;
  if (host.empty() || !digits || std::stoul(port) == 0 || std::stoul(port) > 65535)
    throw UsageError(
        fmt::format("{}: expected a remote database as HOST:PORT (e.g. "
                    "tcp://search1:33333)",
                    what));
  Shard s;
  s.host = host;
  s.port = static_cast<unsigned>(std::stoul(port));
  s.name = fmt::format("tcp://{}:{}", host.find(':') == std::string::npos ? host : "[" + host + "]",
                       s.port);
  return s;
}

// The stub file PATH stands for, if it is one: a folder's XAPIANDB, or a
// regular file of text lines (a single-file glass database is binary).
std::optional<fs::path> stub_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    fs::path stub = fs::path(path) / kStubFileName;
    if (fs::is_regular_file(stub, ec)) return stub;
    return std::nullopt;
  }
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  char buf[512];
  in.read(buf, sizeof buf);
  std::string_view head(buf, static_cast<std::size_t>(in.gcount()));
  for (unsigned char c : head)
    if (c == 0 || (c < 32 && c != '\n' && c != '\r' && c != '\t')) return std::nullopt;
  return fs::path(path);
}

void expand(const std::string& path, int depth, std::vector<Shard>& out);

void expand_stub(const fs::path& stub, int depth, std::vector<Shard>& out) {
  if (depth > kMaxStubDepth)
    throw Error(fmt::format("stub file {}: stubs nested more than {} deep (a loop?)", stub.string(),
                            kMaxStubDepth));
  std::ifstream in(stub);
  if (!in) throw Error(fmt::format("cannot read the stub file {}", stub.string()));
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    std::size_t space = line.find(' ');
    std::string type = line.substr(0, space);
    std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    std::string where = fmt::format("stub file {} line {}", stub.string(), line_no);
    if ((type == "auto" || type == "glass" || type == "chert") && !rest.empty()) {
      fs::path p(rest);
      if (p.is_relative()) p = stub.parent_path() / p;
      expand(p.lexically_normal().string(), depth + 1, out);
    } else if (type == "remote" && !rest.empty() && rest[0] == ':') {
      Shard s;
      std::size_t sp = rest.find(' ');
      s.program = rest.substr(1, sp == std::string::npos ? std::string::npos : sp - 1);
      s.args = sp == std::string::npos ? "" : rest.substr(sp + 1);
      s.name = "remote " + rest;
      out.push_back(std::move(s));
    } else if (type == "remote" && !rest.empty()) {
      try {
        out.push_back(tcp_shard(rest, where));
      } catch (const UsageError& e) {
        throw Error(e.what());
      }
    } else {
      // Xapian's words: a text file that is no stub is no index either.
      throw IndexMissing(fmt::format("no index at {} ({}:{}: Bad line; run whosaid-index first)",
                                     stub.string(), stub.string(), line_no));
    }
  }
}

void expand(const std::string& path, int depth, std::vector<Shard>& out) {
  if (std::string_view(path).starts_with(kTcpScheme)) {
    out.push_back(tcp_shard(std::string_view(path).substr(kTcpScheme.size()), path));
    return;
  }
  if (std::optional<fs::path> stub = stub_file(path)) {
    expand_stub(*stub, depth, out);
    return;
  }
  Shard s;
  s.name = s.path = path;
  out.push_back(std::move(s));
}

Xapian::Database open_shard(const Shard& s) {
  if (!s.remote()) {
    std::error_code ec;
    if (!fs::exists(s.path, ec))
      throw IndexMissing(fmt::format("no index at {} (run whosaid-index first)", s.path));
    return Xapian::Database(s.path);
  }
  if (!s.program.empty()) return Xapian::Remote::open(s.program, s.args);
  return Xapian::Remote::open(s.host, s.port);
}

}  // namespace

std::vector<Shard> expand_shards(const std::vector<std::string>& paths) {
  std::vector<Shard> all;
  for (const std::string& path : paths) expand(path, 0, all);
  // The same database named twice (--db x --db x, a path and a stub listing
  // it, two spellings of one folder) is searched once: else every hit of it
  // would show twice.
  std::vector<Shard> out;
  std::vector<std::string> seen;
  for (Shard& s : all) {
    std::string key;
    if (!s.remote()) {
      std::error_code ec;
      fs::path canonical = fs::weakly_canonical(s.path, ec);
      key = "path " + (ec ? fs::path(s.path).lexically_normal() : canonical).string();
    } else if (!s.program.empty()) {
      key = "prog " + s.program + " " + s.args;
    } else {
      key = fmt::format("tcp {}:{}", s.host, s.port);
    }
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    out.push_back(std::move(s));
  }
  return out;
}

SearchDatabases open_shards(const std::vector<std::string>& paths, bool allow_partial,
                            bool with_beside) {
  SearchDatabases out;
  std::vector<Shard> shards = expand_shards(paths);
  if (shards.empty())
    throw IndexMissing(fmt::format("no index at {} (the stub file lists no databases)",
                                   paths.empty() ? std::string() : paths.front()));
  std::string language, language_shard;
  for (const Shard& shard : shards) {
    Xapian::Database db;
    try {
      db = open_shard(shard);
      check_schema(db, shard.name);
      std::string lang = database_language(db);
      if (out.shards.empty()) {
        language = lang;
        language_shard = shard.name;
      } else if (lang != language) {
        throw SchemaMismatch(fmt::format(
            "{} was indexed with --lang {} but {} with --lang {}: shards searched together "
            "must share one language",
            shard.name, lang, language_shard, language));
      }
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw IndexMissing(
          fmt::format("no index at {} ({}; run whosaid-index first)", shard.name, e.get_msg()));
    } catch (const Xapian::NetworkError& e) {
      std::string why = e.get_msg();
      if (const char* err = e.get_error_string(); err && *err) why += fmt::format(" ({})", err);
      if (!allow_partial)
        throw ShardUnreachable(fmt::format("shard {} is not reachable: {}", shard.name, why));
      out.missing.emplace_back(shard.name, why);
      continue;
    } catch (const Xapian::DatabaseError&) {
      // An indexer committed while we opened: DatabaseModifiedError, or a
      // block of a newer revision (DatabaseCorruptError, "EOF reading
      // block"). search_databases() opens again.
      throw;
    } catch (const Xapian::Error& e) {
      throw Error(fmt::format("cannot open the index {}: {}", shard.name, e.get_description()));
    }
    out.db.add_database(db);
    out.shards.push_back(shard.name);
  }
  if (out.shards.empty())
    throw ShardUnreachable(fmt::format("no shard is reachable (shard {} is not reachable: {})",
                                       out.missing.front().first, out.missing.front().second));
  if (with_beside && shards.size() == 1 && !shards.front().remote())
    out.beside = open_shard(shards.front());
  return out;
}

Xapian::Database open_for_search(const std::vector<std::string>& paths) {
  return open_shards(paths).db;
}

namespace {

// The files of a glass database (Xapian 1.4): its tables, version file,
// lock, and the version file's temporary name while a commit writes it.
constexpr std::string_view kGlassFiles[] = {"iamglass",       "flintlock",      "v.tmp",
                                            "postlist.glass", "docdata.glass",  "termlist.glass",
                                            "position.glass", "spelling.glass", "synonym.glass"};

bool database_file(const std::string& name) {
  if (name == kMarkerFileName) return true;
  for (std::string_view f : kGlassFiles)
    if (name == f) return true;
  return false;
}

// The names in the folder DIR, sorted; nullopt if it cannot be listed.
std::optional<std::vector<std::string>> folder_names(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  if (ec) return std::nullopt;
  std::sort(names.begin(), names.end());
  return names;
}

// A whosaid database from before markers: Xapian opens it and it records a
// schema version, or it is empty and records nothing (a first run killed
// before its first commit).
bool unmarked_whosaid_database(const std::string& path) {
  try {
    Xapian::Database db(path);
    if (!db.get_metadata(kSchemaVersionKey).empty()) return true;
    return db.get_doccount() == 0 && db.metadata_keys_begin() == db.metadata_keys_end();
  } catch (const Xapian::Error&) {
    return false;
  }
}

bool real_folder(const std::string& path) {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() == fs::file_type::directory;
}

}  // namespace

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 3) out += fmt::format(" and {} more", names.size() - 3);
  return out;
}

namespace {

// True when A is B or lies inside it (both canonical).
bool inside(const fs::path& a, const fs::path& b) {
  auto [bi, ai] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return bi == b.end();
}

// P as a canonical path (weakly_canonical: P need not exist) without a
// trailing separator ("db/" -> "db"), what inside() compares; nullopt if it
// cannot be resolved.
std::optional<fs::path> canonical_path(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec).lexically_normal();
  if (ec) return std::nullopt;
  return c.filename().empty() ? c.parent_path() : c;
}

// WHOSAID_TEST_KILL_AT (database.h, test hooks).
void kill_point(std::string_view point) {
  const char* at = std::getenv("WHOSAID_TEST_KILL_AT");
  if (at && !point.empty() && point == at) ::raise(SIGKILL);
}

int rename_exchange(const char* from, const char* to) {
  return ::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
}

FolderExchange g_exchange = nullptr;  // set_folder_exchange_for_testing

// Makes a rename in DIR durable.
void sync_dir(const fs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// remove_owned_folder(), killed at KILL (a kill_point) half-way when asked.
bool remove_owned(const std::string& path, std::string_view kill) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return true;
  if (!real_folder(path)) return false;
  std::optional<std::vector<std::string>> names = folder_names(path);
  if (!names) return false;
  bool marked = std::find(names->begin(), names->end(), kMarkerFileName) != names->end();
  if (!names->empty() && !marked && !unmarked_whosaid_database(path)) return false;
  // Only the names whosaid knows as its own; anything else stays, and with
  // it the marker and the folder. The marker last: until the folder is
  // empty, what is left in it is known as whosaid's.
  std::vector<std::string> known;
  for (const std::string& name : *names)
    if (database_file(name) && name != kMarkerFileName) known.push_back(name);
  bool left = known.size() + (marked ? 1 : 0) < names->size();
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (::unlink((fs::path(path) / known[i]).c_str()) != 0) left = true;  // e.g. a folder
    if (i + 1 == known.size() / 2) kill_point(kill);
  }
  if (left) return false;
  ::unlink((fs::path(path) / kMarkerFileName).c_str());
  if (::rmdir(path.c_str()) != 0) return false;
  sync_dir(fs::path(path).parent_path());
  return true;
}

}  // namespace

bool owned_folder(const std::string& folder, bool (*known_name)(const std::string&)) {
  if (!real_folder(folder)) return false;
  std::optional<std::vector<std::string>> names = folder_names(folder);
  if (!names) return false;
  if (names->empty()) return true;
  bool marked = false;
  for (const std::string& name : *names) {
    if (name == kMarkerFileName)
      marked = true;
    else if (!known_name(name))
      return false;
  }
  return marked || unmarked_whosaid_database(folder);
}

bool path_inside(const std::string& a, const std::string& b) {
  std::optional<fs::path> ca = canonical_path(a), cb = canonical_path(b);
  return ca && cb && inside(*ca, *cb);
}

void check_inputs_outside(const std::string& path, const std::vector<std::string>& inputs) {
  std::optional<fs::path> canonical_db = canonical_path(path);
  if (!canonical_db) return;
  const fs::path& db = *canonical_db;
  std::error_code ec;
  for (const std::string& input : inputs) {
    if (input == "-") continue;
    fs::path in = fs::canonical(input, ec);
    if (ec) continue;  // a missing input is a warning of the run
    if (in == db)
      throw NotAnIndex(fmt::format(
          "refusing --db {}: it is also an input of this run ({}); the index needs a folder of "
          "its own, outside the articles: give --db another path",
          path, input));
    if (inside(db, in))
      throw NotAnIndex(fmt::format(
          "refusing --db {}: it lies inside the input folder {}, whose articles would be read "
          "alongside the index's files: give --db a path outside {}",
          path, input, input));
    if (inside(in, db))
      throw NotAnIndex(fmt::format(
          "refusing --db {}: the input {} lies inside it; the index needs a folder of its own, "
          "outside the articles: give --db another path",
          path, input));
  }
}

void check_index_target(const std::string& path, const std::vector<std::string>& inputs) {
  check_inputs_outside(path, inputs);  // the most telling message first
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (fs::exists(st) && !fs::is_directory(st)) {
    // A single-file database or a stub file listing one is fine if whosaid's.
    bool ours = false;
    if (fs::is_regular_file(st)) {
      try {
        ours = !Xapian::Database(path).get_metadata(kSchemaVersionKey).empty();
      } catch (const Xapian::Error&) {
      }
    }
    if (!ours)
      throw NotAnIndex(fmt::format(
          "refusing --db {}: it is a file, not a whosaid index (whosaid-index writes its index "
          "into a folder of its own): give --db a new or empty folder, or an existing index",
          path));
  } else if (fs::is_directory(st)) {
    std::optional<std::vector<std::string>> names = folder_names(path);
    if (!names)
      throw NotAnIndex(
          fmt::format("refusing --db {}: cannot list the folder: check its "
                      "permissions, or give --db another path",
                      path));
    std::vector<std::string> foreign;
    for (const std::string& name : *names)
      if (!database_file(name)) foreign.push_back(name);
    bool index = foreign.size() < names->size();  // some of whosaid's files are there
    if (!foreign.empty() && index)
      throw NotAnIndex(fmt::format(
          "refusing --db {}: the index folder holds {} that whosaid-index did not write ({}); "
          "keep your own files outside the index: move {} out of {}",
          path, foreign.size() == 1 ? "a file" : "files", name_list(foreign),
          foreign.size() == 1 ? "it" : "them", path));
    if (!foreign.empty())
      throw NotAnIndex(fmt::format(
          "refusing --db {}: the folder holds {} that {} not part of a whosaid index ({}); "
          "whosaid-index writes only into a new or empty folder or an existing index, and "
          "never removes what it did not write: give --db a new folder",
          path, foreign.size() == 1 ? "a file" : "files", foreign.size() == 1 ? "is" : "are",
          name_list(foreign)));
    bool marked = std::find(names->begin(), names->end(), kMarkerFileName) != names->end();
    if (!names->empty() && !marked && !unmarked_whosaid_database(path))
      throw NotAnIndex(fmt::format(
          "refusing --db {}: it is a Xapian database but not a whosaid index (it records no "
          "whosaid schema version): give --db a new folder",
          path));
  }
  // The sibling folders whosaid-index writes and removes.
  auto check_sibling = [&](const std::string& sibling, std::string_view what) {
    if (fs::exists(fs::symlink_status(sibling, ec)) && !owned_folder(sibling, database_file))
      throw NotAnIndex(fmt::format(
          "refusing --db {}: {} exists and was not made by whosaid-index, which writes {} there "
          "and removes it afterwards: move {} away, or give --db another path",
          path, sibling, what, sibling));
  };
  check_sibling(compaction_path(path), "the index's compacted copy");
  for (unsigned k = 1; k < kMaxWriterParts; ++k)
    check_sibling(writer_part_path(path, k), "a part of a new index");
}

void claim_folder(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::create_directories(path, ec);
    if (ec && !fs::is_directory(path))
      throw Error(fmt::format("cannot create the index folder {}: {}", path, ec.message()));
  }
  if (!fs::is_directory(path, ec)) return;  // a whosaid database file (check_index_target)
  fs::path marker = fs::path(path) / kMarkerFileName;
  int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw Error(fmt::format("cannot write {}: {}", marker.string(), std::strerror(errno)));
  }
  std::string_view text =
      "This folder was made by whosaid-index. It removes from it only the files it wrote\n"
      "(this marker, Xapian's glass files, a sharded index's XAPIANDB and shard folders).\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) throw Error(fmt::format("cannot write {}: {}", marker.string(), std::strerror(errno)));
  sync_dir(path);
}

bool remove_owned_folder(const std::string& path) { return remove_owned(path, ""); }

void set_folder_exchange_for_testing(FolderExchange exchange) { g_exchange = exchange; }

Xapian::WritableDatabase open_for_index(const std::string& path, const std::string& language) {
  check_index_target(path, {});
  claim_folder(path);  // the marker before any file of Xapian's
  auto open = [&](int action) {
    try {
      return Xapian::WritableDatabase(path, action);
    } catch (const Xapian::DatabaseLockError&) {
      throw IndexLocked(fmt::format(
          "index is locked: another whosaid-index is writing to {} (wait for it to finish)", path));
    }
  };
  Xapian::WritableDatabase db;
  try {
    try {
      db = open(Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseOpeningError&) {
      // A first run killed while Xapian created the database leaves its
      // tables without the version file (iamglass): Xapian then takes the
      // folder for a database and cannot open it. No revision was ever
      // written: create it again, with the lock (a run creating it now
      // holds the lock, and this one stops with "index is locked").
      std::error_code ec;
      fs::path dir(path);
      if (!real_folder(path) || !fs::exists(dir / kMarkerFileName, ec) ||
          fs::exists(dir / "iamglass", ec) || !fs::exists(dir / "postlist.glass", ec))
        throw;
      db = open(Xapian::DB_CREATE_OR_OVERWRITE);
    }
  } catch (const Xapian::Error& e) {
    throw Error(fmt::format("cannot open the index {} for writing: {}", path, e.get_description()));
  }
  check_schema(db, path);
  // A compaction killed before it finished (or after its exchange), or a
  // run's writer parts: ours to remove now that we hold the lock (what is
  // not whosaid's is left alone; check_index_target refused it anyway).
  remove_owned_folder(compaction_path(path));
  for (unsigned k = 1; k < kMaxWriterParts; ++k) remove_owned_folder(writer_part_path(path, k));
  std::string recorded = db.get_metadata(kLanguageKey);
  if (recorded.empty()) {
    db.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
    db.set_metadata(kLanguageKey, language.empty() ? kDefaultLanguage : language);
    db.commit();  // a new index is known as whosaid's from its first revision
  } else if (!language.empty() && language != recorded) {
    throw UsageError(fmt::format(
        "{} was built with --lang {}; index into a new database to use --lang {}", path, recorded,
        language));
  }
  return db;
}

static std::string sibling(const std::string& path, std::string_view suffix) {
  fs::path p = fs::path(path).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();  // "db/"
  return p.string() + std::string(suffix);
}

std::string compaction_path(const std::string& path) { return sibling(path, ".compacting"); }

std::string writer_part_path(const std::string& path, unsigned k) {
  return sibling(path, fmt::format(".part{}", k));
}

bool compact_in_place(const std::string& path, const std::vector<std::string>& merge) {
  const std::string tmp = compaction_path(path);
  // The exchange would swap the link itself, leaving the old copy behind in
  // the folder it points to: an index reached through a symbolic link stays
  // as it is.
  std::error_code ec;
  fs::path no_slash = fs::path(path).lexically_normal();
  if (no_slash.filename().empty()) no_slash = no_slash.parent_path();
  if (fs::is_symlink(no_slash, ec)) return false;
  if (!remove_owned_folder(tmp))
    throw NotAnIndex(fmt::format(
        "cannot compact the index {}: {} holds files whosaid-index did not write (it builds the "
        "compacted copy there): move them out of {}",
        path, tmp, tmp));
  if (::mkdir(tmp.c_str(), 0777) != 0)
    throw Error(fmt::format("cannot compact the index {}: cannot create {}: {}", path, tmp,
                            std::strerror(errno)));
  claim_folder(tmp);  // the marker first: a kill leaves a folder known as ours
  try {
    Xapian::Database src(path);
    for (const std::string& m : merge) src.add_database(Xapian::Database(m));
    // Alone, the same document ids: nothing that refers to one changes
    // meaning. Merged, each database's ids follow the previous one's.
    src.compact(tmp, merge.empty() ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
    // The copy is a database of its own (a new UUID; merged, new document
    // ids): its facet columns are rebuilt for it, in a commit of its own.
    Xapian::WritableDatabase copy(tmp, Xapian::DB_OPEN);
    update_facet_columns(copy);
    copy.commit();
  } catch (const Xapian::Error& e) {
    remove_owned_folder(tmp);
    throw Error(fmt::format("cannot compact the index {}: {}", path, e.get_description()));
  }
  kill_point("compact-copied");
  FolderExchange exchange = g_exchange ? g_exchange : rename_exchange;
  if (exchange(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    remove_owned_folder(tmp);
    // This filesystem cannot exchange folders: the index stays as it is.
    if (err == EINVAL || err == ENOSYS || err == ENOTSUP || err == EOPNOTSUPP) return false;
    throw Error(fmt::format("cannot compact the index {}: exchanging it with {} failed: {}", path,
                            tmp, std::strerror(err)));
  }
  sync_dir(fs::path(tmp).parent_path());
  kill_point("compact-exchanged");
  remove_owned(tmp, "compact-removing");  // the old database
  return true;
}

std::string database_language(const Xapian::Database& db) {
  std::string lang = db.get_metadata(kLanguageKey);
  return lang.empty() ? kDefaultLanguage : lang;
}

}  // namespace whosaid
