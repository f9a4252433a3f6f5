// The word lists of quote and speaker extraction (see lexicon/lexicon.h).
// Cue verbs are listed once by their base form; their inflections are made
// here. Source nouns and cues were chosen from the attribution guidelines
// and general news usage (the most frequent cue and source-head words of
// the PolNeAR training split are all present), not from any one text.
#include "indexer/extract/lexicon/lexicon.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace whosaid {

namespace detail {
// data/common_words.txt as compiled in (core/embed_data.cmake).
extern const std::string_view kCommonWordsTsv;
// data/person_names.tsv as compiled in (core/embed_data.cmake).
extern const std::string_view kPersonNamesTsv;
}  // namespace detail

// Words news writes in lower case (data/common_words.txt, built by
// scripts/make_common_words.py), folded: a capitalised one at the start of a
// sentence or in a headline is that word, not a name ("Looking", "Several",
// "Based", "Currently").
bool is_common_word(std::string_view folded) {
  static const std::unordered_set<std::string_view> words = [] {
    std::unordered_set<std::string_view> w;
    std::string_view text = detail::kCommonWordsTsv;
    for (std::size_t b = 0; b < text.size();) {
      std::size_t e = text.find('\n', b);
      if (e == std::string_view::npos) e = text.size();
      std::string_view line = text.substr(b, e - b);
      if (!line.empty() && line.front() != '#') w.insert(line);
      b = e + 1;
    }
    return w;
  }();
  return words.count(folded) > 0;
}

const std::vector<std::pair<std::string_view, std::uint8_t>>& person_names() {
  static const std::vector<std::pair<std::string_view, std::uint8_t>> names = [] {
    std::vector<std::pair<std::string_view, std::uint8_t>> out;
    std::string_view text = detail::kPersonNamesTsv;
    for (std::size_t b = 0; b < text.size();) {
      std::size_t e = std::min(text.find('\n', b), text.size());
      std::string_view line = text.substr(b, e - b);
      b = e + 1;
      std::size_t tab = line.find('\t');
      if (line.empty() || line.front() == '#' || tab == std::string_view::npos) continue;
      std::string_view kinds = line.substr(tab + 1);
      out.emplace_back(line.substr(0, tab),
                       static_cast<std::uint8_t>((kinds.find('f') != std::string_view::npos) |
                                                 (kinds.find('s') != std::string_view::npos) << 1));
    }
    return out;
  }();
  return names;
}


