// What the programs print to a terminal: whether to use colour (--color,
// NO_COLOR, TERM=dumb), how wide the output may be (the terminal's width,
// else $COLUMNS, else 80), and the text helpers that keep lines within it
// (word wrapping, lists cut with "… +N more"). Widths count code points,
// not bytes, and skip ANSI escape sequences.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid {

// The width used when there is no terminal and no $COLUMNS.
inline constexpr std::size_t kDefaultWidth = 80;

// True when $TERM is "dumb": no colour and no control sequences (such as
// the indexer's "\r\033[K" progress line).
bool dumb_terminal();

// True when $NO_COLOR is set to a non-empty value (https://no-color.org).
bool no_color_env();

// Whether to use colour: MODE "always" (yes, whatever the environment),
// "never", or "auto": IS_TTY, $NO_COLOR unset or empty, and $TERM not dumb.
bool color_wanted(std::string_view mode, bool is_tty);

// The width of the terminal on FD (ioctl TIOCGWINSZ), else $COLUMNS when it
// is a number from 20 to 10000, else kDefaultWidth.
std::size_t output_width(int fd);

// Columns S takes: its code points, ANSI escape sequences ("\x1b[...m")
// left out.
std::size_t display_width(std::string_view s);

// TEXT wrapped at spaces into lines of at most WIDTH columns (a word longer
// than a line stays whole on its own line). The first line starts after
// FIRST_INDENT columns already printed (nothing is added for them); the
// others start with REST_INDENT spaces. Newlines in TEXT start a new line.
// No trailing newline. WIDTH 0: TEXT unchanged.
std::string wrap_text(std::string_view text, std::size_t width, std::size_t first_indent,
                      std::size_t rest_indent);

// ITEMS joined by ", " in at most WIDTH columns: as many as fit, then
// "… +N more" for the others (at least the first item is shown, cut with
// "…" if it alone is too long). WIDTH 0: all of them.
std::string fit_list(const std::vector<std::string>& items, std::size_t width);

// S cut to at most WIDTH columns, ending with "…" when cut (escape
// sequences are kept whole).
std::string cut_text(std::string_view s, std::size_t width);

}  // namespace whosaid
