// Speakers of quotations: what a source noun phrase names (a person with a
// role and titles kept apart from the name, an organisation, an unnamed
// source, a pronoun), resolution within an article (a surname or a pronoun
// to the full name given nearby, "that official" to "a Ukrainian official")
// and one canonical value per person across articles through an alias table
// (spelling and transliteration variants: Zelensky / Zelenskyy / Zelenskiy).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/article.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"

namespace whosaid {

// What a source noun phrase names.
struct SourceAnalysis {
  std::string kind;   // "person", "organization", "unnamed" or "pronoun"
  TokenRange name;    // the naming tokens (the name; the whole phrase when unnamed)
  std::string text;   // the text of NAME
  std::string role;   // "US Secretary of State"; may be empty
  // The organisation of "X, of Y" / "X, an analyst at Y": Y; may be empty.
  std::string organization;
  std::string head;   // lowercased head word ("official", "rubio", "he")
  bool titled = false;            // a title or honorific right before the name ("Mr Brown")
  bool role_after_comma = false;  // an appositive: "X, ROLE" or "ROLE, X"
  bool plural = false;
  bool definite = false;  // unnamed and "the/that/this ...": refers back
  int gender = 0;         // 1 male, 2 female, 0 unknown
};

// Analyses the source noun phrase NP of TT: "US Secretary of State Marco
// Rubio" -> person "Marco Rubio", role "US Secretary of State"; "the EU's
// chief diplomat, Kaja Kallas" -> person "Kaja Kallas", role "EU's chief
// diplomat"; "the Kremlin" -> organization; "a Ukrainian official" ->
// unnamed. Titles and ranks (Col, Gen, Mr, Dr, ...) are never in the name.
SourceAnalysis analyse_source(const TokenizedText& tt, TokenRange np);

// Canonical names across articles. The default table is compiled in; users
// add lines from a file. Format, one person or organisation per line:
//   canonical<TAB>alias<TAB>alias...   ('#' starts a comment line)
// Matching ignores case, diacritics, dots and common transliteration
// endings (-yy/-iy/-yi, -ei/-ey), so "Zelenskyy" and "Zelenskiy" need no
// line of their own once "Volodymyr Zelensky" is listed.
class AliasTable {
 public:
  // The compiled-in table only.
  AliasTable();

  // Adds the lines of TEXT; WHERE names it in errors. Throws Error for a
  // line without a canonical name.
  void add_tsv(std::string_view text, const std::string& where);
  // Adds the file at PATH. Throws Error if it cannot be read.
  void add_file(const std::string& path);

  // The canonical name of NAME, or "" if the table does not know it.
  std::string canonical(std::string_view name) const;
  // The canonical name of a surname-only mention when exactly one listed
  // person has that surname, or "".
  std::string canonical_surname(std::string_view surname) const;

  // True if CANONICAL is an organisation of the compiled-in table
  // ("Conservatives", "Liberal Democrats").
  bool is_organization(std::string_view canonical) const;

  // The matching key of NAME (see above).
  static std::string key(std::string_view name);

 private:
  std::unordered_set<std::string> organizations_;
  std::unordered_map<std::string, std::string> map_;
  std::unordered_map<std::string, std::string> surnames_;  // "" = ambiguous
};

// A speaker whose confidence (SpeakerMention::confidence: the source
// rule's times the resolution step's, see speakers.cc) is below this is
// left unknown: a pronoun resolved to a person merely named before (0.65
// of a sure rule) still counts, a pronoun resolved through a chain of
// continued quotations or a role guessed from a description after a
// continued quotation does not.
constexpr double kMinSpeakerConfidence = 0.5;

// The speaker of each attribution of ATTRS (same order), resolved within
// the article, with the rule that decided it and a confidence. PLACES
// (code-point spans) mark names that are places, which as speakers stand
// for their government ("Moscow said"): organisations. ENTITIES (text
// order) are the named entities of the text: a named person speaker must
// be a PER entity (or titled, or in ALIASES), an organisation an ORG entity
// (or a known institution); other names are left unknown. Null: no entity
// information, every name is taken as what the phrase looks like.
std::vector<SpeakerMention> resolve_speakers(const TokenizedText& tt,
                                             const std::vector<Attribution>& attrs,
                                             const AliasTable& aliases,
                                             const std::vector<PlaceMention>& places,
                                             const std::vector<EntityMention>* entities);

}  // namespace whosaid