namespace {

using WordSet = std::unordered_set<std::string_view>;

// Verbs of saying (and of written or posted statements) that introduce
// reported speech. Base forms; regular inflections are derived.
constexpr const char* kSayVerbs[] = {
    "say", "state", "add", "warn", "argue", "insist", "note", "claim", "announce", "confirm",
    "mention", "explain", "write", "tweet", "downplay", "report", "suggest", "acknowledge",
    "declare", "assert", "stress", "emphasize", "emphasise", "admit", "concede", "deny",
    "predict", "promise", "pledge", "vow", "recall", "reply", "respond", "answer", "conclude",
    "reveal", "indicate", "estimate", "testify", "complain", "caution", "contend", "observe",
    "quip", "joke", "remark", "reiterate", "underscore", "hint", "allege", "disclose", "counter",
    "retort", "boast", "lament", "muse", "propose", "invoke", "exclaim", "recount", "affirm",
    "speculate", "charge", "post", "blog", "email", "signal",
    "acknowledge", "maintain", "urge", "accuse", "dismiss",
    "reject", "welcome", "criticize", "criticise", "praise", "describe", "cite",
    "highlight", "tout", "brag", "acknowledge", "clarify", "elaborate", "specify", "assure",
    "call", "ask",
};
// Beliefs, plans and evidence ("believe", "think", "figures show") are left
// out on purpose: they are not speech.

// The verbs of kSayVerbs whose plain object is no speech: a narrative
// ("conceded defeat", "claimed victory", "recalled the ambassador") or a
// post ("posted a photo"). After their subject they introduce speech only
// with a clause (Cue::needs_clause); speech acts with an object
// ("criticized the plan", "announced a budget", "cited his remarks") are
// speech and need none.
constexpr const char* kNeedsClauseVerbs[] = {
    "concede", "claim",  "post",   "blog",   "email",    "signal",  "invoke",
    "reveal",  "maintain", "recall", "charge", "estimate", "answer", "conclude",
    "report",  "disclose", "indicate", "observe",
};

// Verbs whose object (the person addressed) comes before the content.
constexpr const char* kTellVerbs[] = {"tell", "ask", "assure", "inform", "remind", "brief",
                                      "warn", "urge", "promise"};

// Irregular forms: base -> s-form, past, participle, -ing.
struct Irregular {
  const char* base;
  const char* forms[4];
};
constexpr Irregular kIrregular[] = {
    {"say", {"says", "said", "said", "saying"}},
    {"tell", {"tells", "told", "told", "telling"}},
    {"write", {"writes", "wrote", "written", "writing"}},
    {"think", {"thinks", "thought", "thought", "thinking"}},
    {"testify", {"testifies", "testified", "testified", "testifying"}},
    {"reply", {"replies", "replied", "replied", "replying"}},
    {"deny", {"denies", "denied", "denied", "denying"}},
    {"specify", {"specifies", "specified", "specified", "specifying"}},
    {"clarify", {"clarifies", "clarified", "clarified", "clarifying"}},
    {"quip", {"quips", "quipped", "quipped", "quipping"}},
    {"brag", {"brags", "bragged", "bragged", "bragging"}},
    {"admit", {"admits", "admitted", "admitted", "admitting"}},
    {"signal", {"signals", "signaled", "signalled", "signaling"}},
    {"downplay", {"downplays", "downplayed", "downplayed", "downplaying"}},
    {"affirm", {"affirms", "affirmed", "affirmed", "affirming"}},
};

// Phrasal and multi-word cues (lowercased, space separated) with their type.
struct Phrase {
  const char* words;
  CueType type;
};
constexpr Phrase kPhrases[] = {
    {"according to", CueType::kAccording},
    {"ruled out", CueType::kSay},     {"rules out", CueType::kSay},
    {"ruling out", CueType::kSay},    {"rule out", CueType::kSay},
    {"pointed out", CueType::kSay},   {"points out", CueType::kSay},
    {"pointing out", CueType::kSay},  {"played down", CueType::kSay},
    {"plays down", CueType::kSay},    {"spelled out", CueType::kSay},
    {"went on to say", CueType::kSay}, {"made clear", CueType::kSay},
    {"made it clear", CueType::kSay}, {"makes clear", CueType::kSay},
    {"makes it clear", CueType::kSay},
    {"called for", CueType::kSay},    {"calls for", CueType::kSay},
    {"calling for", CueType::kSay},   {"called on", CueType::kSay},
    {"referring to", CueType::kSay},  {"talked about", CueType::kSay},
};

// Looked up by string_view: no key is built on the heap per lookup.
struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using CueMap = std::unordered_map<std::string, Cue, ViewHash, std::equal_to<>>;

struct CueTable {
  CueMap single;
  CueMap phrases;  // "w1 w2 ..." -> cue
  WordSet phrase_starts;  // first words of the phrases
  std::size_t longest = 1;
};

void add_forms(CueTable& t, const std::string& base, CueType type) {
  std::string s, past, ing;
  const Irregular* irr = nullptr;
  for (const auto& i : kIrregular)
    if (base == i.base) irr = &i;
  std::string f[5];
  if (irr) {
    f[0] = base;
    for (int k = 0; k < 4; ++k) f[k + 1] = irr->forms[k];
  } else {
    bool e = base.back() == 'e';
    bool y = base.back() == 'y' && base.size() > 2 &&
             std::string_view("aeiou").find(base[base.size() - 2]) == std::string_view::npos;
    bool sib = base.ends_with("s") || base.ends_with("sh") || base.ends_with("ch") ||
               base.ends_with("x") || base.ends_with("z");
    f[0] = base;
    f[1] = y ? base.substr(0, base.size() - 1) + "ies" : sib ? base + "es" : base + "s";
    f[2] = y ? base.substr(0, base.size() - 1) + "ied" : e ? base + "d" : base + "ed";
    f[3] = f[2];
    f[4] = e && base != "see" ? base.substr(0, base.size() - 1) + "ing" : base + "ing";
  }
  bool needs_clause = false;
  for (const char* v : kNeedsClauseVerbs)
    if (base == v) needs_clause = true;
  for (int k = 0; k < 5; ++k) {
    Cue c;
    c.words = 1;
    c.type = type;
    c.needs_clause = needs_clause;
    c.participle = k == 4;
    c.past_participle = k == 3;
    c.base = k == 0;
    auto it = t.single.find(f[k]);
    if (it != t.single.end() && type != CueType::kTell) continue;  // keep the first type
    t.single[f[k]] = c;
  }
}

const CueTable& cue_table() {
  static const CueTable table = [] {
    CueTable t;
    for (const char* v : kSayVerbs) add_forms(t, v, CueType::kSay);
    for (const char* v : kTellVerbs) add_forms(t, v, CueType::kTell);
    for (const auto& p : kPhrases) {
      Cue c;
      std::string w = p.words;
      c.words = 1;
      for (char ch : w)
        if (ch == ' ') ++c.words;
      c.type = p.type;
      c.participle = w.find("ing ") != std::string::npos;
      c.past_participle = false;
      c.base = w.starts_with("rule ");
      c.needs_clause = w == "talked about" || w == "referring to";
      t.phrases[w] = c;
      t.phrase_starts.insert(std::string_view(p.words).substr(0, w.find(' ')));
      if (c.words > t.longest) t.longest = c.words;
    }
    return t;
  }();
  return table;
}

bool in(const WordSet& s, std::string_view w) { return s.count(w) > 0; }

}  // namespace

