// The word lists of quote and speaker extraction, kept in one place: cue
// verbs and phrases of reported speech, the nouns that can head a source
// ("official", "spokesman", "sources"), titles and ranks stripped from names,
// organisation words, determiners, pronouns and the small function words
// that bound noun phrases. All lookups take lowercased words and are
// thread-safe (tables are built once, then read only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace whosaid {

// How a cue takes its arguments.
enum class CueType {
  kSay,        // X said (that) CONTENT / CONTENT, X said / CONTENT, said X
  kTell,       // X told SOMEONE (that) CONTENT: an object before the content
  kAccording,  // according to X, CONTENT / CONTENT, according to X
};

struct Cue {
  std::size_t words = 0;  // tokens the cue spans (0: no cue here)
  CueType type = CueType::kSay;
  bool participle = false;  // "saying", "adding": shares the clause's subject
  bool past_participle = false;  // "said", "told": may be passive ("was said to")
  bool base = false;  // "say", "state": also a noun, needs a plural subject or "to"/"will"
  // "concede", "announce", "call for": a verb that also takes a plain object
  // ("conceded defeat", "announced a budget"), which is not speech; after
  // its subject it introduces speech only with "that", a colon or a
  // quotation.
  bool needs_clause = false;
};

// The cue starting at WORDS[0] (lowercased tokens from a position onwards,
// at most a few), or a Cue with words == 0.
Cue match_cue(const std::vector<std::string_view>& words);

// Words of attribution that is not speech: beliefs and feelings
// ("believes", "fears"), plans and wishes ("intends", "wants", "hopes"),
// evidence ("figures show", "the poll found") and seeming ("appears"), in
// every inflection.
bool is_non_speech_cue_word(std::string_view w);

// Nouns that can head an unnamed source or a role: "official", "sources",
// "spokesman", "minister", "poll", "report", "campaign" ...
bool is_source_noun(std::string_view w);
// Plural source nouns ("officials", "sources"), for they/we resolution.
bool is_plural_source_noun(std::string_view w);
// Lowercase modifiers allowed inside a source phrase before its head:
// "senior", "former", "chief", "top", "longtime" ..., and adjectives by
// their ending ("presidential", "Ukrainian" lowercased is not needed).
bool is_source_modifier(std::string_view w);
// Titles and ranks stripped from names: "mr", "gen", "president",
// "minister", "secretary", "sgt", "maj" ...
bool is_title(std::string_view w);
// Capitalized words that make a proper name an organisation: "kremlin",
// "ministry", "house" (White House), "times", "reuters" ...
bool is_org_word(std::string_view w);
bool is_determiner(std::string_view w);
// Personal and relative pronouns that can be sources: he, she, they, we, I,
// you, it, who.
bool is_pronoun(std::string_view w);
// Words skipped between a source and its cue: "also", "has", "recently" ...
bool is_cue_adverb(std::string_view w);
// Negations that cancel an attribution: "not", "never", "n't" ...
bool is_negation(std::string_view w);
// Words that are capitalized only because they start a sentence or are
// not names: "the", "after", "but", "meanwhile", weekdays, months ...
bool is_function_word(std::string_view w);
// Lowercase name particles: de, van, von, der, al, bin ...
bool is_name_particle(std::string_view w);
// Time words that may sit between a cue and its content ("said Monday").
bool is_time_word(std::string_view w);
// Likely female / male first names (for he/she resolution).
bool is_female_name(std::string_view w);
bool is_male_name(std::string_view w);

// Whether FOLDED (lowercase) is a word news writes in lower case
// (data/common_words.txt): capitalised at the start of a sentence, in a
// headline or in capitals ("Looking", "NOTE"), it is that word, not a name.
bool is_common_word(std::string_view folded);

// The census first names and surnames (data/person_names.tsv, compiled in):
// each lower-case name with its kinds, bit 1 a first name ("f"), bit 2 a
// surname ("s"). Read once, for the entity tagger's features and the
// speakers' first-name test alike.
const std::vector<std::pair<std::string_view, std::uint8_t>>& person_names();

}  // namespace whosaid
