// libFuzzer target: the JSON Lines reader (indexer/read_jsonl.h) on
// arbitrary bytes, read as a stream as whosaid-index reads a feed. Bad lines
// are skipped with an issue; no input may crash, hang or stop the reader
// before the end of the stream.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "indexer/input_issue.h"
#include "indexer/read_jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  whosaid::JsonlReader reader(in, "fuzz.jsonl");
  std::vector<whosaid::InputIssue> issues;
  std::size_t lines = 0;
  for (const char* p = reinterpret_cast<const char*>(data); p < reinterpret_cast<const char*>(data) + size; ++p)
    if (*p == '\n') ++lines;
  std::size_t articles = 0;
  while (auto a = reader.next(issues)) {
    if (!whosaid::is_valid_utf8(a->title) || !whosaid::is_valid_utf8(a->body)) std::abort();
    ++articles;
  }
  if (articles > lines + 1) std::abort();  // never more articles than lines
  return 0;
}