Cue match_cue(const std::vector<std::string_view>& words) {
  const CueTable& t = cue_table();
  if (words.empty()) return {};
  std::size_t n = std::min(words.size(), t.longest);
  if (n >= 2 && t.phrase_starts.count(words[0])) {
    thread_local std::string key;
    for (std::size_t len = n; len >= 2; --len) {
      key.clear();
      for (std::size_t i = 0; i < len; ++i) {
        if (i) key += ' ';
        key += words[i];
      }
      auto it = t.phrases.find(std::string_view(key));
      if (it != t.phrases.end()) return it->second;
    }
  }
  auto it = t.single.find(words[0]);
  if (it != t.single.end()) return it->second;
  return {};
}

bool is_non_speech_cue_word(std::string_view w) {
  static const WordSet k = [] {
    WordSet set;
    static const char* const kForms[] = {
        "believe", "believes", "believed", "believing", "think", "thinks", "thought",
        "thinking", "feel", "feels", "felt", "feeling", "fear", "fears", "feared", "fearing",
        "hope", "hopes", "hoped", "hoping", "want", "wants", "wanted", "wanting", "wish",
        "wishes", "wished", "intend", "intends", "intended", "intending", "plan", "plans",
        "planned", "planning", "expect", "expects", "expected", "expecting", "know", "knows",
        "knew", "known", "seem", "seems", "seemed", "appear", "appears", "appeared",
        "show", "shows", "showed", "shown", "showing", "find", "finds", "found", "finding",
        "worry", "worries", "worried", "doubt", "doubts", "doubted", "suspect", "suspects",
        "suspected", "assume", "assumes", "assumed", "consider", "considers", "considered",
        "see", "sees", "saw", "seen", "view", "views", "viewed", "prefer", "prefers",
        "preferred", "decide", "decides", "decided", "understand", "understands",
        "understood", "realize", "realizes", "realized", "realise", "realises", "realised",
        "support", "supports", "supported", "supporting", "aim", "aims", "aimed", "seek", "seeks", "sought", "try", "tries", "tried", "trying",
        "win", "won", "wins", "vote", "votes", "voted", "voting"};
    for (const char* f : kForms) set.insert(f);
    return set;
  }();
  return in(k, w);
}

