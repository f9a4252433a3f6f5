// whosaid-article-shapes SHAPE BYTES [FILE]: writes a synthetic plain-text
// article of about BYTES bytes in SHAPE (bench/article_shapes.h) to FILE or
// standard output; --list prints the shapes. Used by bench/article_size.sh
// and for the big seeds of tests/fuzz.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "article_shapes.h"

int main(int argc, char** argv) {
  using whosaid::bench::article_shapes;
  using whosaid::bench::make_article;
  std::string a1 = argc > 1 ? argv[1] : "";
  if (argc == 2 && a1 == "--list") {
    for (auto s : article_shapes()) std::printf("%.*s\n", static_cast<int>(s.size()), s.data());
    return 0;
  }
  if ((argc != 3 && argc != 4) || a1 == "--help" || a1 == "-h") {
    std::fprintf(stderr, "usage: whosaid-article-shapes SHAPE BYTES [FILE] | --list\n");
    return argc == 2 && (a1 == "--help" || a1 == "-h") ? 0 : 2;
  }
  char* end = nullptr;
  unsigned long long bytes = std::strtoull(argv[2], &end, 10);
  if (!end || *end != '\0' || bytes == 0) {
    std::fprintf(stderr, "whosaid-article-shapes: BYTES must be a positive number, not '%s'\n",
                 argv[2]);
    return 2;
  }
  try {
    std::string text = make_article(a1, bytes);
    if (argc == 4) {
      std::ofstream out(argv[3], std::ios::binary);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      if (!out.flush()) {
        std::fprintf(stderr, "whosaid-article-shapes: cannot write %s\n", argv[3]);
        return 1;
      }
    } else {
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "whosaid-article-shapes: %s (--list shows them)\n", e.what());
    return 2;
  }
  return 0;
}
