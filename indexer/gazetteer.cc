// Gazetteer loading (data/*.tsv) and the tokenizer shared by names and text.
// See gazetteer.h.
#include "indexer/gazetteer.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/error.h"

namespace whosaid {
namespace {

// Decodes one UTF-8 sequence at S[I]; returns the code point and advances I.
// An invalid byte decodes as U+FFFD and advances by one.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) { ++i; return b; }
  int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size() || (len == 4 && b > 0xF4)) { ++i; return 0xFFFD; }
  char32_t cp = b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ASCII base letters of U+00C0..U+017F ('*' = not a letter, '1' = "ae",
// '2' = "th", '3' = "ss", '4' = "ij", '5' = "oe").
constexpr std::string_view kLatinFold =
    "aaaaaa1ceeeeiiiidnooooo*ouuuuy23aaaaaa1ceeeeiiiidnooooo*ouuuuy2y"   // C0-FF
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkklllllll"   // 100-13F
    "lllnnnnnnnnnoooooo55rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";  // 140-17F
static_assert(kLatinFold.size() == 0x180 - 0xC0);

struct CharInfo {
  bool letter = false, upper = false;
};

// Classifies CP and appends its folded form to OUT (letters and digits).
CharInfo fold_char(char32_t cp, std::string& out) {
  CharInfo ci;
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      ci = {true, true};
      out += static_cast<char>(cp + 32);
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      ci.letter = true;
      out += static_cast<char>(cp);
    }
    return ci;
  }
  if (cp >= 0xC0 && cp <= 0x17F) {
    char f = kLatinFold[cp - 0xC0];
    if (f == '*') return ci;
    ci.letter = true;
    if (cp < 0xDF) ci.upper = true;
    else if (cp >= 0x100 && cp <= 0x137) ci.upper = cp % 2 == 0;
    else if (cp >= 0x139 && cp <= 0x148) ci.upper = cp % 2 == 1;
    else if (cp >= 0x14A && cp <= 0x177) ci.upper = cp % 2 == 0;
    else if (cp == 0x178) ci.upper = true;
    else if (cp >= 0x179 && cp <= 0x17E) ci.upper = cp % 2 == 1;
    switch (f) {
      case '1': out += "ae"; break;
      case '2': out += "th"; break;
      case '3': out += "ss"; break;
      case '4': out += "ij"; break;
      case '5': out += "oe"; break;
      default: out += f;
    }
    return ci;
  }
  if (cp >= 0x218 && cp <= 0x21B) {  // Romanian comma-below S and T
    ci = {true, cp % 2 == 0};
    out += cp < 0x21A ? 's' : 't';
    return ci;
  }
  // Greek and Cyrillic: simple case mapping.
  if (cp >= 0x391 && cp <= 0x3A9) { append_utf8(out, cp + 32); return {true, true}; }
  if (cp >= 0x410 && cp <= 0x42F) { append_utf8(out, cp + 32); return {true, true}; }
  if (cp >= 0x400 && cp <= 0x40F) { append_utf8(out, cp + 80); return {true, true}; }
  if ((cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x430 && cp <= 0x52F)) {
    append_utf8(out, cp);
    return {true, false};
  }
  // Other scripts' letters (CJK, Arabic, ...): kept as they are, caseless.
  bool space_or_punct = (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
                        cp == 0xA0 || cp == 0xFEFF || cp == 0xFFFD || (cp >= 0x80 && cp < 0xC0);
  if (space_or_punct) return ci;
  append_utf8(out, cp);
  ci.letter = true;
  return ci;
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

char punct_of(char32_t cp) {
  if (cp < 0x80) return static_cast<char>(cp);
  switch (cp) {
    case 0x2018: case 0x2019: case 0x02BC: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB: return '"';
    case 0x2010: case 0x2011: return '-';
    case 0x2013: case 0x2014: return '~';  // dashes between phrases, not in names
    default: return '?';
  }
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (true) {
    std::size_t e = s.find(sep, b);
    out.push_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

// Calls F(line_number, fields) for each non-empty, non-comment line.
template <class F>
void for_each_row(std::string_view tsv, F&& f) {
  std::size_t line_no = 0;
  for (std::string_view line : split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    f(line_no, split(line, '\t'));
  }
}

// True if KEY is made of compass points and generic region words only
// ("North-West", "Centre", "Nord"): such subdivision names are everyday words.
bool generic(std::string_view key) {
  static constexpr std::string_view kGeneric[] = {
      "north", "south", "east", "west", "northern", "southern", "eastern", "western", "centre",
      "center", "central", "nord", "sud", "est", "ouest", "capital", "coast", "coastal",
      "littoral", "plateau", "plateaux", "islands", "island", "region", "upper", "lower",
      "-", "and", "of", "the"};
  for (std::string_view w : split(key, ' '))
    if (std::find(std::begin(kGeneric), std::end(kGeneric), w) == std::end(kGeneric)) return false;
  return true;
}

}  // namespace

void tokenize(std::string_view s, std::vector<PlaceToken>& tokens, std::string& folded) {
  tokens.clear();
  folded.clear();
  std::size_t i = 0, cp = 0;
  int newlines = 0;
  PlaceToken* word = nullptr;  // the word being extended
  while (i < s.size()) {
    std::size_t b = i;
    char32_t c = decode(s, i);
    if (is_space(c)) {
      if (c == '\n') ++newlines;
      word = nullptr;
      ++cp;
      continue;
    }
    std::size_t fold_before = folded.size();
    CharInfo ci = fold_char(c, folded);
    if (ci.letter) {
      if (!word) {
        PlaceToken t;
        t.byte_start = b;
        t.cp_start = cp;
        t.fold_start = static_cast<std::uint32_t>(fold_before);
        t.word = true;
        t.upper_initial = ci.upper;
        t.newlines_before = newlines;
        newlines = 0;
        tokens.push_back(t);
        word = &tokens.back();
      }
      word->byte_end = i;
      word->cp_end = cp + 1;
      word->fold_len = static_cast<std::uint32_t>(folded.size() - word->fold_start);
      bool digit = c >= '0' && c <= '9';
      if (!digit) word->has_letter = true;
      if (!ci.upper && !digit && c != 0xDF) word->has_lower = word->has_lower || ci.letter;
    } else {
      folded.resize(fold_before);
      word = nullptr;
      PlaceToken t;
      t.byte_start = b;
      t.byte_end = i;
      t.cp_start = cp;
      t.cp_end = cp + 1;
      t.fold_start = static_cast<std::uint32_t>(folded.size());
      t.punct = punct_of(c);
      folded += t.punct;
      t.fold_len = 1;
      t.newlines_before = newlines;
      newlines = 0;
      tokens.push_back(t);
    }
    ++cp;
  }
}

std::string name_key(std::string_view name) {
  std::vector<PlaceToken> tokens;
  std::string folded;
  tokenize(name, tokens, folded);
  std::string key;
  for (const PlaceToken& t : tokens) {
    if (!key.empty()) key += ' ';
    key.append(folded, t.fold_start, t.fold_len);
  }
  return key;
}

void Gazetteer::add_name(std::string_view name, NameReading reading) {
  std::string key = name_key(name);
  if (key.empty()) return;
  auto add = [&](const std::string& k) {
    auto& readings = names_[k];
    for (NameReading& r : readings) {
      if (r.place == reading.place) {
        r.preferred = r.preferred || reading.preferred;
        r.caps_only = r.caps_only && reading.caps_only;
        return;
      }
    }
    readings.push_back(reading);
    max_name_tokens_ = std::max<std::size_t>(
        max_name_tokens_, std::count(k.begin(), k.end(), ' ') + 1);
  };
  add(key);
  // Common spelling variants: "Guinea Bissau" for "Guinea-Bissau", "St" and
  // "St." for "Saint".
  if (key.find(" - ") != std::string::npos) {
    std::string v = key;
    for (std::size_t p; (p = v.find(" - ")) != std::string::npos;) v.replace(p, 3, " ");
    add(v);
  }
  if (key.rfind("saint ", 0) == 0) {
    add("st " + key.substr(6));
    add("st . " + key.substr(6));
  }
}

Gazetteer::Gazetteer(std::string_view places_tsv, std::string_view aliases_tsv,
                     std::string_view demonyms_tsv, std::string_view stoplist_tsv) {
  auto bad = [](const char* file, std::size_t line, std::string_view why) {
    return Error(fmt::format("malformed gazetteer data: data/{} line {}: {}", file, line, why));
  };

  // Name classes first: they apply to every reading of a name.
  std::unordered_map<std::string, NameClass> classes;
  for_each_row(stoplist_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 2) throw bad("place_stoplist.tsv", line, "expected name<TAB>class");
    NameClass c = f[1] == "word" ? NameClass::kWord
                  : f[1] == "person" ? NameClass::kPerson
                  : f[1] == "never" ? NameClass::kNever
                                    : throw bad("place_stoplist.tsv", line, "unknown class");
    classes[name_key(f[0])] = c;
  });
  auto class_of = [&](const std::string& key, NameClass dflt) {
    auto it = classes.find(key);
    return it == classes.end() ? dflt : it->second;
  };

  // Places. By (folded name, country) for alias targets.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name;
  by_name.reserve(64 * 1024);
  names_.reserve(64 * 1024);
  std::unordered_map<std::string, bool> subdivisions;
  struct Pending { std::uint32_t place; std::string name; bool word; };
  std::vector<Pending> names;
  std::vector<std::string> city_admin;
  for_each_row(places_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 6) throw bad("places.tsv", line, "expected 6 or 7 columns");
    Place p;
    p.name = std::string(f[1]);
    p.country = std::string(f[2]);
    if (f[0] == "country") p.kind = PlaceKind::kCountry;
    else if (f[0] == "subdivision") p.kind = PlaceKind::kSubdivision;
    else if (f[0] == "city") p.kind = PlaceKind::kCity;
    else throw bad("places.tsv", line, "unknown kind");
    if (p.kind == PlaceKind::kSubdivision) {
      p.admin = std::string(f[3]);
      subdivisions[p.admin] = true;
    }
    if (!f[4].empty()) {
      auto [ptr, ec] = std::from_chars(f[4].data(), f[4].data() + f[4].size(), p.population);
      if (ec != std::errc()) throw bad("places.tsv", line, "bad population");
    }
    auto index = static_cast<std::uint32_t>(places_.size());
    bool word = f.size() > 6 && f[6].find('w') != std::string_view::npos &&
                p.kind != PlaceKind::kCountry;
    names.push_back({index, p.name, word});
    if (!f[5].empty())
      for (std::string_view alt : split(f[5], '|')) names.push_back({index, std::string(alt), word});
    city_admin.push_back(p.kind == PlaceKind::kCity ? p.country + "-" + std::string(f[3]) : "");
    if (p.kind == PlaceKind::kCountry) countries_[p.country] = index;
    places_.push_back(std::move(p));
  });
  for (std::size_t i = 0; i < places_.size(); ++i)
    if (!city_admin[i].empty() && subdivisions.count(city_admin[i])) places_[i].admin = city_admin[i];
  for (const Pending& n : names) {
    std::string key = name_key(n.name);
    // Names of one or two letters (Fiji's Ba) are mostly abbreviations;
    // only aliases written in capitals (US, UK) may be that short.
    if (key.size() < 3) continue;
    by_name[key + "\t" + places_[n.place].country].push_back(n.place);
    NameReading r;
    r.place = n.place;
    r.name_class = class_of(key, n.word ? NameClass::kWord : NameClass::kPlain);
    if (places_[n.place].kind == PlaceKind::kSubdivision && generic(key))
      r.name_class = NameClass::kNever;
    add_name(n.name, r);
  }

  // Aliases: a new name for a known place, or a new region.
  for_each_row(aliases_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 2 || f[0].empty() || f[1].empty())
      throw bad("place_aliases.tsv", line, "expected alias<TAB>target<TAB>country");
    std::string country = f.size() > 2 ? std::string(f[2]) : "";
    std::string_view flags = f.size() > 3 ? f[3] : "";
    auto it = by_name.find(name_key(f[1]) + "\t" + country);
    std::uint32_t index;
    if (it != by_name.end()) {
      // The country, else the subdivision, else the largest city.
      auto rank = [&](std::uint32_t i) {
        const Place& p = places_[i];
        return std::pair(p.kind == PlaceKind::kCountry ? 3 : p.kind == PlaceKind::kSubdivision ? 2 : 1,
                         p.population);
      };
      index = *std::max_element(it->second.begin(), it->second.end(),
                                [&](auto a, auto b) { return rank(a) < rank(b); });
    } else {
      Place p;
      p.name = std::string(f[1]);
      p.country = country;
      p.kind = PlaceKind::kRegion;
      index = static_cast<std::uint32_t>(places_.size());
      places_.push_back(std::move(p));
      by_name[name_key(f[1]) + "\t" + country].push_back(index);
    }
    if (flags.find("display") != std::string_view::npos) places_[index].name = std::string(f[0]);
    NameReading r;
    r.place = index;
    std::string key = name_key(f[0]);
    r.name_class = class_of(key, NameClass::kPlain);
    r.preferred = flags.find("prefer") != std::string_view::npos;
    r.caps_only = std::none_of(f[0].begin(), f[0].end(), [](char c) { return c >= 'a' && c <= 'z'; });
    add_name(f[0], r);
  });

  for_each_row(demonyms_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 2 || f[1].size() != 2) throw bad("demonyms.tsv", line, "expected word<TAB>code");
    demonyms_[name_key(f[0])] = std::string(f[1]);
  });
  // A demonym is never a place name ("Georgian" is no town here).
  for (const auto& [key, code] : demonyms_) names_.erase(key);
}

const std::vector<NameReading>* Gazetteer::find(std::string_view key) const {
  auto it = names_.find(key);
  return it == names_.end() ? nullptr : &it->second;
}

const std::string& Gazetteer::country_name(std::string_view code) const {
  static const std::string kNone;
  auto it = countries_.find(code);
  return it == countries_.end() ? kNone : places_[it->second].name;
}

const std::string& Gazetteer::demonym_country(std::string_view key) const {
  static const std::string kNone;
  auto it = demonyms_.find(key);
  return it == demonyms_.end() ? kNone : it->second;
}

Gazetteer Gazetteer::make_embedded() {
  return Gazetteer(detail::kPlacesTsv, detail::kPlaceAliasesTsv, detail::kDemonymsTsv,
                   detail::kPlaceStoplistTsv);
}

}  // namespace whosaid