bool is_source_noun(std::string_view w) {
  static const WordSet k = {
      "official", "officials", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
      "spokesmen", "spokeswomen", "source", "sources", "campaign", "poll", "polls", "voters",
      "voter", "candidates", "candidate", "leaders", "leader", "supporters", "supporter",
      "administration", "president", "senator", "senators", "experts", "expert", "group",
      "groups", "aides", "aide", "allies", "ally", "report", "reports", "people", "governor",
      "team", "advisers", "adviser", "advisor", "advisors", "nominee", "company", "judge",
      "party", "director", "members", "member", "survey", "surveys", "office", "manager",
      "strategist", "strategists", "media", "lawmakers", "lawmaker", "advocates", "narrator",
      "board", "government", "agency", "scientists", "scientist", "statement", "reporter",
      "reporters", "analysts", "analyst", "executives", "executive", "critics", "critic",
      "activists", "activist", "organization", "organisation", "website", "insiders",
      "insider", "donors", "delegates", "court", "police", "newspaper", "pollster",
      "pollsters", "politicians", "politician", "opponents", "opponent", "prosecutors",
      "prosecutor", "chairman", "chairwoman", "chair", "committee", "officer", "officers",
      "authorities", "letter", "staff", "camp", "study", "researchers", "researcher",
      "economists", "economist", "unions", "union", "observers", "lawyers", "lawyer",
      "attorney", "attorneys", "minister", "ministers", "ministry", "workers", "commentator",
      "editorial", "diplomat", "diplomats", "mayor", "department", "panel", "employee",
      "employees", "operatives", "operative", "secretary", "host", "journalist",
      "journalists", "investigators", "consultant", "residents", "resident", "witnesses",
      "witness", "protesters", "professor", "legislator", "legislators", "envoy", "ambassador",
      "general", "commander", "commanders", "military", "army", "regulator", "regulators",
      "watchdog", "firm", "cabinet", "council", "parliament", "congressman", "congresswoman",
      "representative", "negotiator", "negotiators", "mediator", "doctor", "doctors",
      "documents", "records", "filings", "memo", "complaint", "lawsuit", "indictment",
      "analysis", "estimates", "findings", "historian", "person", "man", "woman", "men",
      "women", "father", "mother", "wife", "husband", "son", "daughter", "brother", "sister",
      "friend", "friends", "neighbor", "neighbour", "colleague", "colleagues", "chief",
      "head", "founder", "ceo", "president-elect", "premier", "chancellor", "king", "queen",
      "prince", "pope", "cleric", "activist", "organizer", "organizers", "founder",
      "spokesperson", "commissioner", "inspector", "investigator", "coroner", "sheriff",
      "teacher", "student", "students", "parents", "victims", "survivors", "fans", "citizens",
      "residents", "farmers", "troops", "soldiers", "rebels", "militants", "separatists",
      "protesters", "demonstrators", "clerics", "negotiators", "officials", "bank", "fund",
      "ministries", "governments", "companies", "newspapers", "broadcaster", "network",
      "agencies", "service", "services", "institute", "foundation", "association",
      "coalition", "alliance", "administration", "kremlin", "tribunal", "embassy"};
  return in(k, w);
}

bool is_plural_source_noun(std::string_view w) {
  if (!is_source_noun(w)) return false;
  static const WordSet k = {"people", "police", "media", "staff", "men", "women", "military",
                            "authorities", "troops", "parents"};
  if (in(k, w)) return true;
  return w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && w != "analysis" &&
         w != "campaigns" && w != "news";
}

bool is_source_modifier(std::string_view w) {
  static const WordSet k = {
      "senior", "former", "chief", "top", "deputy", "acting", "longtime", "long-time",
      "veteran", "outgoing", "incoming", "current", "interim", "foreign", "defense", "defence",
      "state", "national", "local", "federal", "regional", "military", "government", "campaign",
      "press", "white", "house", "high-ranking", "ranking", "senior-level", "unnamed",
      "anonymous", "unidentified", "retired", "elected", "leading", "independent", "new",
      "other", "another", "top-ranking", "special", "vice", "assistant", "associate",
      "general", "executive", "managing", "communications", "policy", "security",
      "intelligence", "army", "navy", "police", "union", "party", "opposition", "health",
      "finance", "economy", "trade", "justice", "interior", "education", "energy", "climate",
      "election", "presidential", "congressional", "republican", "democratic", "conservative",
      "liberal", "progressive", "prominent", "influential", "well-known", "nonpartisan",
      "bipartisan", "civil", "rights", "human", "legal", "medical", "public", "private",
      "western", "eastern", "northern", "southern", "european", "american", "international",
      "u.s.", "u.n.", "staff", "one", "two", "three", "four", "five", "several", "many",
      "some", "few", "both", "multiple", "numerous", "dozens", "hundreds", "thousands", "of",
      "first", "second", "third", "head", "lead", "principal", "spokesman", "spokeswoman",
      "spokesperson", "white-house", "then", "then-candidate", "would-be", "self-described"};
  if (in(k, w)) return true;
  if (is_source_noun(w)) return true;  // compounds: "campaign spokesman", "army officer"
  // Adjectives by their ending: "presidential", "Ukrainian" (lowercased),
  // "diplomatic", "administrative"; hyphenated compounds.
  static const char* const kEndings[] = {"al", "ian", "ese", "ish", "ic", "ive", "ary", "ern"};
  for (const char* e : kEndings)
    if (w.size() > 4 && w.ends_with(e)) return true;
  return false;
}

