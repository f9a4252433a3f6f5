// The schema table (core/schema.cc): rows unique in name, prefix and slot,
// prefixes that cannot shadow each other, the list encoding and the
// filter / id terms.
#include "core/schema.h"

#include <catch2/catch.hpp>
#include <set>

using namespace whosaid;

namespace {

// Every term prefix in use: the fields' text and filter prefixes and the
// non-field prefixes.
std::vector<std::string> all_prefixes() {
  std::vector<std::string> out = {std::string(kPrefixId), std::string(kPrefixType),
                                  std::string(kPrefixArticle), std::string(kPrefixUrl)};
  for (const Field& f : fields()) {
    if (f.text_prefix && !f.text_prefix->empty()) out.emplace_back(*f.text_prefix);
    if (!f.filter_prefix.empty()) out.emplace_back(f.filter_prefix);
  }
  return out;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

TEST_CASE("schema rows are unique in name, prefix and slot", "[schema]") {
  std::set<std::string_view> names;
  std::set<Xapian::valueno> slots;
  for (const Field& f : fields()) {
    INFO("field " << f.name);
    CHECK(names.insert(f.name).second);
    // A field of one kind of speaker (person:, org:) counts its kind's items
    // of the speaker slot; every other field has a slot of its own.
    if (f.slot != Xapian::BAD_VALUENO && f.kind.empty()) CHECK(slots.insert(f.slot).second);
    CHECK(!f.help.empty());
    // A facet needs a slot to count and a filter term to select.
    if (f.facet) {
      CHECK(f.slot != Xapian::BAD_VALUENO);
      CHECK(!f.filter_prefix.empty());
    }
    CHECK(find_field(f.name) == &f);
  }
  std::vector<std::string> prefixes = all_prefixes();
  std::set<std::string> unique(prefixes.begin(), prefixes.end());
  CHECK(unique.size() == prefixes.size());
  // Exactly one field is the unprefixed default (body).
  int unprefixed = 0;
  for (const Field& f : fields()) unprefixed += f.text_prefix && f.text_prefix->empty();
  CHECK(unprefixed == 1);
  CHECK(find_field("nosuchfield") == nullptr);
}

TEST_CASE("prefixes do not shadow each other", "[schema]") {
  // Xapian's convention: a prefix is capitals; the term's own text starts
  // with a non-capital (values are lowercased). So prefix A may begin
  // prefix B only if B continues with a capital: "XS" + "peaker" can never
  // be read as "XSPEAKER" + ... .
  for (const std::string& p : all_prefixes()) {
    INFO("prefix " << p);
    REQUIRE(!p.empty());
    for (char c : p) CHECK(is_upper(c));
    // "Z" marks stemmed terms; no prefix may start with it.
    CHECK(p[0] != 'Z');
  }
  for (const std::string& a : all_prefixes())
    for (const std::string& b : all_prefixes())
      if (a != b && b.starts_with(a)) {
        INFO(a << " begins " << b);
        CHECK(is_upper(b[a.size()]));
      }
}

TEST_CASE("facet_names lists the facet fields", "[schema]") {
  CHECK(facet_names() == "speaker,person,org,place,country,source,year");
}

TEST_CASE("fields of a kind of speaker share the speaker slot", "[schema]") {
  const Field* person = find_field("person");
  const Field* org = find_field("org");
  REQUIRE(person);
  REQUIRE(org);
  CHECK(person->kind == "person");
  CHECK(org->kind == "organization");
  CHECK(person->slot == kSlotSpeakers);
  CHECK(org->slot == kSlotSpeakers);
  CHECK(find_field("speaker")->kind.empty());
  CHECK(filter_term(*org, "the Pentagon") == "XORGthe pentagon");
}

TEST_CASE("kind_item / split_kind_item", "[schema]") {
  CHECK(kind_item("Marco Rubio", "person") == "Marco Rubio\x1eperson");
  CHECK(kind_item("Kyiv", "") == "Kyiv");
  CHECK(kind_item("A\x1e"
                  "B",
                  "organization") == "AB\x1eorganization");
  auto [value, kind] = split_kind_item("Marco Rubio\x1eperson");
  CHECK(value == "Marco Rubio");
  CHECK(kind == "person");
  auto [plain, none] = split_kind_item("Kyiv");
  CHECK(plain == "Kyiv");
  CHECK(none.empty());
  // Through a list, as kSlotSpeakers holds them.
  CHECK(decode_list(encode_list({kind_item("Pentagon", "organization")})) ==
        std::vector<std::string>{"Pentagon\x1eorganization"});
}

TEST_CASE("encode_list / decode_list round trip", "[schema]") {
  std::vector<std::vector<std::string>> cases = {
      {}, {"Marco Rubio"}, {"Marco Rubio", "Kaja Kallas", "Zelensky"}, {"Kyïv", "Київ"}};
  for (const auto& items : cases) CHECK(decode_list(encode_list(items)) == items);
  // Empty items are dropped, separators inside items removed.
  CHECK(decode_list(encode_list({"a", "", "b"})) == std::vector<std::string>{"a", "b"});
  CHECK(decode_list(encode_list({"a\x1f"
                                 "b"})) == std::vector<std::string>{"ab"});
  CHECK(encode_list({}).empty());
  CHECK(decode_list("").empty());
  CHECK(decode_list("\x1f"
                    "a\x1f\x1f"
                    "b\x1f") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("filter_term folds values and fits the term limit", "[schema]") {
  const Field& speaker = *find_field("speaker");
  CHECK(filter_term(speaker, "Marco  RUBIO ") == "XSPEAKERmarco rubio");
  CHECK(filter_term(*find_field("country"), "UA") == "XCOUNTRYua");
  CHECK_THROWS_AS(filter_term(*find_field("title"), "x"), std::invalid_argument);
  std::string long_a(400, 'a'), long_b = long_a + "b";
  std::string ta = filter_term(speaker, long_a), tb = filter_term(speaker, long_b);
  CHECK(ta.size() <= 245);
  CHECK(ta != tb);
  // A long value is cut but keeps its start, and it is folded before it is
  // cut and hashed: the same name in other case gives the same term.
  CHECK(ta.starts_with("XSPEAKER" + long_a.substr(0, 100)));
  CHECK(filter_term(speaker, std::string(400, 'A')) == ta);
  // Cut at a UTF-8 boundary.
  std::string cyr;
  for (int i = 0; i < 200; ++i) cyr += "ї";
  std::string tc = filter_term(speaker, cyr);
  CHECK(tc.size() <= 245);
  CHECK(Xapian::Utf8Iterator(tc) != Xapian::Utf8Iterator());
}

TEST_CASE("id_term", "[schema]") {
  CHECK(id_term("abc") == "Qabc");
  std::string long_id(300, 'x');
  CHECK(id_term(long_id).size() <= 245);
  CHECK(id_term(long_id) != id_term(long_id + "y"));
}
