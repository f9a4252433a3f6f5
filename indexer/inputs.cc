// The input walk: paths, folders, file kinds, ids.
#include "indexer/inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "core/analysis.h"
#include "indexer/read_jsonl.h"
#include "indexer/read_text.h"

namespace whosaid {
namespace fs = std::filesystem;
namespace {

// Extensions of files that are certainly not articles. Keep this the one list.
constexpr std::array<std::string_view, 45> kNonArticleExtensions = {
    // images
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".ico", ".tif", ".tiff", ".heic",
    // documents in binary formats
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".epub",
    // archives and compressed files
    ".gz", ".bz2", ".xz", ".zst", ".zip", ".tar", ".tgz", ".7z", ".rar",
    // audio and video
    ".mp3", ".mp4", ".wav", ".ogg", ".avi", ".mov", ".mkv", ".webm",
    // programs, fonts, data
    ".exe", ".dll", ".so", ".o", ".a", ".pyc", ".woff", ".ttf"};

std::string lower_ext(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// A Xapian database folder (ours, or one inside a corpus): never read.
bool is_xapian_database(const fs::path& dir) {
  std::error_code ec;
  for (const char* marker : {"iamglass", "iamhoney", "iamchert"})
    if (fs::exists(dir / marker, ec)) return true;
  return false;
}

struct Stop {};  // the sink asked to stop

class Walker {
 public:
  Walker(const InputSink& sink, std::istream& standard_input)
      : sink_(sink), stdin_(standard_input) {}

  void path_argument(const std::string& arg) {
    if (arg == "-") {
      read_jsonl(stdin_, "-", "-");
      return;
    }
    fs::path p(arg);
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      missing(p, ec);
      return;
    }
    if (fs::is_directory(st)) {
      folder(p);
    } else {
      file(p);  // named explicitly: read whatever it is (FIFO, /dev/stdin...)
    }
  }

 private:
  void issue(InputIssue::Kind kind, std::string where, std::string message, std::string reason) {
    if (!sink_.issue(InputIssue{kind, std::move(where), std::move(message), std::move(reason)}))
      throw Stop{};
  }
  void article(Article&& a, const std::string& raw_hash) {
    if (!sink_.article(std::move(a), raw_hash)) throw Stop{};
  }

  void missing(const fs::path& p, const std::error_code& ec) {
    std::error_code lec;
    fs::file_status lst = fs::symlink_status(p, lec);
    if (!lec && fs::is_symlink(lst)) {
      bool loop = ec && ec == std::errc::too_many_symbolic_link_levels;
      issue(InputIssue::Kind::kSkipped, p.string(),
            loop ? "symbolic link loop" : "broken symbolic link (its target does not exist)",
            loop ? "symlink loop" : "missing");
    } else {
      issue(InputIssue::Kind::kSkipped, p.string(),
            ec && ec != std::errc::no_such_file_or_directory
                ? fmt::format("cannot access: {}", ec.message())
                : std::string("no such file or directory"),
            "missing");
    }
  }

  void folder(const fs::path& dir) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(dir, ec);
    if (ec) {
      issue(InputIssue::Kind::kSkipped, dir.string(),
            fmt::format("cannot resolve folder: {}", ec.message()), "unreadable");
      return;
    }
    if (std::find(ancestors_.begin(), ancestors_.end(), canonical) != ancestors_.end()) {
      issue(InputIssue::Kind::kSkipped, dir.string(),
            fmt::format("symbolic link loop (back to {}): not followed", canonical.string()),
            "symlink loop");
      return;
    }
    // A folder reached twice through links (not a loop) is read once.
    if (!visited_.insert(canonical).second) return;
    if (is_xapian_database(dir)) {
      issue(InputIssue::Kind::kIgnored, dir.string(), "a Xapian database", "ignored");
      return;
    }

    std::vector<fs::path> entries;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      issue(InputIssue::Kind::kSkipped, dir.string(),
            fmt::format("cannot read folder: {}", ec.message()), "unreadable");
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      entries.push_back(it->path());
    }
    if (ec) {
      issue(InputIssue::Kind::kSkipped, dir.string(),
            fmt::format("cannot read folder: {}", ec.message()), "unreadable");
      return;
    }
    std::sort(entries.begin(), entries.end(), [](const fs::path& a, const fs::path& b) {
      return a.filename().string() < b.filename().string();
    });