bool is_title(std::string_view w) {
  static const WordSet k = {
      "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
      "gen", "general", "col", "colonel", "lt", "lieutenant", "sgt", "sergeant", "maj",
      "major", "capt", "captain", "cpt", "adm", "admiral", "cmdr", "commander", "brig",
      "brigadier", "marshal", "field", "pvt", "private", "cpl", "corporal", "spc", "pfc",
      "gov", "governor", "sen", "senator", "rep", "representative", "congressman",
      "congresswoman", "president", "presidents", "vice", "prime", "minister", "ministers",
      "secretary", "chancellor", "premier", "king", "queen", "prince", "princess", "emperor",
      "pope", "sheikh", "sheik", "emir", "ayatollah", "imam", "rabbi", "rev", "reverend",
      "father", "bishop", "archbishop", "cardinal", "ambassador", "envoy", "judge", "justice",
      "mayor", "chairman", "chairwoman", "chair", "chief", "director", "commissioner",
      "speaker", "leader", "spokesman", "spokeswoman", "spokesperson", "deputy", "foreign",
      "defence", "defense", "interior", "finance", "state", "attorney", "solicitor",
      "inspector", "superintendent", "supt", "det", "detective", "officer", "agent", "senior",
      "former", "acting", "army", "navy", "air", "force", "coach", "manager", "ceo", "chef",
      "hon", "honourable", "honorable", "mme", "mlle", "herr", "frau", "señor", "sr", "jr",
      "president-elect", "vice-president", "secretary-general", "gov.", "sen.", "rep.",
      "senators", "governors", "ministers", "dr.", "mr.", "mrs.", "ms.", "lawyer", "first",
      "crown", "grand", "duke", "duchess", "count", "baron", "baroness", "earl", "health",
      "economy", "economic", "trade", "justice", "home", "culture", "education", "energy",
      "environment", "transport", "labour", "labor", "treasury", "war", "us", "u.s.", "uk",
      "eu", "un", "nato"};
  return in(k, w);
}

bool is_org_word(std::string_view w) {
  static const WordSet k = {
      "kremlin", "pentagon", "house", "ministry", "department", "office", "agency",
      "commission", "council", "committee", "party", "government", "court", "police", "times",
      "post", "journal", "news", "network", "press", "reuters", "bank", "fund", "inc", "corp",
      "company", "group", "university", "institute", "foundation", "association", "union",
      "organization", "organisation", "service", "administration", "campaign", "parliament",
      "congress", "senate", "assembly", "forces", "command", "bureau", "authority", "board",
      "center", "centre", "coalition", "alliance", "federation", "embassy", "tribunal",
      "cabinet", "vatican", "hamas", "hezbollah", "taliban", "nato", "fbi", "cia", "nsa",
      "afp", "ap", "bbc", "cnn", "msnbc", "fox", "nbc", "cbs", "abc", "npr", "pbs",
      "politico", "breitbart", "bloomberg", "axios", "tass", "interfax", "ria", "xinhua",
      "ministries", "guardian", "telegraph", "economist", "tribune", "herald", "gazette",
      "daily", "magazine", "radio", "tv", "television", "channel", "club", "team", "army",
      "navy", "military", "police", "guard", "prosecutor's", "airlines", "airways",
      "motors", "ltd", "plc", "llc", "co", "corporation", "bank's", "exchange", "secretariat",
      "directorate", "inspectorate", "watch", "international", "amnesty", "unicef", "who",
      "imf", "opec", "un", "eu", "wto", "iaea", "olympic", "federal", "reserve", "treasury",
      "state", "states", "nations", "republic", "kingdom", "emirates", "poll", "survey",
      "tories", "dems", "democrats", "republicans", "conservatives", "labour", "mps", "gop",
      "greens", "socialists", "liberals", "ministers", "officials"};
  return in(k, w);
}

bool is_determiner(std::string_view w) {
  static const WordSet k = {"the",  "a",     "an",      "this",    "that",  "these", "those",
                            "his",  "her",   "their",   "its",     "our",   "my",    "your",
                            "some", "one",   "two",     "three",   "four",  "five",  "several",
                            "many", "most",  "another", "other",   "each",  "every", "both",
                            "any",  "few",   "numerous", "multiple", "all", "such", "no"};
  return in(k, w);
}

