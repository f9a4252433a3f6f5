// whosaid-completion-gen: writes the bash and zsh completion scripts of
// whosaid, whosaid-index, whosaid-extract and whosaid-serve
// (packaging/CMakeLists.txt runs it at build time; it is not installed).
// Nothing in the scripts is written by hand: the options come from the
// programs' own CLI11 definitions (setup_cli, setup_index_cli,
// setup_serve_cli; whosaid-extract's from its --help), the field, facet and
// filter names from the schema table (core/schema.cc) as the programs'
// parsers accept them, and the languages from Xapian, so a new option, field
// or facet reaches completion with the next build.
//
//   whosaid-completion-gen bash|zsh WHOSAID-EXTRACT-BINARY OUT
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "core/error.h"
#include "core/schema.h"
#include "indexer/cli.h"
#include "searcher/cli.h"
#include "searcher/search.h"
#include "serve/cli.h"

namespace {

constexpr const char* kProgram = "whosaid-completion-gen";

// What follows an option: nothing (a flag), a value of no known kind, a
// file, or one of a closed list.
enum class Arg { kNone, kValue, kFile, kLanguage, kFacets, kFilter, kChoices };

struct Opt {
  std::vector<std::string> names;  // "-n", "--limit"
  std::string help;                // the first sentence of its description
  Arg arg = Arg::kNone;
  std::vector<std::string> choices;  // kChoices
  bool repeatable = false;
};

struct Program {
  std::string name;
  std::vector<Opt> options;
  bool files = false;  // positional arguments are files
  bool words = false;  // positional arguments are query words (whosaid)
};

std::string program_names(const std::vector<Program>& progs, const char* sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < progs.size(); ++i) {
    if (i) out += i + 1 == progs.size() ? " and " : sep;
    out += progs[i].name;
  }
  return out;
}

// The first clause of an option's description, without its parenthesised
// remarks, for zsh's option list.
std::string first_sentence(const std::string& text) {
  std::string s;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (depth == 0) s += c == '\n' ? ' ' : c;
    if (c == ')' && depth > 0) --depth;
  }
  for (std::size_t at; (at = s.find("  ")) != std::string::npos;) s.erase(at, 1);
  for (std::size_t at; (at = s.find(" ,")) != std::string::npos;) s.erase(at, 1);
  for (const char* stop : {". ", "; ", ": ", " :", ", e.g"}) {
    auto at = s.find(stop);
    if (at != std::string::npos) s.resize(at);
  }
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  return s;
}

// Candidate values of options that take one of a closed list. Only those
// the program's own parser accepts are offered (keep_accepted below), so a
// value a program drops, or an option it does not have, is never offered.
const std::map<std::string, std::vector<std::string>> kChoices = {
    {"--sort", {"relevance", "date"}},
    {"--color", {"auto", "always", "never"}},
    {"--format", {"text", "json", "tsv", "csv", "ids"}},
};

// The options of APP (hidden ones left out), their kind of argument taken
// from the value name or the option name.
std::vector<Opt> options_of(CLI::App& app) {
  std::vector<Opt> out;
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_positional() || o->get_group().empty()) continue;
    Opt opt;
    for (const auto& s : o->get_snames()) opt.names.push_back("-" + s);
    for (const auto& l : o->get_lnames()) opt.names.push_back("--" + l);
    opt.help = first_sentence(o->get_description());
    bool takes_value = o->get_expected_max() > 0;  // a flag expects 0 values
    opt.repeatable = takes_value && o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
    if (takes_value) {
      std::string type = o->get_type_name();
      std::string lname = o->get_lnames().empty() ? "" : "--" + o->get_lnames().front();
      if (lname == "--lang")
        opt.arg = Arg::kLanguage;
      else if (lname == "--facet")
        opt.arg = Arg::kFacets;
      else if (lname == "--filter")
        opt.arg = Arg::kFilter;
      else if (auto c = kChoices.find(lname); c != kChoices.end())
        opt.arg = Arg::kChoices, opt.choices = c->second;
      else if (type == "PATH" || type == "FILE" || type == "DIR")
        opt.arg = Arg::kFile;
      else
        opt.arg = Arg::kValue;
    }
    out.push_back(opt);
  }
  return out;
}

// Keeps of each option's choices those the real parser (SETUP declares the
// options on an App) accepts; an option left with none takes any value.
template <class Setup>
void keep_accepted(std::vector<Opt>& opts, Setup setup) {
  for (Opt& o : opts) {
    if (o.arg != Arg::kChoices) continue;
    std::vector<std::string> accepted;
    for (const std::string& value : o.choices) {
      CLI::App app;
      auto cli = setup(app);
      std::vector<std::string> args = {"x", value, o.names.back()};  // argv reversed
      try {
        app.parse(args);
        accepted.push_back(value);
      } catch (const CLI::ParseError&) {
      }
    }
    o.choices = accepted;
    if (accepted.empty()) o.arg = Arg::kValue;
  }
}