    ancestors_.push_back(canonical);
    for (const fs::path& e : entries) {
      std::string name = e.filename().string();
      if (name.starts_with(".")) {
        issue(InputIssue::Kind::kIgnored, e.string(), "hidden", "ignored");
        continue;
      }
      fs::file_status st = fs::status(e, ec);
      if (ec || !fs::exists(st)) {
        missing(e, ec);  // a broken link, a loop, or vanished since listed
      } else if (fs::is_directory(st)) {
        folder(e);
      } else if (!fs::is_regular_file(st)) {
        issue(InputIssue::Kind::kIgnored, e.string(), "not a regular file", "ignored");
      } else if (is_non_article_name(e)) {
        issue(InputIssue::Kind::kIgnored, e.string(), "not an article (by its name)", "ignored");
      } else {
        file(e);
      }
    }
    ancestors_.pop_back();
  }

  void file(const fs::path& p) {
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec).lexically_normal();
    std::string abs_path = ec ? p.string() : abs.string();
    if (is_jsonl_name(p)) {
      std::ifstream in(p, std::ios::binary);
      if (!in) {
        issue(InputIssue::Kind::kSkipped, p.string(),
              fmt::format("cannot read: {}", std::strerror(errno)), "unreadable");
        return;
      }
      read_jsonl(in, p.string(), abs_path);
      return;
    }
    // A text article is known by its canonical path, so that the same file
    // reached through a link or a relative path is the same article.
    fs::path canonical = fs::weakly_canonical(p, ec);
    if (!ec) abs_path = canonical.string();
    try {
      TextArticle t = read_text_file(p, p.string());
      for (InputIssue& n : t.notes) issue(n.kind, n.where, n.message, n.reason);
      t.article.path = abs_path;
      if (t.article.id.empty()) t.article.id = article_id_for(t.article, abs_path);
      article(std::move(t.article), t.raw_hash);
    } catch (const BadInput& e) {
      issue(InputIssue::Kind::kSkipped, p.string(), e.what(), e.reason());
    }
  }

  void read_jsonl(std::istream& in, const std::string& name, const std::string& abs_path) {
    JsonlReader reader(in, name);
    std::vector<InputIssue> issues;
    std::string raw_hash;
    for (;;) {
      std::optional<Article> a;
      try {
        a = reader.next(issues, &raw_hash);
      } catch (const BadInput& e) {
        issues.push_back({InputIssue::Kind::kSkipped, name, e.what(), e.reason()});
      }
      for (InputIssue& i : issues) issue(i.kind, i.where, i.message, i.reason);
      issues.clear();
      if (!a) break;
      a->path = abs_path;
      if (a->id.empty()) a->id = article_id_for(*a, "");
      article(std::move(*a), raw_hash);
    }
  }

  const InputSink& sink_;
  std::istream& stdin_;
  std::vector<fs::path> ancestors_;  // canonical folders being walked
  std::set<fs::path> visited_;       // canonical folders walked
};

}  // namespace

std::string article_id_for(const Article& a, const std::string& canonical_path) {
  if (!canonical_path.empty()) return canonical_path;
  return hash_hex(a.title + "\n" + a.body);
}

bool is_non_article_name(const fs::path& name) {
  // A data folder's own documentation (bbc/README.TXT, sample/README.md)
  // describes the articles; it is not one of them.
  std::string stem = name.stem().string();
  for (char& c : stem) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view doc : {"README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "NOTICE"})
    if (stem == doc) return true;
  std::string ext = lower_ext(name);
  return std::find(kNonArticleExtensions.begin(), kNonArticleExtensions.end(), ext) !=
         kNonArticleExtensions.end();
}

bool is_jsonl_name(const fs::path& path) {
  std::string ext = lower_ext(path);
  return ext == ".jsonl" || ext == ".ndjson";
}

void read_inputs(const std::vector<std::string>& paths, std::istream& standard_input,
                 const InputSink& sink) {
  Walker walker(sink, standard_input);
  try {
    for (const std::string& p : paths) walker.path_argument(p);
  } catch (const Stop&) {
  }
}

}  // namespace whosaid
