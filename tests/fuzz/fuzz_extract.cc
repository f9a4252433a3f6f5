// libFuzzer target: quote, speaker and place extraction (indexer/extract/extract.h)
// on arbitrary text, as the indexer calls it (after the UTF-8 repair the
// readers do). Every span must lie inside the text and be ordered.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/analysis.h"
#include "core/article.h"
#include "indexer/extract/extract.h"

namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const whosaid::Extractor extractor{whosaid::AliasTable{}};
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!whosaid::is_valid_utf8(text)) text = whosaid::repair_utf8(text);
  whosaid::Article a;
  a.id = "fuzz";
  a.title = "fuzz";
  a.body = text;
  a.text = text;
  extractor.extract(a);
  const std::size_t n = code_points(text);
  for (const whosaid::Quote& q : a.quotes) {
    if (q.start > q.end || q.end > n) std::abort();
    if (q.speaker.start > q.speaker.end || q.speaker.end > n) std::abort();
    if (!whosaid::is_valid_utf8(q.text) || !whosaid::is_valid_utf8(q.speaker.name)) std::abort();
  }
  for (const whosaid::PlaceMention& p : a.place_mentions)
    if (p.start > p.end || p.end > n) std::abort();
  return 0;
}
