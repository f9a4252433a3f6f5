// libFuzzer target: what whosaid-index does with one article short of
// writing it -- extraction (indexer/extract/extract.h), then the article and quote
// documents (indexer/build_document.h) -- on arbitrary text. Besides never
// crashing, it must stay linear in its input (issue 11): tests/fuzz/
// CMakeLists.txt runs it with per-input time and memory limits from big
// generated seeds (bench/article_shapes.h), so a superlinear input fails.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/analysis.h"
#include "core/article.h"
#include "indexer/build_document.h"
#include "indexer/extract/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const whosaid::Extractor extractor{whosaid::AliasTable{}};
  static whosaid::DocumentBuilder builder("english");
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!whosaid::is_valid_utf8(text)) text = whosaid::repair_utf8(text);
  whosaid::Article a;
  a.id = "fuzz";
  std::size_t nl = text.find('\n');
  a.title = text.substr(0, nl);
  a.body = nl == std::string::npos ? std::string() : text.substr(nl + 1);
  a.text = text;
  extractor.extract(a);
  whosaid::BuiltArticle b = builder.build(a);
  if (b.quotes.size() != a.quotes.size() || b.id_term.empty()) std::abort();
  return 0;
}