// whosaid-extract declares its options in main(): read them from --help.
std::vector<Opt> options_from_help(const std::string& binary) {
  std::string cmd = "'" + binary + "' --help";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw whosaid::Error("cannot run " + binary + " --help");
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  if (pclose(p) != 0) throw whosaid::Error(binary + " --help failed");
  std::vector<Opt> out;
  // "  -x,--name TYPE   description" or "  --name   description".
  std::regex line(R"(^\s+((?:-[A-Za-z0-9], ?)?--[a-z][a-z0-9-]*)( [A-Z][A-Z=:_]*)?\s+(.*)$)");
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    std::smatch m;
    if (!std::regex_match(l, m, line)) continue;
    Opt opt;
    std::string names = m[1];
    for (std::size_t at = 0; at < names.size();) {
      std::size_t comma = names.find(',', at);
      std::string name = names.substr(at, comma == std::string::npos ? comma : comma - at);
      while (!name.empty() && name.front() == ' ') name.erase(0, 1);
      opt.names.push_back(name);
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    opt.help = first_sentence(m[3]);
    if (m[2].matched)
      opt.arg = std::string(m[2]).find("FILE") != std::string::npos ? Arg::kFile : Arg::kValue;
    out.push_back(opt);
  }
  if (out.empty()) throw whosaid::Error("no options found in " + binary + " --help");
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep = " ") {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

struct Lists {
  std::vector<std::string> fields, facets, filters, languages;
};

Lists schema_lists() {
  Lists l;
  // Exactly the facets --facet accepts: the schema's and the month
  // histogram's, as check_facets() takes them.
  std::vector<std::string> facets;
  for (const whosaid::Field& f : whosaid::fields()) facets.emplace_back(f.name);
  facets.emplace_back(whosaid::kMonthFacet);
  for (const std::string& name : facets) {
    try {
      whosaid::check_facets({name});
      l.facets.push_back(name);
    } catch (const whosaid::UsageError&) {  // not a facet
    }
  }
  for (const whosaid::Field& f : whosaid::fields()) {
    l.fields.emplace_back(f.name);
    // Exactly the fields --filter accepts: ask its parser, with a value of
    // each kind (a field may check its values: year, date, country code).
    for (const char* value : {"2025", "2025-11-20", "ua", "kyiv", "x"}) {
      try {
        whosaid::parse_filter(std::string(f.name) + "=" + value);
        l.filters.emplace_back(f.name);
        break;
      } catch (const std::exception&) {  // UsageError: not this field, or not this value
      }
    }
  }
  std::istringstream langs("none " + whosaid::available_languages());
  for (std::string w; langs >> w;) l.languages.push_back(w);
  return l;
}

// Single-quoted for the shell.
std::string sq(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string bash_script(const std::vector<Program>& progs, const Lists& l) {
  std::string s = fmt::format("# bash completion for {}.\n", program_names(progs));
  s += R"sh(# Generated at build time by whosaid-completion-gen (packaging/completion_gen.cc)
# from the programs' options and the schema table. Do not edit.
)sh";
  s += fmt::format("_whosaid_fields={}\n", sq(join(l.fields)));
  s += fmt::format("_whosaid_facets={}\n", sq(join(l.facets)));
  s += fmt::format("_whosaid_filters={}\n", sq(join(l.filters)));
  s += fmt::format("_whosaid_languages={}\n", sq(join(l.languages)));
  s += R"sh(
# _whosaid_reply PREFIX WORDLIST CUR: the words of WORDLIST starting with CUR,
# each after PREFIX.
_whosaid_reply() {
  local w
  COMPREPLY=()
  for w in $(compgen -W "$2" -- "$3"); do COMPREPLY+=("$1$w"); done
}

# _whosaid_value OPTION CUR PREFIX KIND [CHOICES]: completes the value of OPTION.
_whosaid_value() {
  local cur=$2 pre=$3
  case $4 in
    file)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur")) ;;
    language) _whosaid_reply "$pre" "$_whosaid_languages" "$cur" ;;
    facets)
      # a comma-separated list: complete the last item
      local head=
      [[ $cur == *,* ]] && head=${cur%,*},
      _whosaid_reply "$pre$head" "$_whosaid_facets" "${cur##*,}" ;;
    filter)
      if [[ $cur != *=* ]]; then
        local f filters=
        for f in $_whosaid_filters; do filters+=" $f="; done
        _whosaid_reply "$pre" "$filters" "$cur"
        compopt -o nospace 2>/dev/null
      fi ;;
    choices) _whosaid_reply "$pre" "$5" "$cur" ;;
    *) COMPREPLY=() ;;
  esac
}

