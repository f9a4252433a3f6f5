// libFuzzer target: the HTML reader (indexer/read_html.h) on arbitrary bytes,
// as a page and as a JSON document's element (read_json_document). Every
// input gives a page or BadInput, never a crash, a hang or undefined
// behaviour; what is read is valid UTF-8, paragraphs are never empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "core/analysis.h"
#include "indexer/input_issue.h"
#include "indexer/read_html.h"
#include "indexer/read_jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  whosaid::HtmlPage page = whosaid::parse_html(bytes);
  for (const std::string& p : page.paragraphs)
    if (p.empty() || !whosaid::is_valid_utf8(p)) std::abort();
  if (!whosaid::is_valid_utf8(page.title) || !whosaid::is_valid_utf8(page.source) ||
      !whosaid::is_valid_utf8(page.url))
    std::abort();
  try {
    whosaid::TextArticle t = whosaid::parse_html_article(bytes, "fuzz.html");
    if (t.article.title.empty() || !whosaid::is_valid_utf8(t.article.text)) std::abort();
  } catch (const whosaid::BadInput&) {
  }
  // The same bytes as a .json file (an article or an array of them).
  std::istringstream in{std::string(bytes)};
  std::size_t articles = 0;
  whosaid::read_json_document(
      in, "fuzz.json",
      [&](whosaid::Article&& a, const std::string&) {
        if (!whosaid::is_valid_utf8(a.title) || !whosaid::is_valid_utf8(a.body)) std::abort();
        ++articles;
        return true;
      },
      [](whosaid::InputIssue&&) { return true; });
  if (articles > size) std::abort();
  return 0;
}
