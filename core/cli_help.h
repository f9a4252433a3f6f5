// The --help layout shared by every program: CLI11's, with option
// descriptions wrapped at 80 columns under their column (the help is also
// the source of the man pages, so it does not depend on the terminal), and
// parse errors turned into messages that name the program and the way out.
// Header-only: only programs that link CLI11 include it.
#pragma once

#include <CLI/CLI.hpp>
#include <regex>
#include <string>

#include "core/terminal.h"

namespace whosaid {

inline constexpr std::size_t kHelpWidth = 80;

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(28); }

  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
    std::string desc = make_option_desc(opt);
    std::size_t col = get_column_width();
    std::string out = name;
    if (desc.empty()) return out + "\n";
    if (display_width(name) + 1 > col) {
      out += '\n';
      out += std::string(col, ' ');
    } else {
      out += std::string(col - display_width(name), ' ');
    }
    return out + wrap_text(desc, kHelpWidth, col, col) + "\n";
  }

  // "[QUERY...]" rather than CLI11's "QUERY TEXT ...": no type names.
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_positional()) return opt->get_expected_max() > 1 ? " ..." : "";
    std::string out;
    if (opt->get_type_size() != 0 && !opt->get_type_name().empty())
      out += " " + opt->get_type_name();
    if (opt->get_type_size() != 0 &&
        opt->get_expected_max() == CLI::detail::expected_max_vector_size)
      out += " ...";
    return out;
  }

  std::string make_description(const CLI::App* app) const override {
    std::string desc = app->get_description();
    return desc.empty() ? std::string() : wrap_text(desc, kHelpWidth, 0, 0) + "\n";
  }
};

// A CLI11 parse error as a sentence (CLI11's own text, with the phrases
// that name no program or option made plain).
inline std::string parse_error_message(const CLI::ParseError& e) {
  std::string msg = e.what();
  std::smatch m;
  // "--article: 1 required ID missing" -> "--article needs a value (ID)"
  if (std::regex_match(msg, m, std::regex("(-[^:]+): [0-9]+ required (.*) missing")))
    return m[1].str() + " needs a value (" + m[2].str() + ")";
  // "Could not convert: --jobs = abc" -> "--jobs: 'abc' is not a valid value"
  if (std::regex_match(msg, m, std::regex("Could not convert: (-\\S+) = (.*)")))
    return m[1].str() + ": '" + m[2].str() + "' is not a valid value";
  // "FILE is required" -> "FILE is required: give at least one"
  if (msg.ends_with(" is required")) msg += " (give at least one)";
  return msg;
}

}  // namespace whosaid
