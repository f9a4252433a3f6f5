// Colour, width and wrapping (core/terminal.h).
#include "core/terminal.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <string>

using namespace whosaid;

namespace {

// Sets (or, with nullptr, unsets) an environment variable for one scope.
class Env {
 public:
  Env(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old, had_ = true;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~Env() {
    if (had_)
      setenv(name_, old_.c_str(), 1);
    else
      unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

// Every line of S has at most WIDTH columns.
bool fits(const std::string& s, std::size_t width) {
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    if (display_width(std::string_view(s).substr(start, nl - start)) > width) return false;
    start = nl + 1;
  }
  return true;
}

}  // namespace

TEST_CASE("color_wanted: --color, NO_COLOR and TERM=dumb", "[terminal]") {
  Env term("TERM", "xterm");
  {
    Env nc("NO_COLOR", nullptr);
    CHECK(color_wanted("auto", true));
    CHECK_FALSE(color_wanted("auto", false));
    CHECK_FALSE(color_wanted("never", true));
    CHECK(color_wanted("always", false));
  }
  {
    Env nc("NO_COLOR", "1");
    CHECK_FALSE(color_wanted("auto", true));
    CHECK(color_wanted("always", true));  // an explicit --color always wins
  }
  {
    Env nc("NO_COLOR", "");  // empty: as if unset (no-color.org)
    CHECK(color_wanted("auto", true));
  }
  {
    Env nc("NO_COLOR", nullptr);
    Env dumb("TERM", "dumb");
    CHECK(dumb_terminal());
    CHECK_FALSE(color_wanted("auto", true));
  }
}

TEST_CASE("output_width: COLUMNS when not a terminal, else 80", "[terminal]") {
  int fd = fileno(tmpfile());  // not a terminal
  {
    Env c("COLUMNS", "132");
    CHECK(output_width(fd) == 132);
  }
  {
    Env c("COLUMNS", "abc");
    CHECK(output_width(fd) == kDefaultWidth);
  }
  {
    Env c("COLUMNS", "5");  // too narrow to be meant
    CHECK(output_width(fd) == kDefaultWidth);
  }
  {
    Env c("COLUMNS", nullptr);
    CHECK(output_width(fd) == kDefaultWidth);
  }
}

TEST_CASE("display_width: code points, escapes left out", "[terminal]") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("Inês «x»") == 8);
  CHECK(display_width("\x1b[1mbold\x1b[0m") == 4);
}

TEST_CASE("wrap_text: at spaces, within the width, indented", "[terminal]") {
  CHECK(wrap_text("one two three four", 9, 0, 2) == "one two\n  three\n  four");
  CHECK(wrap_text("one two", 0, 0, 0) == "one two");  // 0: unchanged
  // The first line continues a line already holding 5 columns.
  CHECK(wrap_text("aaa bbb ccc", 12, 5, 5) == "aaa bbb\n     ccc");
  // A word longer than the width stays whole on its own line.
  CHECK(wrap_text("a verylongword b", 6, 0, 0) == "a\nverylongword\nb");
  // Newlines start a new (indented) line.
  CHECK(wrap_text("a\nb", 80, 0, 3) == "a\n   b");
  // Escapes do not count.
  CHECK(wrap_text("\x1b[1mone\x1b[0m two", 7, 0, 0) == "\x1b[1mone\x1b[0m two");
  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += "word" + std::to_string(i) + " ";
  std::string wrapped = wrap_text(long_text, 40, 3, 3);
  CHECK(fits("   " + wrapped, 40));
  CHECK(wrapped.find("word199") != std::string::npos);
}

TEST_CASE("fit_list: as many as fit, then … +N more", "[terminal]") {
  std::vector<std::string> items = {"Kyiv", "Moscow", "Washington", "Ankara", "Miami"};
  CHECK(fit_list(items, 0) == "Kyiv, Moscow, Washington, Ankara, Miami");
  CHECK(fit_list(items, 100) == "Kyiv, Moscow, Washington, Ankara, Miami");
  CHECK(fit_list(items, 30) == "Kyiv, Moscow, \u2026 +3 more");
  CHECK(display_width(fit_list(items, 30)) <= 30);
  // Not even the first fits: it is cut.
  std::string one = fit_list({"A very long place name indeed", "B"}, 16);
  CHECK(display_width(one) <= 16);
  CHECK(one.ends_with("\u2026 +1 more"));
  for (std::size_t w = 12; w < 60; ++w) CHECK(display_width(fit_list(items, w)) <= w);
}

TEST_CASE("cut_text: cut with …, never inside a character", "[terminal]") {
  CHECK(cut_text("short", 10) == "short");
  CHECK(cut_text("abcdefghij", 5) == "abcd\u2026");
  CHECK(cut_text("ééééé", 3) == "éé\u2026");
}