# _whosaid_complete PROGRAM: the completion function of every program.
# Handles "--opt VALUE", "--opt=VALUE" whether or not bash split the word at
# '=' (COMP_WORDBREAKS), and query words (field: names) for whosaid.
_whosaid_complete() {
  local prog=${1##*/} cur=${COMP_WORDS[COMP_CWORD]} prev= pre= opt=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  if [[ $cur == --*=* ]]; then
    opt=${cur%%=*} pre=${cur%%=*}= cur=${cur#*=}
  elif [[ $cur == = && $prev == --* ]]; then
    opt=$prev cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[COMP_CWORD-2]} == --* ]]; then
    opt=${COMP_WORDS[COMP_CWORD-2]}
  elif [[ $prev == -* ]]; then
    opt=$prev
  fi
  local kind= choices=
  _whosaid_option_kind "$prog" "$opt"
  if [[ -n $opt && -n $kind && $kind != flag ]]; then
    _whosaid_value "$opt" "$cur" "$pre" "$kind" "$choices"
    return 0
  fi
  if [[ $cur == -* ]]; then
    _whosaid_reply "" "$(_whosaid_options "$prog")" "$cur"
    return 0
  fi
  case $(_whosaid_positional "$prog") in
    words)
      # a query word: field names ("spe" -> "speaker:"); nothing in a value
      # (after "field:" or "FIELD=", split off or not)
      if [[ $cur =~ ^[a-z]*$ && $prev != [:=] ]]; then
        local f words=
        for f in $_whosaid_fields; do words+=" $f:"; done
        _whosaid_reply "" "$words" "$cur"
        compopt -o nospace 2>/dev/null
      fi ;;
    files)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
  return 0
}

)sh";
  // What each program takes besides options: query words, files or nothing.
  s += "# _whosaid_positional PROGRAM: words, files or none.\n_whosaid_positional() {\n  case $1 "
       "in\n";
  for (const Program& p : progs)
    s += fmt::format("    {}) echo {} ;;\n", p.name,
                     p.words   ? "words"
                     : p.files ? "files"
                               : "none");
  s += "  esac\n}\n\n";
  // The option tables.
  s += "# _whosaid_options PROGRAM: its options.\n_whosaid_options() {\n  case $1 in\n";
  for (const Program& p : progs) {
    std::vector<std::string> names;
    for (const Opt& o : p.options)
      for (const auto& n : o.names) names.push_back(n);
    s += fmt::format("    {}) echo {} ;;\n", p.name, sq(join(names)));
  }
  s += "  esac\n}\n\n";
  s += "# _whosaid_option_kind PROGRAM OPTION: sets kind (the caller's local) to\n"
       "# flag, value, file, language, facets, filter or choices (and choices to\n"
       "# the list); leaves it empty for an unknown option.\n"
       "_whosaid_option_kind() {\n  case $1 in\n";
  for (const Program& p : progs) {
    s += fmt::format("    {})\n      case $2 in\n", p.name);
    for (const Opt& o : p.options) {
      std::string kind;
      switch (o.arg) {
        case Arg::kNone:
          kind = "kind=flag";
          break;
        case Arg::kValue:
          kind = "kind=value";
          break;
        case Arg::kFile:
          kind = "kind=file";
          break;
        case Arg::kLanguage:
          kind = "kind=language";
          break;
        case Arg::kFacets:
          kind = "kind=facets";
          break;
        case Arg::kFilter:
          kind = "kind=filter";
          break;
        case Arg::kChoices:
          kind = "kind=choices choices=" + sq(join(o.choices));
          break;
      }
      s += fmt::format("        {}) {} ;;\n", join(o.names, "|"), kind);
    }
    s += "      esac ;;\n";
  }
  s += "  esac\n}\n\n";
  for (const Program& p : progs) s += fmt::format("complete -F _whosaid_complete {}\n", p.name);
  return s;
}

// zsh quoting for an _arguments spec: inside single quotes, with [ ] : and
// backslash escaped for _arguments.
std::string zdesc(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
      continue;
    }
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string zsh_script(const std::vector<Program>& progs, const Lists& l) {
  std::string s = "#compdef";
  for (const Program& p : progs) s += " " + p.name;
  s += fmt::format("\n# zsh completion for {}.\n", program_names(progs));
  s += R"sh(# Generated at build time by whosaid-completion-gen (packaging/completion_gen.cc)
# from the programs' options and the schema table. Do not edit.

)sh";
  s += fmt::format("_whosaid_fields=({})\n", join(l.fields));
  s += fmt::format("_whosaid_facets=({})\n", join(l.facets));
  s += fmt::format("_whosaid_filters=({})\n", join(l.filters));
  s += fmt::format("_whosaid_languages=({})\n", join(l.languages));
  s += R"sh(
