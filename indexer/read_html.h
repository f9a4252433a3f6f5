// HTML articles, read with libxml2's HTML parser (the parser browsers'
// error recovery is modelled on; never regular expressions): a saved news
// page (.html, .htm, or a file that starts like an HTML document) or an HTML
// body inside JSON Lines. What is taken from the page:
//   title   og:title, else <title>, else JSON-LD "headline", else the first
//           <h1> of the article; a " - Site" / " | Site" suffix (or "Site | "
//           prefix) is removed only when it is the page's site name or the
//           rest is the article's <h1>
//   date    article:published_time, else the article's <time datetime=...>
//           (its text when it has no datetime), else JSON-LD
//           "datePublished", else a date <meta> (date, pubdate, DC.date...)
//   source  og:site_name, else JSON-LD publisher.name
//   url     og:url, else <link rel="canonical">
//   body    the paragraphs of the article's content: the itemprop=articleBody
//           element, else the <article> with the most paragraph text, else
//           <main>; every block element (p, h1-h6, li, blockquote, div with
//           text...) gives one paragraph. Page furniture is left out: nav,
//           header, footer, aside, script, style, noscript, form, figure and
//           figcaption, iframes, hidden elements, ARIA landmarks other than
//           main, and elements whose class or id names an ad, comments,
//           sharing, a newsletter or related links. A document
//           (looks_like_html_document) without such an element gives the
//           <p>, <h1>-<h6>, <blockquote> and <pre> of its body (all its text
//           blocks when it has none of those); a fragment all its text
//           blocks, a blank line in its text ending a paragraph too.
// Entities are decoded, white space is collapsed within a paragraph, and the
// page's declared charset is honoured (<meta charset>, http-equiv). Bytes
// that are valid UTF-8 are read as UTF-8 whatever the declaration says; a
// page that is neither UTF-8 nor declared is read as Windows-1252.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/read_text.h"

namespace whosaid {

struct HtmlPage {
  std::string title;
  std::string date;      // "YYYY-MM-DD", or "" when none was found or readable
  std::string bad_date;  // a date found that parse_date() cannot read, else ""
  std::string source;
  std::string url;
  std::vector<std::string> paragraphs;  // in page order, each trimmed, never empty
  // The bytes were not UTF-8 and declared no charset: read as Windows-1252.
  bool encoding_guessed = false;

  // The paragraphs joined by "\n\n", as Article::body.
  std::string body() const;
};

// Parses BYTES (a whole page or a fragment) with libxml2's HTML parser, in
// recovery mode: any input gives a page, possibly empty. Thread-safe.
HtmlPage parse_html(std::string_view bytes);

// True if BYTES starts (after a byte-order mark, white space and comments)
// like an HTML document: "<!DOCTYPE html" or "<html", in any case.
bool looks_like_html_document(std::string_view bytes);

// True if TEXT holds HTML markup worth parsing: a tag of a common element
// (p, br, div, span, a, em, strong, b, i, h1-h6, ul, ol, li, blockquote,
// article, section, html, body, figure, table...) opening or closing, in any
// case, or a doctype. Plain text mentioning "a < b" is not.
bool looks_like_html_fragment(std::string_view text);

// True if PATH's extension marks it as an HTML page (.html, .htm, .xhtml,
// .shtml).
bool is_html_name(const std::filesystem::path& path);

// The article of the HTML page BYTES: title, body, date, source and url as
// parse_html finds them; Article::text is the title, a blank line and the
// body (what extraction spans refer to). A page without a title takes its
// first paragraph as title. Notes: an encoding guessed (kRepaired), an
// unreadable date (kNote). Throws BadInput("no text") when the page holds no
// text. WHERE becomes Article::origin and Article::path; raw_hash is left
// empty.
TextArticle parse_html_article(std::string_view bytes, const std::string& where);

}  // namespace whosaid
