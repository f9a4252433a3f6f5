// Options and help of whosaid-index.
#include "indexer/cli.h"

#include "core/analysis.h"
#include "core/cli_help.h"
#include "core/database.h"
#include "core/error.h"

namespace whosaid {

namespace {

// CLI::PositiveNumber's message prints the range up to DBL_MAX: say it simply.
const CLI::Validator kPositive(
    [](std::string& value) -> std::string {
      bool digits = !value.empty() && value.size() <= 9 &&
                    value.find_first_not_of("0123456789") == std::string::npos;
      if (digits && std::stoul(value) > 0) return {};
      return "must be a whole number from 1 to 999999999, not '" + value + "'";
    },
    "");

}  // namespace

void setup_index_cli(CLI::App& app, IndexCli& o) {
  app.description(
      "whosaid-index: index news articles for whosaid, the search engine of who said what, "
      "where.\nRe-indexing an article replaces it (articles are known by their id); articles "
      "whose content did not change are not rewritten.");
  app.name("whosaid-index");
  app.formatter(std::make_shared<HelpFormatter>());
  o.index.db_path = default_db_path();

  app.add_option("PATH", o.index.inputs,
                 "An article file (text, HTML, JSON Lines or JSON: see below), a folder (read "
                 "recursively; hidden files, images, PDFs and archives are left out), or - for "
                 "JSON Lines on standard input")
      ->type_name("");
  app.add_option("--db", o.index.db_path,
                 "The index to create or update (default $WHOSAID_DB, else "
                 "$XDG_DATA_HOME/whosaid/db or ~/.local/share/whosaid/db): a new path, an empty "
                 "folder or an index whosaid-index wrote. Anything else (a file, a folder holding "
                 "other files, a folder of the inputs) is refused with nothing changed; "
                 "whosaid-index only ever removes files it wrote")
      ->type_name("PATH");
  app.add_option("--lang", o.index.language,
                 "Stemming language, recorded in a new index (default: the index's, english for a "
                 "new one). One of: none " +
                     available_languages())
      ->type_name("LANG");
  app.add_option("--delete", o.index.delete_ids,
                 "Remove the articles with these ids (and their quotes) before indexing; a text "
                 "article's id is its file path. Takes every following argument: put PATHs "
                 "first, or end the ids with --")
      ->type_name("ID");
  app.add_option("--shards", o.shards,
                 "Create the index at --db as N shards, written in parallel: DB/shard0 .. "
                 "DB/shard<N-1> and a stub file DB/XAPIANDB that whosaid and Xapian's tools "
                 "open as one database. Articles go to the shard their id hashes to. Later runs "
                 "on DB keep its shards (no --shards needed)")
      ->check(CLI::Range(1, 256).description(""))
      ->type_name("N");
  app.add_option(
         "--batch-size", o.index.batch_size,
         "Commit every N written articles (default " + std::to_string(o.index.batch_size) + ")")
      ->check(kPositive)
      ->type_name("N");
  app.add_option("-j,--jobs", o.index.jobs,
                 "Threads extracting and building documents (default: one per core beyond the "
                 "writer's)")
      ->type_name("N");
  app.add_option("--writers", o.index.writers,
                 "Writer threads when creating a new index: each writes part of the articles and "
                 "the parts are merged by the final compaction (default: one per core, at most "
                 "4; 1 = one writer). An existing index is updated by one writer")
      ->check(CLI::Range(1, 64).description(""))
      ->type_name("N");
  app.add_flag(
      "--no-extract", [&o](std::int64_t) { o.index.extract = false; },
      "Do not look for quotes, speakers and places (index the text and the given "
      "fields only)");
  app.add_flag(
      "--compact", [&o](std::int64_t) { o.index.compact = IndexOptions::Compact::kAlways; },
      "Compact the index at the end of the run whatever was written (by default it is compacted "
      "when the run wrote at least a tenth of its documents: a new index, a big load). "
      "Compaction makes the index about half the size and is atomic: the index is whole at "
      "every moment and searches go on meanwhile");
  app.add_flag(
      "--no-compact", [&o](std::int64_t) { o.index.compact = IndexOptions::Compact::kNever; },
      "Never compact at the end of the run");
  app.add_flag("-q,--quiet", o.quiet, "No progress line and no summary (warnings are still shown)");
  app.add_flag("--json,--json-summary", o.json,
               "Print the summary as JSON on standard output (counts, skip reasons, seconds); "
               "an error is then also printed there as {\"version\":1,\"error\":{\"code\","
               "\"message\"}}");
  app.add_option("--commit-log", o.commit_log,
                 "After each commit, append one JSON line to FILE: {\"commit\":N,\"articles\":"
                 "[ids],\"deleted\":[ids]}, the articles indexed (new, replaced or unchanged) and "
                 "removed since the previous commit. A line is written only once its commit is on "
                 "disk: after a crash, every article listed is in the index")
      ->type_name("FILE");
  app.set_version_flag("--version", std::string("whosaid-index ") + WHOSAID_VERSION + " (Xapian " +
                                        Xapian::version_string() + ")");

  app.footer(R"(Text articles: an optional header block of "Key: value" lines (Date, Source,
URL, Id, Title) ended by a blank line; then the title line; then the body, one
paragraph per line or per blank-line-separated block. Invalid UTF-8 is read as
Latin-1 (with a warning). Empty and binary files are skipped.

JSON Lines: one object per line with "title" and/or "body", and optionally "id"
(string or number), "date" (2025-11-20 or another common form), "source",
"url", "speakers", "places", "countries" (arrays of strings). A bad line is
reported as FILE:LINE and skipped; the other lines are indexed. A file of any
name (split pieces, .json, .txt) whose first line is such an object is read as
JSON Lines, with a notice: reading FILE as JSON Lines (recognised by content)
(hidden by --quiet).

JSON (.json, or a file starting with "[{"): one article object, or an array of
them, read as a stream; element N is named FILE[N] (from 0) in warnings.

HTML (.html, .htm, or a file starting with "<!DOCTYPE html" or "<html"), read
with libxml2's HTML parser: title from og:title or <title> (else the
article's <h1>), date from article:published_time, <time> or JSON-LD, source
from og:site_name, url from og:url or the canonical link, and the body from
the paragraphs of <article> (or <main>, else the page's <p>s), without
navigation, header, footer, asides, scripts, forms, figures, ads or comments.
Entities are decoded; the declared charset is honoured. In JSON Lines and
JSON, an "html" field, or a "body" holding HTML, is read the same way.

Limits: a text or HTML file, a JSON line or an element of a JSON array larger
than 16 MiB is not an article (it is skipped without being held in memory);
JSON nested deeper than 64 levels is refused.

Article ids: the "id" field; else the file's canonical path; else (JSON Lines
or JSON without id) a hash of title and body.

Re-indexing and interrupted runs: an article whose id is in the index and whose
input (file or line) has not changed is skipped before extraction, so running
the same command again after an interruption only does what is left. Every
--batch-size articles are committed: a killed run keeps what it committed.

Examples:
  whosaid-index ~/news                    index every article under ~/news
  whosaid-index --db ./news.db a.txt feed.jsonl
  producer | whosaid-index -              JSON Lines from a pipe
  whosaid-index --delete 42 ~/news/old.txt
  whosaid-index --json --quiet ~/news     machine-readable summary

Exit status: 0 when every input was indexed; 3 when the run finished but some
input was skipped (a missing path, a bad file or line, an unknown --delete id:
each is named in a warning and counted in the summary, everything else is
indexed and committed); 1 on an error (such as "index is locked": nothing
more was indexed); 2 on a usage error.)");
}

void check_index_cli(const IndexCli& o) {
  if (o.index.inputs.empty() && o.index.delete_ids.empty())
    throw UsageError(
        "nothing to do: give a PATH to index (- for standard input) or --delete ID "
        "(see --help)");
}

}  // namespace whosaid
