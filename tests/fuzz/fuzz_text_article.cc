// libFuzzer target: the plain-text article reader (indexer/read_text.h) on
// arbitrary bytes. Bad input must end in BadInput, never in a crash, a hang
// or undefined behaviour; a parsed article must be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/analysis.h"
#include "indexer/input_issue.h"
#include "indexer/read_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    whosaid::TextArticle t = whosaid::parse_text_article(bytes, "fuzz.txt");
    if (!whosaid::is_valid_utf8(t.article.text) || !whosaid::is_valid_utf8(t.article.title) ||
        !whosaid::is_valid_utf8(t.article.body))
      std::abort();
  } catch (const whosaid::BadInput&) {
  }
  return 0;
}
