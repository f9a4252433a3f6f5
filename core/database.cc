// Database opening with clear errors and the schema-version check.
#include "core/database.h"

#include <fmt/format.h>

#include <algorithm>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

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

SearchDatabases open_shards(const std::vector<std::string>& paths, bool allow_partial) {
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
  return out;
}

Xapian::Database open_for_search(const std::vector<std::string>& paths) {
  return open_shards(paths).db;
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
  // A compaction killed before it finished (or after its exchange) left its
  // folder; ours now that we hold the lock.
  fs::remove_all(compaction_path(path), ec);
  for (unsigned k = 1; k < 64 && fs::exists(writer_part_path(path, k), ec); ++k)
    fs::remove_all(writer_part_path(path, k), ec);
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

static std::string sibling(const std::string& path, std::string_view suffix) {
  fs::path p = fs::path(path).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();  // "db/"
  return p.string() + std::string(suffix);
}

std::string compaction_path(const std::string& path) { return sibling(path, ".compacting"); }

std::string writer_part_path(const std::string& path, unsigned k) {
  return sibling(path, fmt::format(".part{}", k));
}

namespace {

// Makes a rename in DIR durable.
void sync_dir(const fs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

bool compact_in_place(const std::string& path, const std::vector<std::string>& merge) {
  const std::string tmp = compaction_path(path);
  std::error_code ec;
  fs::remove_all(tmp, ec);
  try {
    Xapian::Database src(path);
    for (const std::string& m : merge) src.add_database(Xapian::Database(m));
    // Alone, the same document ids: nothing that refers to one changes
    // meaning. Merged, each database's ids follow the previous one's.
    src.compact(tmp, merge.empty() ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
  } catch (const Xapian::Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(fmt::format("cannot compact the index {}: {}", path, e.get_description()));
  }
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0) {
    fs::remove_all(tmp, ec);  // EINVAL: this filesystem cannot exchange
    return false;
  }
  sync_dir(fs::path(tmp).parent_path());
  fs::remove_all(tmp, ec);  // the old database
  return true;
}

std::string database_language(const Xapian::Database& db) {
  std::string lang = db.get_metadata(kLanguageKey);
  return lang.empty() ? kDefaultLanguage : lang;
}

}  // namespace whosaid
