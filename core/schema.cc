// The field table and its helpers. The prose schema is in schema.h; the
// user-facing description of fields is generated from the `help` column.
#include "core/schema.h"

#include <array>
#include <stdexcept>

#include "core/analysis.h"

namespace whosaid {
namespace {

// name, text prefix, filter prefix, slot, facet, help
// Prefixes follow Omega's conventions: S title, Q id, U url, X... our own.
// Filter values are lowercased, so no ':' separator is needed after them.
const std::array<Field, 11> kFields = {{
    {"title", "S", "", Xapian::BAD_VALUENO, false, "words in the title"},
    {"body", "", "", Xapian::BAD_VALUENO, false, "words in the article body (the default field)"},
    {"quote", "XQ", "", Xapian::BAD_VALUENO, false, "words inside quoted or reported speech"},
    {"speaker", "XS", "XSPEAKER", kSlotSpeakers, true,
     "who said it: speaker:rubio (any speaker with that word) or speaker:\"Marco Rubio\""},
    {"person", "XSP", "XPERSON", kSlotSpeakers, true,
     "a named person who said it: person:rubio, person:\"Marco Rubio\"", "person"},
    {"org", "XSO", "XORG", kSlotSpeakers, true,
     "a named organisation that said it: org:kremlin, org:\"White House\"",
     "organization"},
    {"place", "XP", "XPLACE", kSlotPlaces, true,
     "places mentioned, by any name: place:kyiv, place:kiev, place:baghdad"},
    {"country", std::nullopt, "XCOUNTRY", kSlotCountries, true,
     "country of places mentioned, ISO code or name: country:ua, country:uk"},
    {"source", "XO", "XSOURCE", kSlotSource, true, "publisher: source:reuters"},
    {"year", std::nullopt, "XYEAR", kSlotYear, true, "publication year: year:2025"},
    {"date", std::nullopt, "", kSlotDate, false,
     "publication date or range: date:2025-11-20, date:2025-11, date:2025-11-01..2025-11-30, "
     "date:2025.., date:..2024"},
}};

// Xapian's limit is 245 bytes per term; keep a margin for the prefix.
constexpr std::size_t kMaxTermBytes = 240;

}  // namespace

std::span<const Field> fields() { return kFields; }

const Field* find_field(std::string_view name) {
  for (const Field& f : kFields)
    if (f.name == name) return &f;
  return nullptr;
}

std::string facet_names() {
  std::string out;
  for (const Field& f : kFields) {
    if (!f.facet) continue;
    if (!out.empty()) out += ',';
    out += f.name;
  }
  return out;
}

std::string kind_item(std::string_view value, std::string_view kind) {
  std::string out;
  for (char c : value)
    if (c != '\x1e') out += c;
  if (!kind.empty()) {
    out += '\x1e';
    out += kind;
  }
  return out;
}

std::pair<std::string_view, std::string_view> split_kind_item(std::string_view item) {
  std::size_t sep = item.rfind('\x1e');
  if (sep == std::string_view::npos) return {item, {}};
  return {item.substr(0, sep), item.substr(sep + 1)};
}

std::string encode_list(const std::vector<std::string>& items) {
  std::string out;
  bool first = true;
  for (const std::string& item : items) {
    if (item.empty()) continue;
    if (!first) out += '\x1f';
    first = false;
    for (char c : item)
      if (c != '\x1f') out += c;
  }
  return out;
}

std::vector<std::string> decode_list(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    std::size_t sep = value.find('\x1f');
    std::string_view item = value.substr(0, sep);
    if (!item.empty()) out.emplace_back(item);
    if (sep == std::string_view::npos) break;
    value.remove_prefix(sep + 1);
  }
  return out;
}

static std::string fit_term(std::string term) {
  if (term.size() <= kMaxTermBytes) return term;
  // Cut at a UTF-8 boundary and append a hash of the whole so that distinct
  // long values stay distinct.
  std::string tail = "#" + hash_hex(term);
  std::size_t cut = kMaxTermBytes - tail.size();
  while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
  term.resize(cut);
  return term + tail;
}

std::string filter_term(const Field& field, std::string_view value) {
  if (field.filter_prefix.empty())
    throw std::invalid_argument("field " + std::string(field.name) + " has no exact filter");
  return fit_term(std::string(field.filter_prefix) + fold_value(value));
}

std::string prefixed_term(std::string_view prefix, std::string_view value) {
  return fit_term(std::string(prefix) + std::string(value));
}

std::string id_term(std::string_view id) { return fit_term(std::string(kPrefixId) + std::string(id)); }

}  // namespace whosaid
