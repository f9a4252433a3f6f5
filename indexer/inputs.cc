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
#include <streambuf>

#include "core/analysis.h"
#include "indexer/read_html.h"
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

// How a file that is not named .jsonl, .ndjson or .html is read.
enum class FileKind { kText, kJsonl, kJsonDocument, kHtml };

// Reads more of IN onto PREFIX (at most N bytes); false at the end.
bool read_more(std::istream& in, std::string& prefix, std::size_t n) {
  std::size_t old = prefix.size();
  prefix.resize(old + n);
  in.read(prefix.data() + old, static_cast<std::streamsize>(n));
  prefix.resize(old + static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw BadInput("unreadable", fmt::format("cannot read: {}", std::strerror(errno)));
  return in.gcount() > 0;
}

// Tells the kind of a file by its first bytes, read from IN into PREFIX:
//   JSON Lines     the first line is a JSON object with an article's key
//                  (is_article_json_line), whatever the file's name;
//   JSON document  a .json file that is not JSON Lines, or a file that
//                  starts with "[" then "{" (an array of articles);
//   HTML           a file that starts like an HTML document;
//   text           anything else.
FileKind sniff(std::istream& in, std::string& prefix, bool json_name) {
  read_more(in, prefix, 65536);
  std::size_t i = prefix.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  auto skip_space = [&](std::size_t at) {
    while (at < prefix.size() && std::isspace(static_cast<unsigned char>(prefix[at]))) ++at;
    return at;
  };
  i = skip_space(i);
  if (i < prefix.size() && prefix[i] == '{') {
    // The whole first line, as the JSON Lines reader would read it.
    while (prefix.find('\n', i) == std::string::npos && prefix.size() <= kMaxJsonlLineBytes &&
           read_more(in, prefix, 1u << 20)) {
    }
    std::size_t nl = prefix.find('\n', i);
    std::string_view line =
        std::string_view(prefix).substr(i, nl == std::string::npos ? nl : nl - i);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.size() <= kMaxJsonlLineBytes && is_article_json_line(line)) return FileKind::kJsonl;
  } else if (i < prefix.size() && prefix[i] == '[') {
    std::size_t j = skip_space(i + 1);
    if (j < prefix.size() && prefix[j] == '{') return FileKind::kJsonDocument;
  }
  if (json_name) return FileKind::kJsonDocument;
  if (looks_like_html_document(prefix)) return FileKind::kHtml;
  return FileKind::kText;
}

// A stream buffer that reads PREFIX, then the rest of REST.
class PrefixedBuf : public std::streambuf {
 public:
  PrefixedBuf(std::string prefix, std::istream& rest)
      : prefix_(std::move(prefix)), rest_(rest.rdbuf()) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!prefix_.empty()) std::string().swap(prefix_);
    std::streamsize n = rest_->sgetn(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    if (n <= 0) return traits_type::eof();
    setg(buf_.data(), buf_.data(), buf_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string prefix_;
  std::streambuf* rest_;
  std::array<char, 65536> buf_;
};

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
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      issue(InputIssue::Kind::kSkipped, p.string(),
            fmt::format("cannot read: {}", std::strerror(errno)), "unreadable");
      return;
    }
    if (is_jsonl_name(p)) {
      read_jsonl(in, p.string(), abs_path);
      return;
    }
    // What the file holds: by its name, else by its first bytes (read into
    // PREFIX, which is then read again before the rest of the file: a FIFO
    // cannot be rewound).
    std::string prefix;
    FileKind kind = FileKind::kHtml;
    if (!is_html_name(p)) {
      try {
        kind = sniff(in, prefix, lower_ext(p) == ".json");
      } catch (const BadInput& e) {
        issue(InputIssue::Kind::kSkipped, p.string(), e.what(), e.reason());
        return;
      }
    }
    PrefixedBuf buf(std::move(prefix), in);
    std::istream rest(&buf);
    auto recognised = [&](std::string_view as) {
      issue(InputIssue::Kind::kNotice, p.string(),
            fmt::format("reading {} as {} (recognised by content)", p.string(), as), "notice");
    };
    if (kind == FileKind::kJsonl) {
      recognised("JSON Lines");
      read_jsonl(rest, p.string(), abs_path);
      return;
    }
    if (kind == FileKind::kJsonDocument) {
      if (lower_ext(p) != ".json") recognised("JSON");
      read_json(rest, p.string(), abs_path);
      return;
    }
    if (kind == FileKind::kHtml && !is_html_name(p)) recognised("HTML");
    // A text or HTML article is known by its canonical path, so that the
    // same file reached through a link or a relative path is the same
    // article.
    fs::path canonical = fs::weakly_canonical(p, ec);
    if (!ec) abs_path = canonical.string();
    try {
      std::string bytes = read_article_bytes(rest);
      TextArticle t = kind == FileKind::kHtml ? parse_html_article(bytes, p.string())
                                              : parse_text_article(bytes, p.string());
      t.raw_hash = hash_hex(bytes);
      for (InputIssue& n : t.notes) issue(n.kind, n.where, n.message, n.reason);
      t.article.path = abs_path;
      if (t.article.id.empty()) t.article.id = article_id_for(t.article, abs_path);
      article(std::move(t.article), t.raw_hash);
    } catch (const BadInput& e) {
      issue(InputIssue::Kind::kSkipped, p.string(), e.what(), e.reason());
    }
  }

  void read_json(std::istream& in, const std::string& name, const std::string& abs_path) {
    try {
      read_json_document(
          in, name,
          [&](Article&& a, const std::string& raw_hash) {
            a.path = abs_path;
            if (a.id.empty()) a.id = article_id_for(a, "");
            article(std::move(a), raw_hash);
            return true;
          },
          [&](InputIssue&& i) {
            issue(i.kind, i.where, i.message, i.reason);
            return true;
          });
    } catch (const BadInput& e) {
      issue(InputIssue::Kind::kSkipped, name, e.what(), e.reason());
    } catch (const std::ios_base::failure& e) {
      // The parser reads the file's buffer directly: a read error (EIO)
      // arrives as the buffer's exception.
      issue(InputIssue::Kind::kSkipped, name, fmt::format("cannot read: {}", e.code().message()),
            "unreadable");
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
