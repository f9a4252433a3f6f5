// Terminal conventions: colour, width, wrapping.
#include "core/terminal.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace whosaid {
namespace {

bool env_is(const char* name, std::string_view value) {
  const char* v = std::getenv(name);
  return v && value == v;
}

// Length of the escape sequence at the start of S ("\x1b[...X"), or 0.
std::size_t escape_len(std::string_view s) {
  if (s.size() < 2 || s[0] != '\x1b' || s[1] != '[') return 0;
  for (std::size_t i = 2; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x40 && c <= 0x7e) return i + 1;
  }
  return s.size();
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    std::size_t at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

}  // namespace

bool dumb_terminal() { return env_is("TERM", "dumb"); }

bool no_color_env() {
  const char* v = std::getenv("NO_COLOR");
  return v && *v;
}

bool color_wanted(std::string_view mode, bool is_tty) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return is_tty && !no_color_env() && !dumb_terminal();
}

std::size_t output_width(int fd) {
  winsize ws{};
  if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(c, &end, 10);
    if (end != c && *end == '\0' && n >= 20 && n <= 10000) return static_cast<std::size_t>(n);
  }
  return kDefaultWidth;
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t e = escape_len(s.substr(i))) {
      i += e;
      continue;
    }
    if (!is_continuation(s[i])) ++w;
    ++i;
  }
  return w;
}

std::string wrap_text(std::string_view text, std::size_t width, std::size_t first_indent,
                      std::size_t rest_indent) {
  if (width == 0) return std::string(text);
  std::string out;
  std::string indent(rest_indent, ' ');
  bool first_line = true;
  for (std::string_view line : split(text, '\n')) {
    std::size_t col = first_indent;
    if (!first_line) {
      out += '\n';
      out += indent;
      col = rest_indent;
    }
    first_line = false;
    bool line_empty = true;
    for (std::string_view word : split(line, ' ')) {
      if (word.empty()) continue;
      std::size_t w = display_width(word);
      if (!line_empty && col + 1 + w > width) {
        out += '\n';
        out += indent;
        col = rest_indent;
        line_empty = true;
      }
      if (!line_empty) {
        out += ' ';
        ++col;
      }
      out += word;
      col += w;
      line_empty = false;
    }
  }
  return out;
}

std::string cut_text(std::string_view s, std::size_t width) {
  if (width == 0 || display_width(s) <= width) return std::string(s);
  std::string out;
  std::size_t w = 0;
  bool escapes = false;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t e = escape_len(s.substr(i))) {
      out.append(s.substr(i, e));
      escapes = true;
      i += e;
      continue;
    }
    if (!is_continuation(s[i])) {
      if (w + 1 >= width) break;  // room for the "…"
      ++w;
    }
    out += s[i++];
  }
  out += "\u2026";
  if (escapes) out += "\x1b[0m";
  return out;
}

std::string fit_list(const std::vector<std::string>& items, std::size_t width) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string next = out.empty() ? items[i] : out + ", " + items[i];
    std::size_t left = items.size() - i - 1;
    // What must still fit after this item: "… +N more" unless it is the last.
    std::string more = left ? fmt::format(", \u2026 +{} more", left) : std::string();
    if (width == 0 || display_width(next) + display_width(more) <= width) {
      out = std::move(next);
      continue;
    }
    std::string rest = fmt::format("\u2026 +{} more", items.size() - i);
    if (out.empty()) {  // not even the first item fits: cut it
      std::string tail = left ? fmt::format(" +{} more", left) : std::string();
      std::size_t room = width > display_width(tail) ? width - display_width(tail) : 1;
      return cut_text(items[i], room) + tail;
    }
    return out + ", " + rest;
  }
  return out;
}

}  // namespace whosaid