bool is_pronoun(std::string_view w) {
  static const WordSet k = {"he", "she", "they", "we", "i", "you", "it", "who"};
  return in(k, w);
}

bool is_cue_adverb(std::string_view w) {
  static const WordSet k = {
      "also",  "has",     "have",       "had",      "recently", "later",   "previously",
      "earlier", "then",  "again",      "once",     "further",  "publicly", "repeatedly",
      "already", "reportedly", "separately", "privately", "first", "initially", "frequently",
      "often", "subsequently", "since", "simply", "flatly", "bluntly", "explicitly", "openly",
      "quickly", "immediately", "would", "will", "may", "might", "could", "should", "can",
      "just", "even", "still", "long", "always", "previously", "reiterated", "has", "once",
      "now", "today", "yesterday", "last", "week", "tuesday", "monday", "wednesday",
      "thursday", "friday", "saturday", "sunday", "did", "does", "do", "is", "are", "was",
      "were", "been", "be", "being", "herself", "himself", "themselves", "itself", "too",
      "finally", "ultimately", "angrily", "candidly", "told", "had"};
  if (in(k, w)) return true;
  return w.size() > 4 && w.ends_with("ly") && w != "italy" && w != "july" && w != "family" &&
         w != "ally" && w != "rally" && w != "supply" && w != "assembly" && w != "only";
}

bool is_negation(std::string_view w) {
  static const WordSet k = {"not", "never", "n't", "neither", "nor", "didn't", "hasn't",
                            "haven't", "won't", "wouldn't", "doesn't", "don't", "hadn't",
                            "didn’t", "hasn’t", "haven’t", "won’t", "wouldn’t", "doesn’t",
                            "don’t", "hadn’t", "cannot", "can't", "can’t", "declined",
                            "refused", "no"};
  return in(k, w);
}

bool is_function_word(std::string_view w) {
  static const WordSet k = {
      "the", "a", "an", "and", "but", "or", "nor", "so", "yet", "if", "when", "while",
      "after", "before", "since", "as", "at", "by", "for", "from", "in", "into", "of", "on",
      "to", "with", "without", "about", "against", "between", "during", "under", "over",
      "through", "meanwhile", "however", "moreover", "still", "also", "then", "there", "here",
      "this", "that", "these", "those", "it", "its", "his", "her", "their", "our", "my",
      "your", "we", "they", "he", "she", "i", "you", "who", "what", "which", "where", "why",
      "how", "although", "though", "because", "until", "unless", "whether", "despite",
      "neither", "either", "both", "all", "some", "many", "most", "no", "not", "yes", "one",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "today", "yesterday", "tomorrow", "earlier", "later",
      "last", "next", "according", "asked", "speaking", "writing", "in", "separately",
      "instead", "indeed", "now", "even", "only", "just", "more", "less", "such", "every",
      "each", "another", "other", "mr", "mrs", "ms", "dr", "amid", "among", "toward",
      "towards", "day", "escalation", "breaking", "update", "live", "watch", "read", "opinion",
      "exclusive", "comment", "editorial", "photo", "video"};
  return in(k, w);
}

bool is_name_particle(std::string_view w) {
  static const WordSet k = {"de", "da", "di", "del", "della", "der", "den", "van", "von",
                            "la", "le", "du", "dos", "das", "al", "el", "bin", "ibn", "ben",
                            "ter", "ten", "st", "mac", "y"};
  return in(k, w);
}

bool is_time_word(std::string_view w) {
  static const WordSet k = {"monday", "tuesday", "wednesday", "thursday", "friday",
                            "saturday", "sunday", "today", "yesterday", "tonight", "earlier",
                            "later", "recently", "last", "week", "month", "year", "night",
                            "morning", "afternoon", "evening", "on", "this", "that", "in",
                            "a", "an", "the", "statement", "interview", "late", "early"};
  return in(k, w);
}