# A query word of whosaid: the field names ("spe" -> "speaker:").
_whosaid_query_word() {
  [[ $PREFIX == *:* ]] && return 1
  compadd -S '' -- ${^_whosaid_fields}:
}
_whosaid_facet_list() { _values -s , 'facet' $_whosaid_facets }
_whosaid_filter() {
  [[ $PREFIX == *=* ]] && return 1
  compadd -S '' -- ${^_whosaid_filters}=
}
_whosaid_language() { compadd -- $_whosaid_languages }

)sh";
  for (const Program& p : progs) {
    std::string fn = "_whosaid_prog_" + std::regex_replace(p.name, std::regex("-"), "_");
    s += fmt::format("{}() {{\n  _arguments -s -S \\\n", fn);
    for (const Opt& o : p.options) {
      std::string action;
      switch (o.arg) {
        case Arg::kNone:
          break;
        case Arg::kValue:
          action = ":value: ";
          break;
        case Arg::kFile:
          action = ":file:_files";
          break;
        case Arg::kLanguage:
          action = ":language:_whosaid_language";
          break;
        case Arg::kFacets:
          action = ":facets:_whosaid_facet_list";
          break;
        case Arg::kFilter:
          action = ":FIELD=VALUE:_whosaid_filter";
          break;
        case Arg::kChoices:
          action = ":value:(" + join(o.choices) + ")";
          break;
      }
      std::string help = "[" + zdesc(o.help) + "]";
      std::string star = o.repeatable ? "*" : "";
      bool takes = o.arg != Arg::kNone;
      if (o.names.size() == 1) {
        std::string n = o.names[0] + (takes && o.names[0].starts_with("--") ? "=" : "");
        s += fmt::format("    '{}{}{}{}' \\\n", star, n, help, action);
      } else {
        std::vector<std::string> ns;
        for (const auto& n : o.names) ns.push_back(n + (takes && n.starts_with("--") ? "=" : ""));
        std::string excl = star.empty() ? "'(" + join(o.names) + ")'" : "";
        s += fmt::format("    {}{}{{{}}}'{}{}' \\\n", excl, star.empty() ? "" : "'*'",
                         join(ns, ","), help, action);
      }
    }
    if (p.words)
      s += "    '*:query word:_whosaid_query_word'\n";
    else if (p.files)
      s += "    '*:file:_files'\n";
    else
      s.replace(s.size() - 3, 3, "\n");  // no positional arguments: the last option ends it
    s += "}\n\n";
  }
  s += "case $service in\n";
  for (const Program& p : progs)
    s += fmt::format("  {}) _whosaid_prog_{} \"$@\" ;;\n", p.name,
                     std::regex_replace(p.name, std::regex("-"), "_"));
  s += "esac\n";
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc != 4 || (std::string(argv[1]) != "bash" && std::string(argv[1]) != "zsh")) {
      std::cerr << "usage: " << kProgram << " bash|zsh WHOSAID-EXTRACT-BINARY OUT\n";
      return 2;
    }
    std::vector<Program> progs;
    {
      CLI::App app;
      whosaid::CliOptions o;
      whosaid::setup_cli(app, o);
      auto opts = options_of(app);
      keep_accepted(opts, [](CLI::App& a) {
        auto o = std::make_shared<whosaid::CliOptions>();
        whosaid::setup_cli(a, *o);
        return o;
      });
      progs.push_back({"whosaid", opts, false, true});
    }
    {
      CLI::App app;
      whosaid::IndexCli o;
      whosaid::setup_index_cli(app, o);
      auto opts = options_of(app);
      keep_accepted(opts, [](CLI::App& a) {
        auto o = std::make_shared<whosaid::IndexCli>();
        whosaid::setup_index_cli(a, *o);
        return o;
      });
      progs.push_back({"whosaid-index", opts, true});
    }
    progs.push_back({"whosaid-extract", options_from_help(argv[2]), true});
    {
      CLI::App app;
      whosaid::serve::ServeOptions o;
      whosaid::serve::setup_serve_cli(app, o);
      auto opts = options_of(app);
      keep_accepted(opts, [](CLI::App& a) {
        auto o = std::make_shared<whosaid::serve::ServeOptions>();
        whosaid::serve::setup_serve_cli(a, *o);
        return o;
      });
      progs.push_back({"whosaid-serve", opts, false});
    }
    Lists lists = schema_lists();
    std::string text =
        std::string(argv[1]) == "bash" ? bash_script(progs, lists) : zsh_script(progs, lists);
    std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw whosaid::Error(std::string("cannot write ") + argv[3]);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << kProgram << ": " << e.what() << "\n";
    return 1;
  }
}
