// Turning the PATHs given to whosaid-index into articles: files and folders
// walked recursively in a fixed (sorted) order, .jsonl/.ndjson files read as
// JSON Lines, other files as plain-text articles, "-" as JSON Lines on
// standard input. Every problem (a missing path, an unreadable folder, a
// symbolic link loop, a bad article) is reported as an InputIssue naming the
// path, and the walk goes on with the rest.
#pragma once

#include <filesystem>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "core/article.h"
#include "indexer/input_issue.h"

namespace whosaid {

// Where read_inputs delivers what it reads, in input order. Returning false
// stops the walk (read_inputs then returns). Each article comes with the
// hash (hash_hex) of the raw bytes it was read from: the whole file of a
// text article, the line of a JSON Lines article.
struct InputSink {
  std::function<bool(Article&&, const std::string& raw_hash)> article;
  std::function<bool(InputIssue&&)> issue;
};

// Reads PATHS in order; STANDARD_INPUT is read for "-". Each article
// delivered has an id (article_id_for), Article::path (the canonical path of
// a text or HTML file, the absolute path of a JSON Lines or JSON file, "-"
// for standard input) and Article::origin (the path as given, with ":line"
// for JSON Lines, "[N]" for an element of a JSON array). A file read by its
// content rather than its name is announced by a kNotice issue.
// Inside folders, hidden entries (".name"), Xapian databases and files whose
// extension marks them as not articles (images, PDF, archives...) are
// reported as kIgnored. Only errors of the standard input stream or of
// memory escape as exceptions.
void read_inputs(const std::vector<std::string>& paths, std::istream& standard_input,
                 const InputSink& sink);

// The id of an article without one of its own: CANONICAL_PATH (the file's
// std::filesystem::weakly_canonical path) for a plain-text or HTML file, else
// a hash of title and body (JSON Lines or JSON without "id").
std::string article_id_for(const Article& a, const std::string& canonical_path);

// True if a file named NAME (found inside a folder) is skipped by name: an
// image, a PDF, an archive, media, an executable..., or a folder's own
// documentation (README, README.TXT, LICENSE, COPYING...).
bool is_non_article_name(const std::filesystem::path& name);

// True if PATH's extension marks it as JSON Lines (.jsonl, .ndjson).
bool is_jsonl_name(const std::filesystem::path& path);

}  // namespace whosaid