bool is_female_name(std::string_view w) {
  static const WordSet k = {
      "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica",
      "sarah", "karen", "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly",
      "emily", "donna", "michelle", "dorothy", "carol", "amanda", "melissa", "deborah",
      "stephanie", "rebecca", "sharon", "laura", "cynthia", "kathleen", "amy", "angela",
      "shirley", "anna", "brenda", "pamela", "emma", "nicole", "helen", "samantha", "katherine",
      "christine", "debra", "rachel", "carolyn", "janet", "catherine", "maria", "heather",
      "diane", "ruth", "julie", "olivia", "joyce", "virginia", "victoria", "kelly", "lauren",
      "christina", "joan", "evelyn", "judith", "megan", "andrea", "cheryl", "hannah",
      "jacqueline", "martha", "gloria", "teresa", "ann", "sara", "madison", "frances",
      "kathryn", "janice", "jean", "abigail", "alice", "judy", "sophia", "grace", "denise",
      "amber", "doris", "marilyn", "danielle", "beverly", "isabella", "theresa", "diana",
      "natalie", "brittany", "charlotte", "marie", "kayla", "alexis", "lori", "hillary",
      "nikki", "kamala", "nancy", "elizabeth", "kellyanne", "sarah", "huma", "ivanka",
      "melania", "michele", "condoleezza", "madeleine", "angela", "theresa", "ursula",
      "kaja", "annalena", "giorgia", "marine", "liz", "yulia", "olena", "iryna", "svetlana",
      "maria", "tatiana", "natalia", "olga", "jacinda", "kristalina", "christine", "hina",
      "benazir", "indira", "golda", "aung", "tsai", "sanna", "mette", "ruth", "sonia",
      "priti", "yvette", "harriet", "diane", "nicola", "ruth", "tulsi", "alexandria",
      "ilhan", "rashida", "ayanna", "dianne", "amy", "kirsten", "tammy", "lisa", "susan",
      "jeanne", "debbie", "kellie", "jill", "chelsea", "gennifer", "carly", "jan", "karine",
      "kristi", "karoline", "tulsi", "pam", "marsha", "joni", "cindy", "laura", "heidi"};
  return in(k, w);
}

bool is_male_name(std::string_view w) {
  static const WordSet k = {
      "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
      "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven",
      "paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george", "edward", "ronald",
      "timothy", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan",
      "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel", "frank",
      "gregory", "raymond", "alexander", "patrick", "jack", "dennis", "jerry", "tyler",
      "aaron", "jose", "henry", "adam", "douglas", "nathan", "peter", "zachary", "kyle",
      "walter", "harold", "jeremy", "ethan", "carl", "keith", "roger", "gerald", "christian",
      "terry", "sean", "arthur", "austin", "noah", "lawrence", "jesse", "joe", "bryan",
      "billy", "jordan", "albert", "dylan", "bruce", "willie", "gabriel", "alan", "juan",
      "logan", "wayne", "ralph", "roy", "eugene", "randy", "vincent", "russell", "louis",
      "philip", "bobby", "johnny", "bradley", "barack", "bernie", "ted", "marco", "mike",
      "jeb", "chris", "rand", "ben", "bill", "tim", "mitch", "newt", "rudy", "reince", "vladimir",
      "volodymyr", "dmitry", "dmitri", "sergey", "sergei", "denys", "dan", "steve", "kirill",
      "randy", "emmanuel", "olaf", "boris", "rishi", "keir", "xi", "recep", "benjamin",
      "jean-noël", "jean", "pierre", "francois", "françois", "jacques", "nicolas", "friedrich",
      "viktor", "andrzej", "donald", "pedro", "antonio", "antónio", "jens", "mark", "narendra",
      "luiz", "javier", "jair", "mohammed", "muhammad", "ali", "ahmed", "hassan", "hussein",
      "abdel", "bashar", "ali", "kim", "yoon", "fumio", "shinzo", "justin", "anthony",
      "antony", "lloyd", "jake", "john", "rex", "jim", "hunter", "beau", "tony", "gordon",
      "nigel", "jeremy", "david", "ed", "ken", "alexei", "yevgeny", "sergiy", "oleksandr",
      "andriy", "mykhailo", "petro", "viktor", "leonid", "ruslan", "valery", "valerii",
      "kyrylo", "rustem", "dmytro", "vitali", "vitaly", "vitaliy", "yuri", "yury", "igor",
      "mikhail", "nikolai", "alexander", "aleksandr", "ramzan", "kurt", "wolfgang", "heinz",
      "hans", "karl", "klaus", "josep", "charles", "emmanuel", "keith", "dan", "pete", "jd",
      "tucker", "sean", "rush", "newt", "lindsey", "corey", "paul", "reince"};
  return in(k, w);
}

}  // namespace whosaid
