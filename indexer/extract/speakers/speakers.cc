// Speaker analysis, in-article resolution and canonical names (see
// speakers/speakers.h). Resolution runs in text order over the article's
// attributions and the person names it mentions anywhere ("met with
// Ukrainian President Volodymyr Zelensky" lets a later "Zelensky said"
// resolve), preferring the nearest compatible candidate.
#include "indexer/extract/speakers/speakers.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "indexer/extract/lexicon/lexicon.h"
#include "indexer/extract/places/places.h"

namespace whosaid {

namespace {

// A first name of the census lists of data/person_names.tsv (kind "f"),
// lowercase: many more than is_male_name and is_female_name know.
bool is_census_first_name(std::string_view w) {
  static const std::unordered_set<std::string_view> k = [] {
    std::unordered_set<std::string_view> out;
    for (const auto& [name, bits] : person_names())
      if (bits & 1) out.insert(name);
    return out;
  }();
  return k.count(w) > 0 || is_male_name(w) || is_female_name(w);
}

// The compiled-in alias table: people often in the news whose names are
// spelled or transliterated several ways, and surnames that name one of
// them unambiguously. Users add lines with WHOSAID_ALIASES or data/aliases.tsv.
constexpr std::string_view kDefaultAliases = R"(# canonical	aliases...
Volodymyr Zelensky	Zelensky	Volodimir Zelensky	Wolodymyr Selenskyj	Zelenskyy	Zelenskiy
Olena Zelenska	Olena Zelenska
Vladimir Putin	Putin	Vladimir Vladimirovich Putin
Dmitry Peskov	Peskov	Dmitri Peskov	Dmitriy Peskov
Sergey Lavrov	Lavrov	Sergei Lavrov
Dmitry Medvedev	Dmitri Medvedev
Sergei Shoigu	Shoigu	Sergey Shoigu
Kirill Dmitriev	Kirill Dmitriyev
Maria Zakharova	Zakharova
Yuri Ushakov	Yury Ushakov	Ushakov
Alexei Navalny	Navalny	Alexey Navalny	Aleksei Navalny
Yevgeny Prigozhin	Prigozhin	Evgeny Prigozhin
Alexander Lukashenko	Lukashenko	Aleksandr Lukashenko	Alyaksandr Lukashenka
Denys Shmyhal	Shmyhal	Denis Shmygal
Dmytro Kuleba	Kuleba	Dmitry Kuleba
Andriy Yermak	Yermak	Andriy Yermak	Andrii Yermak	Andrei Yermak
Andrii Sybiha	Sybiha	Andriy Sybiha
Vitali Klitschko	Klitschko	Vitaliy Klitschko
Rustem Umerov	Umerov
Valerii Zaluzhnyi	Zaluzhnyi	Valery Zaluzhny	Valeriy Zaluzhnyi
Oleksandr Syrskyi	Syrskyi	Oleksandr Syrsky
Donald Trump	Donald J. Trump	Donald John Trump
Joe Biden	Joseph Biden	Joseph R. Biden
Barack Obama	Obama	Barack H. Obama
Kamala Harris	Kamala D. Harris
Marco Rubio	Marco Antonio Rubio
Steve Witkoff	Steven Witkoff	Witkoff
Keith Kellogg	Kellogg
Antony Blinken	Blinken	Anthony Blinken
Emmanuel Macron	Macron
Jean-Noël Barrot	Jean-Noel Barrot	Barrot
Olaf Scholz	Scholz
Friedrich Merz	Merz
Angela Merkel	Merkel
Keir Starmer	Starmer
Rishi Sunak	Sunak
Tony Blair	Blair	Anthony Blair
Ursula von der Leyen	von der Leyen	Ursula Von der Leyen
Kaja Kallas	Kallas
Jens Stoltenberg	Stoltenberg
Mark Rutte	Rutte
António Guterres	Guterres	Antonio Guterres
Recep Tayyip Erdoğan	Erdogan	Erdoğan	Recep Tayyip Erdogan	Tayyip Erdogan
Benjamin Netanyahu	Netanyahu	Binyamin Netanyahu
Mahmoud Abbas	Mahmud Abbas
Ali Khamenei	Khamenei	Ayatollah Ali Khamenei
Xi Jinping	Xi	Xi Jin-ping
Kim Jong Un	Kim Jong-un	Kim Jong-Un
Narendra Modi	Modi
Luiz Inácio Lula da Silva	Lula	Lula da Silva	Luiz Inacio Lula da Silva
Viktor Orbán	Orban	Orbán	Viktor Orban
Giorgia Meloni	Meloni
Muammar Gaddafi	Gaddafi	Moammar Gadhafi	Muammar Qaddafi	Gadhafi	Qaddafi
Bashar al-Assad	Assad	Bashar Assad	Bashar al Assad
Abdel Fattah el-Sisi	Sisi	Abdel Fattah al-Sisi	el-Sisi
Mohammed bin Salman	Mohammad bin Salman
Osama bin Laden	Usama bin Laden
)";

// Organisations spelled several ways: the same table, kept apart so that a
// speaker resolved to one of them is an organisation, whatever the phrase
// looked like ("Tories said").
constexpr std::string_view kDefaultOrganizations = R"(# canonical	aliases...
Conservatives	Tories	Conservative Party	Tory Party	Conservative party
Liberal Democrats	Lib Dems	Lib Dem	Liberal Democrat Party	Liberal Democrat party
Labour	Labour Party	Labour party
Republican Party	GOP
Democratic Party	Democratic party
Scottish National Party	SNP
UK Independence Party	UKIP
Federal Reserve	Fed	US Federal Reserve	the Fed
Bank of England	BoE
European Commission	EU Commission
)";

// Lowercase ASCII-folded: common Latin diacritics removed.
char32_t fold_char(char32_t c) {
  c = to_lower(c);
  if (c < 0x80) return c;
  static const std::u32string_view kFrom = U"àáâãäåāăąçćčďèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśšşţťùúûüūůűųýÿžźż";
  static const std::string_view kTo = "aaaaaaaaacccdeeeeeeeegiiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz";
  std::size_t p = kFrom.find(c);
  return p == std::u32string_view::npos ? c : static_cast<char32_t>(kTo[p]);
}

std::string word_key(std::u32string w) {
  std::string s = encode_utf8(w);
  auto ends = [&](std::string_view e) { return s.size() > e.size() + 2 && s.ends_with(e); };
  if (ends("yy") || ends("iy") || ends("yi") || ends("ij") || ends("ii"))
    s = s.substr(0, s.size() - 2) + "y";
  else if (ends("ei") || ends("ey"))
    s = s.substr(0, s.size() - 2) + "ey";
  else if (s.size() > 4 && s.back() == 'i' &&
           std::string_view("aeiouy").find(s[s.size() - 2]) == std::string_view::npos)
    s.back() = 'y';
  return s;
}

const std::string kEmpty;

std::string strip_the(std::string s) {
  for (std::string_view p : {"the ", "The ", "THE "})
    if (s.starts_with(p)) return s.substr(p.size());
  return s;
}

std::string tokens_text(const TokenizedText& tt, std::size_t b, std::size_t e) {
  if (b >= e) return "";
  return span_text(tt, tt.tokens[b].start, tt.tokens[e - 1].end);
}

bool is_honorific(std::string_view w) {
  return w == "mr" || w == "mrs" || w == "ms" || w == "miss" || w == "dr" || w == "col" ||
         w == "gen" || w == "lt" || w == "sgt" || w == "maj" || w == "capt" || w == "adm" ||
         w == "gov" || w == "sen" || w == "rep" || w == "prof" || w == "rev" || w == "sir" ||
         w == "cpl" || w == "pvt" || w == "brig" || w == "cmdr" || w == "hon";
}

// A title of the peerage, which with one name is the name a peer is known
// by ("Lord Falconer", "Baroness Young").
bool is_peerage(const Token& t) {
  static const std::unordered_set<std::string_view> k = {"lord", "lady", "baroness", "baron",
                                                         "viscount", "viscountess", "earl",
                                                         "countess", "marquess"};
  return t.kind == Token::kWord && t.cap && k.count(t.lower) > 0;
}

int gender_of(const TokenizedText& tt, TokenRange name, std::size_t np_begin) {
  const auto& T = tt.tokens;
  for (std::size_t k = np_begin; k < name.begin; ++k) {
    const std::string& w = T[k].lower;
    if (w == "mr" || w == "sir" || w == "king" || w == "prince" || w == "spokesman" ||
        w == "congressman" || w == "chairman" || w == "father")
      return 1;
    if (w == "mrs" || w == "ms" || w == "miss" || w == "dame" || w == "lady" || w == "queen" ||
        w == "princess" || w == "spokeswoman" || w == "congresswoman" || w == "chairwoman")
      return 2;
  }
  if (!name.empty()) {
    const std::string& first = T[name.begin].lower;
    if (is_female_name(first)) return 2;
    if (is_male_name(first)) return 1;
  }
  return 0;
}

// A person named anywhere in the article (for surname and pronoun
// resolution).
struct NameMention {
  std::size_t start = 0, end = 0;  // code points
  int para = 0;
  std::string full;       // "Volodymyr Zelensky"
  std::string last_key;   // key of the last name word
  std::string first_key;  // key of the first name word
  std::size_t words = 0;  // words of the name
  std::string role;
  int gender = 0;
  bool titled = false;   // a title stands before it ("President", "Mr")
  bool subject = false;  // it (with its role) starts its sentence: likely its subject
};

// True if the tokens before NAME (from B) end with a title or honorific:
// "Mr Brown", "President Obama", "Gen. Mark Tate".
bool titled_name(const TokenizedText& tt, std::size_t b, TokenRange name) {
  const auto& T = tt.tokens;
  std::size_t k = name.begin;
  if (k > b && T[k - 1].text == ".") --k;
  return k > b && T[k - 1].kind == Token::kWord && T[k - 1].cap &&
         (is_title(T[k - 1].lower) || is_honorific(T[k - 1].lower));
}

bool overlaps_place(const std::vector<PlaceMention>& places, std::size_t s, std::size_t e) {
  auto it = std::lower_bound(places.begin(), places.end(), s,
                             [](const PlaceMention& p, std::size_t v) { return p.end <= v; });
  return it != places.end() && it->start < e;
}

bool is_place_exactly(const std::vector<PlaceMention>& places, std::size_t s, std::size_t e) {
  // Places are in text order and do not overlap: at most one starts at S.
  auto it = std::lower_bound(places.begin(), places.end(), s,
                             [](const PlaceMention& p, std::size_t v) { return p.start < v; });
  return it != places.end() && it->start == s && it->end == e;
}

// Paragraphs in title case (headlines, section heads) name no one reliably.
std::vector<bool> headline_paragraphs(const TokenizedText& tt) {
  std::vector<int> words, caps;
  for (const Token& t : tt.tokens) {
    if (static_cast<std::size_t>(t.para) >= words.size()) {
      words.resize(t.para + 1);
      caps.resize(t.para + 1);
    }
    if (t.kind == Token::kWord && t.text.size() > 3) {
      ++words[t.para];
      if (t.cap) ++caps[t.para];
    }
  }
  std::vector<bool> out(words.size());
  for (std::size_t p = 0; p < words.size(); ++p)
    out[p] = words[p] >= 3 && caps[p] * 10 >= words[p] * 7;
  return out;
}

// A word that describes a person rather than naming them: a party, a
// nationality, an office or trade, a title (or their plurals).
bool is_descriptor(const std::string& w) {
  static const std::unordered_set<std::string_view> kWords = {
      "republican",   "republicans", "democrat",   "democrats",   "democratic",  "conservative",
      "labour",       "tory",        "liberal",    "libertarian", "independent", "gop",
      "socialist",    "green",       "financier",  "economist",   "businessman", "businesswoman",
      "entrepreneur", "actor",       "actress",    "singer",      "coach",       "striker",
      "player",       "star",        "founder",    "lawyer",      "attorney",    "investor",
      "billionaire",  "host",        "author",     "writer",      "novelist",    "boss",
      "veteran",      "rapper",      "comedian",   "designer",    "producer",    "columnist",
      "pollster",     "historian",   "professor",  "researcher",  "chef",        "publisher",
      "editor",       "rival",       "activist",   "candidate",   "nominee",     "challenger",
      "incumbent",    "opponent",    "frontrunner"};
  if (kWords.count(w) || is_source_noun(w) || is_title(w)) return true;
  if (w.size() > 3 && w.back() == 's' && is_title(std::string_view(w).substr(0, w.size() - 1)))
    return true;
  return !shared_place_finder().demonym_country(w).empty();
}

// A capitalised word before a name that looks like a role (an
// abbreviation, a compound, a word news writes in lower case: "DJ",
// "Fly-half", "Referee"), not like another given name ("Mani Shankar").
bool role_like(const Token& t) {
  return t.kind == Token::kWord &&
         (t.all_caps || t.text.find('-') != std::string::npos || is_common_word(t.lower) ||
          is_descriptor(t.lower));
}

bool is_known_institution(std::string_view key);

// The trailing name in the capitalized run [b, e): after the last title,
// function or organisation word; particles and initials allowed inside.
TokenRange trailing_name(const TokenizedText& tt, std::size_t b, std::size_t e) {
  const auto& T = tt.tokens;
  // Postnominals are not part of the name: "Guy Mansfield QC".
  static const std::unordered_set<std::string_view> kPostnominals = {
      "QC", "KC", "MP", "MPs", "MSP", "MEP", "AM", "OBE", "MBE", "CBE", "KBE", "Jr", "Sr"};
  if (e - b >= 3 && kPostnominals.count(T[e - 1].text) && T[e - 2].cap && T[e - 1].text != "Jr" &&
      T[e - 1].text != "Sr")
    --e;
  std::size_t n = e;
  // "Larry King", "Martin Luther King": a title word after a first name is
  // a surname.
  if (e - b >= 2 && T[e - 1].kind == Token::kWord && T[e - 1].cap && is_title(T[e - 1].lower) &&
      T[e - 2].kind == Token::kWord && T[e - 2].cap &&
      (is_male_name(T[e - 2].lower) || is_female_name(T[e - 2].lower)))
    --n;
  while (n > b) {
    const Token& t = T[n - 1];
    if (t.is_word() && t.cap && t.kind == Token::kWord && !is_title(t.lower) &&
        !(is_function_word(t.lower)) && t.lower != "’s" && t.lower != "'s") {
      --n;
      continue;
    }
    if (t.is_word() && !t.cap && is_name_particle(t.lower) && n < e && n - 1 > b &&
        T[n - 2].cap) {
      --n;
      continue;
    }
    if (t.kind == Token::kPunct && t.text == "." && n - 1 > b && T[n - 2].text.size() == 1 &&
        T[n - 2].cap && n < e) {
      --n;
      continue;
    }
    break;
  }
  while (n < e && !T[n].cap) ++n;  // never start on a particle or a dot
  // Descriptors before a full name are not part of it: party ("Republican
  // Donald Trump"), nationality ("American"), office ("Analyst Thomas
  // O'Grady", "Representatives James E. Clyburn", "Candidate Trump").
  auto words_from = [&](std::size_t k) {
    std::size_t w = 0;
    for (; k < e; ++k) w += T[k].kind == Token::kWord;
    return w;
  };
  while (n < e && T[n].kind == Token::kWord && is_descriptor(T[n].lower) && words_from(n + 1) >= 1)
    ++n;
  // Any other role before a known first name and a surname is no part of
  // the name either: "DJ Norman Cook", "Euro MP Robert Kilroy-Silk",
  // "Fly-half Owen Carty"; the word before the first name must look like
  // a role, not like another given name ("Mani Shankar Aiyar").
  if (e - n >= 3 && !is_census_first_name(T[n].lower)) {
    for (std::size_t p = n + 1; p + 1 < e; ++p) {
      if (T[p].kind == Token::kWord && T[p].cap && !T[p].all_caps &&
          is_census_first_name(T[p].lower) && role_like(T[p - 1]) &&
          T[p + 1].kind == Token::kWord && T[p + 1].cap && !T[p + 1].all_caps) {
        n = p;
        break;
      }
    }
  }
  // A verb capitalised by starting the sentence is not part of the name
  // after it: "Injecting Clinton into ...", "Did Trump ...", "Said Ellis".
  if (n + 1 < e && T[n].kind == Token::kWord && words_from(n + 1) >= 1 &&
      (n == 0 || T[n - 1].sentence != T[n].sentence || T[n - 1].para != T[n].para) &&
      !is_male_name(T[n].lower) && !is_female_name(T[n].lower)) {
    const std::string& w = T[n].lower;
    static const std::unordered_set<std::string_view> kVerbs = {
        "did", "does", "said",  "says", "asked", "told",   "added",  "has",     "had",   "was",
        "is",  "will", "would", "can",  "could", "should", "asking", "telling", "saying"};
    // ... but "Downing Street said" is an institution, whole.
    std::string whole;
    for (std::size_t k = n; k < e; ++k)
      if (T[k].kind == Token::kWord) whole += (whole.empty() ? "" : " ") + T[k].lower;
    if ((kVerbs.count(w) || (w.size() > 5 && (w.ends_with("ing") || w.ends_with("ed")))) &&
        !is_known_institution(whole))
      ++n;
  }
  // A surname that is also a title after an honorific: "Mr. King".
  if (n == e && e > b && T[e - 1].kind == Token::kWord && T[e - 1].cap) {
    std::size_t k = e - 1;
    if (k > b && T[k - 1].text == ".") --k;
    if (k > b && is_honorific(T[k - 1].lower)) n = e - 1;
  }
  return {n, e};
}

// The people named in TT (full names of two words or more), and in LONE
// the one-word names that start their sentence outside quotations ("Celtic
// manager O'Neill is no respecter of reputations."): the subject a "he" of
// the next sentence most likely refers to.
std::vector<NameMention> collect_names(const TokenizedText& tt,
                                       const std::vector<PlaceMention>& places,
                                       std::vector<NameMention>& lone) {
  std::vector<NameMention> out;
  const auto& T = tt.tokens;
  std::vector<bool> headline = headline_paragraphs(tt);
  for (std::size_t i = 0; i < T.size();) {
    if (!(T[i].kind == Token::kWord && T[i].cap) || headline[T[i].para]) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < T.size() && T[j].para == T[i].para) {
      const Token& t = T[j];
      if (t.kind == Token::kWord && t.cap) {
        ++j;
        continue;
      }
      if (t.kind == Token::kWord && is_name_particle(t.lower) && j + 1 < T.size() &&
          T[j + 1].cap) {
        ++j;
        continue;
      }
      if (t.text == "." && T[j - 1].text.size() == 1 && j + 1 < T.size() && T[j + 1].cap) {
        ++j;
        continue;
      }
      break;
    }
    TokenRange name = trailing_name(tt, i, j);
    // A peer is known by title and one name: "Lord Falconer" is the name,
    // and a later "Falconer" stands for it.
    bool peer = name.end - name.begin == 1 && name.begin > i && is_peerage(T[name.begin - 1]);
    if (peer) --name.begin;
    bool one_word = name.end - name.begin == 1 && T[name.begin].kind == Token::kWord &&
                    T[name.begin].quote < 0;
    if (name.end - name.begin >= 2 || one_word) {
      bool org = false;
      for (std::size_t k = name.begin; k < name.end; ++k)
        if (is_org_word(T[k].lower) || T[k].all_caps) org = true;
      std::size_t s = T[name.begin].start, e = T[name.end - 1].end;
      // A name that is or holds a place is no person, unless it starts
      // with a first name ("Brittany Lockwood", "Sydney Carter").
      bool place = overlaps_place(places, s, e) && !is_female_name(T[name.begin].lower) &&
                   !is_male_name(T[name.begin].lower);
      if (!org && !place) {
        NameMention m;
        m.start = s;
        m.end = e;
        m.para = T[name.begin].para;
        m.full = tokens_text(tt, name.begin, name.end);
        std::size_t last = name.end - 1;  // "Joseph R. Biden Jr.": Biden
        while (last > name.begin &&
               (T[last].text == "." || T[last].lower == "jr" || T[last].lower == "sr" ||
                T[last].lower == "ii" || T[last].lower == "iii"))
          --last;
        m.last_key = AliasTable::key(T[last].text);
        m.first_key = peer ? m.last_key : AliasTable::key(T[name.begin].text);
        for (std::size_t k = name.begin; k < name.end; ++k) m.words += T[k].kind == Token::kWord;
        // The role: the run's words before the name, and a lowercase
        // office with its modifiers just before the run ("Lions coach").
        std::size_t rb = i;
        while (rb > 0 && i - rb < 4 && T[rb - 1].kind == Token::kWord &&
               T[rb - 1].sentence == T[i].sentence && T[rb - 1].quote == T[i].quote &&
               (is_descriptor(T[rb - 1].lower) ||
                (T[rb - 1].cap && !is_function_word(T[rb - 1].lower))))
          --rb;
        while (rb < name.begin && is_function_word(T[rb].lower)) ++rb;
        m.role = tokens_text(tt, rb, name.begin);
        // Subject: only a noun phrase before it in the sentence ("Germany's
        // foreign minister, Annegret Vossberg, struck ...").
        std::size_t sb = tt.sentences[T[rb].sentence].begin;
        while (sb < rb && rb - sb <= 8 &&
               (T[sb].kind != Token::kWord || T[sb].cap || is_function_word(T[sb].lower) ||
                is_descriptor(T[sb].lower) || is_source_modifier(T[sb].lower) ||
                T[sb].lower == "’s" || T[sb].lower == "'s"))
          ++sb;
        m.subject = sb == rb;
        m.gender = gender_of(tt, name, i);
        m.titled = peer || titled_name(tt, i, name);
        if (m.words >= 2)
          out.push_back(std::move(m));
        else if (one_word && m.subject)
          lone.push_back(std::move(m));
      }
    }
    i = j;
  }
  return out;
}

}  // namespace

SourceAnalysis analyse_source(const TokenizedText& tt, TokenRange np) {
  SourceAnalysis a;
  const auto& T = tt.tokens;
  if (np.empty()) return a;
  std::size_t b = np.begin, e = np.end;
  // A phrase that ends on its appositive's closing comma: "Paul Dales, of
  // Capital Economics, said".
  while (e - b > 1 && T[e - 1].kind == Token::kPunct &&
         (T[e - 1].text == "," || T[e - 1].text == "—"))
    --e;
  // Appositive: "ROLE, NAME" or "NAME, ROLE": keep the name part as the name.
  std::size_t comma = e;
  for (std::size_t k = b; k < e; ++k)
    if (T[k].kind == Token::kPunct && (T[k].text == "," || T[k].text == "—")) comma = k;
  std::size_t role_b = b, role_e = b;
  std::size_t org_b = e, org_e = e;
  if (comma < e) {
    a.role_after_comma = true;
    // "Paul Dales, of Capital Economics", "Jane Doe, an analyst at Foo
    // Bank": the name is left, the right is a role whose capitalised tail
    // is the organisation the person speaks for, not the speaker.
    std::size_t r = comma + 1;
    bool right_role = r < e && comma > b && T[comma - 1].cap && T[r].is_word() &&
                      (is_determiner(T[r].lower) || T[r].lower == "of" || T[r].lower == "at" ||
                       T[r].lower == "from" || T[r].lower == "for" || T[r].lower == "with");
    // "Alexander Linden, vice president of emerging technologies at analyst
    // firm Gartner": an office in lowercase words, then where it is held.
    if (!right_role && r + 1 < e && comma > b && T[comma - 1].cap && T[r].is_word()) {
      bool office = false;
      for (std::size_t k = r; k < e && !right_role; ++k) {
        if (T[k].kind == Token::kWord && !T[k].cap && (is_title(T[k].lower) ||
                                                       is_source_noun(T[k].lower) ||
                                                       is_descriptor(T[k].lower)))
          office = true;
        right_role = office && (T[k].lower == "at" || T[k].lower == "for") && k + 1 < e;
      }
    }
    if (right_role) {
      org_e = e;
      org_b = e;
      while (org_b > r && (T[org_b - 1].cap || (is_name_particle(T[org_b - 1].lower) &&
                                                org_b - 1 > r && T[org_b - 2].cap)))
        --org_b;
      if (org_b > r && T[org_b - 1].lower == "the") --org_b;
      while (org_b < org_e && T[org_b].lower == "the") ++org_b;
    }
    bool right_name = T[e - 1].cap && !right_role;
    if (right_name) {
      role_b = b;
      role_e = comma;
      b = comma + 1;
    } else {
      role_b = comma + 1;
      role_e = e;
      e = comma;
    }
  }
  // "David Noone from Intervoice", "Robert Brusca of Nikko Securities":
  // a person's full name, then the organisation they speak for.
  if (org_b == org_e) {
    std::size_t first = b;
    while (first < e && T[first].is_word() &&
           (is_determiner(T[first].lower) || is_title(T[first].lower) ||
            is_descriptor(T[first].lower) || !T[first].cap))
      ++first;
    std::size_t k = first;
    while (k < e && T[k].kind == Token::kWord && T[k].cap) ++k;
    // A known first name, else two or three words none of which names an
    // organisation or an office ("Bank of England" is one name).
    bool plain_words = k - first <= 3;
    for (std::size_t j = first; j < k && plain_words; ++j)
      plain_words = !is_org_word(T[j].lower) && !is_title(T[j].lower) && !T[j].all_caps;
    bool full_name = k - first >= 2 && first < e &&
                     (is_male_name(T[first].lower) || is_female_name(T[first].lower) ||
                      plain_words);
    if (full_name && k + 1 < e &&
        (T[k].lower == "of" || T[k].lower == "at" || T[k].lower == "from")) {
      // The organisation: the capitalised words after the preposition
      // ("Halden Securities", not "in Ostravel" after it).
      std::size_t ob = k + 1;
      if (T[ob].lower == "the") ++ob;
      std::size_t oe = ob;
      while (oe < e && (T[oe].cap || (is_name_particle(T[oe].lower) && oe + 1 < e &&
                                      T[oe + 1].cap)))
        ++oe;
      bool org_words = oe - ob >= 2;
      for (std::size_t j = ob; j < oe; ++j) org_words = org_words || is_org_word(T[j].lower);
      if (oe > ob && (org_words || is_male_name(T[first].lower) || is_female_name(T[first].lower))) {
        org_b = ob;
        org_e = oe;
        e = k;
      }
    }
  }
  // Parenthetical after the name: (R-Ind.)
  if (e - b >= 3 && T[e - 1].text == ")") {
    std::size_t k = e - 1;
    while (k > b && T[k].text != "(") --k;
    if (k > b) e = k;
  }
  const Token& h = T[e - 1];
  a.head = h.lower;
  if (e - b == 1 && is_pronoun(h.lower)) {
    a.kind = "pronoun";
    a.name = {b, e};
    a.text = h.text;
    a.plural = h.lower == "they" || h.lower == "we";
    a.gender = h.lower == "he" ? 1 : h.lower == "she" ? 2 : 0;
    return a;
  }
  std::size_t det_end = b;
  while (det_end < e && T[det_end].is_word() && is_determiner(T[det_end].lower)) ++det_end;
  if (h.cap) {
    TokenRange name = trailing_name(tt, det_end, e);
    bool org = false;
    // "Commission on Presidential Debates", "Federal Bureau of Prisons",
    // "Roper Center for Public Opinion Research": an organisation word, a
    // preposition, then a name: all one organisation.
    if (!name.empty() && name.begin >= det_end + 2 && T[name.begin - 1].is_word() &&
        (T[name.begin - 1].lower == "of" || T[name.begin - 1].lower == "for" ||
         T[name.begin - 1].lower == "on") &&
        T[name.begin - 2].cap) {
      std::size_t k = name.begin - 1;
      bool org_head = false;
      while (k > det_end && T[k - 1].kind == Token::kWord && T[k - 1].cap) {
        --k;
        if (is_org_word(T[k].lower) || T[k].lower == "conference") org_head = true;
      }
      if (org_head) {
        name.begin = k;
        org = true;
      }
    }
    if (name.empty()) {
      // "the Army", "the President": titles only.
      std::size_t k = e;
      while (k > det_end && T[k - 1].cap) --k;
      bool has_org = false;
      for (std::size_t j = k; j < e; ++j)
        if (is_org_word(T[j].lower)) has_org = true;
      if (has_org) {
        name = {k, e};
        org = true;
      }
    }
    // "Sources said", "Officials say": a common noun capitalized only
    // because it starts the sentence.
    if (name.end - name.begin == 1 && is_source_noun(T[name.begin].lower) &&
        !is_org_word(T[name.begin].lower) &&
        (name.begin == 0 || T[name.begin - 1].sentence != T[name.begin].sentence))
      name = {};
    if (!name.empty()) {
      for (std::size_t k = name.begin; k < name.end; ++k)
        if (is_org_word(T[k].lower)) org = true;
      if (name.end - name.begin == 1 && T[name.begin].all_caps && T[name.begin].text.size() <= 5)
        org = true;
      bool the = det_end > b && T[det_end - 1].lower == "the" && det_end == name.begin;
      if (the) org = true;
      a.kind = org ? "organization" : "person";
      if (org && the) name.begin = det_end - 1;  // "the Kremlin"
      a.name = name;
      a.text = tokens_text(tt, name.begin, name.end);
      // Role: between determiners and the name, honorifics and ranks at its
      // end dropped ("Army spokesman Col" -> "Army spokesman").
      if (role_e == role_b) {
        role_b = det_end;
        role_e = name.begin;
      } else {
        while (role_b < role_e && is_determiner(T[role_b].lower)) ++role_b;
      }
      while (role_e > role_b &&
             (is_honorific(T[role_e - 1].lower) || T[role_e - 1].text == "."))
        --role_e;
      if (!org) a.role = tokens_text(tt, role_b, role_e);
      if (!org && org_b < org_e) a.organization = tokens_text(tt, org_b, org_e);
      a.titled = !org && titled_name(tt, det_end, name);
      a.gender = gender_of(tt, name, det_end);
      return a;
    }
  }
  // Unnamed: the whole phrase is the description.
  a.kind = "unnamed";
  a.name = {np.begin, np.end};
  a.text = tokens_text(tt, np.begin, np.end);
  // Head: the first source noun followed by a preposition, else the last word.
  for (std::size_t k = b; k + 1 < e; ++k)
    if (!T[k].cap && is_source_noun(T[k].lower) && T[k + 1].is_word() &&
        (T[k + 1].lower == "for" || T[k + 1].lower == "in" || T[k + 1].lower == "at" ||
         T[k + 1].lower == "from" || T[k + 1].lower == "familiar" || T[k + 1].lower == "close" ||
         T[k + 1].lower == "with" || T[k + 1].lower == "of")) {
      a.head = T[k].lower;
      break;
    }
  a.plural = is_plural_source_noun(a.head);
  a.definite = b < e && (T[b].lower == "the" || T[b].lower == "that" || T[b].lower == "this");
  return a;
}

AliasTable::AliasTable() {
  add_tsv(kDefaultAliases, "built-in alias table");
  add_tsv(kDefaultOrganizations, "built-in organisation aliases");
  for (std::string_view text = kDefaultOrganizations; !text.empty();) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    organizations_.insert(std::string(line.substr(0, line.find('\t'))));
  }
}

bool AliasTable::is_organization(std::string_view canonical) const {
  return organizations_.count(std::string(canonical)) > 0;
}

std::string AliasTable::key(std::string_view name) {
  std::u32string u = decode_utf8(name);
  std::string out;
  std::u32string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += word_key(word);
    word.clear();
  };
  for (char32_t c : u) {
    if (c == '.' || c == U'’' || c == '\'') continue;
    if (is_space(c) || c == '-' || c == U'‐' || c == ',') {
      flush();
      continue;
    }
    word.push_back(fold_char(c));
  }
  flush();
  return out;
}

void AliasTable::add_tsv(std::string_view text, const std::string& where) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t p = 0;
    while (p <= line.size()) {
      std::size_t t = line.find('\t', p);
      if (t == std::string_view::npos) t = line.size();
      std::string f(line.substr(p, t - p));
      while (!f.empty() && f.back() == ' ') f.pop_back();
      while (!f.empty() && f.front() == ' ') f.erase(f.begin());
      fields.push_back(f);
      p = t + 1;
    }
    if (fields.empty() || fields[0].empty())
      throw Error(where + ":" + std::to_string(line_no) +
                  ": alias line without a canonical name (expected canonical<TAB>alias...)");
    const std::string& canon = fields[0];
    for (const std::string& f : fields) {
      if (f.empty()) continue;
      std::string k = key(f);
      map_[k] = canon;
      if (k.find(' ') == std::string::npos && f != canon) surnames_[k] = canon;
    }
    // The canonical name's last word, when no other person claims it.
    std::string ck = key(canon);
    std::size_t sp = ck.rfind(' ');
    if (sp != std::string::npos) {
      std::string last = ck.substr(sp + 1);
      auto it = surnames_.find(last);
      if (it == surnames_.end())
        surnames_[last] = canon;
      else if (it->second != canon && map_.count(last) == 0)
        it->second.clear();
    }
  }
}

void AliasTable::add_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the alias file " + path + " (check WHOSAID_ALIASES)");
  std::ostringstream ss;
  ss << in.rdbuf();
  add_tsv(ss.str(), path);
}

std::string AliasTable::canonical(std::string_view name) const {
  auto it = map_.find(key(name));
  if (it == map_.end()) return {};
  if (key(name).find(' ') == std::string::npos) return canonical_surname(name);
  return it->second;
}

std::string AliasTable::canonical_surname(std::string_view surname) const {
  std::string k = key(surname);
  auto m = map_.find(k);
  if (m != map_.end()) return m->second;  // listed explicitly as an alias
  auto it = surnames_.find(k);
  return it == surnames_.end() ? std::string() : it->second;
}

namespace {

// Confidence of each way a speaker is found or resolved: how often it
// names the right speaker, judged by reading PolNeAR train and BBC
// attributions (the source-finding rules are near-certain; pronouns, roles
// and continued quotations less so). The product of the source rule and
// the resolution step is the quote's confidence; under kMinConfidence the
// speaker is left unknown, because a wrong speaker costs a reader more
// than a missing one.
constexpr double kRuleSure = 0.95;             // "...," said X / "...," X said
constexpr double kRuleSubject = 0.9;           // X said (that) ... / ..., X said
constexpr double kRuleColon = 0.8;             // "Kerry: ..."
constexpr double kRulePartial = 0.9;           // a partial quotation inside reported speech
constexpr double kRuleContinued = 0.8;         // a quotation continuing the previous one
constexpr double kResolveSurname = 0.95;       // a surname or first name to the full name
constexpr double kResolvePronoun = 0.8;        // a pronoun to the speaker before
constexpr double kResolvePronounName = 0.7;    // a pronoun to a person merely named before
constexpr double kResolvePronounObject = 0.5;  // ... to a person named elsewhere in a sentence
constexpr double kResolveUnknownGender = 0.9;  // "she" to a name of unknown gender
constexpr double kResolveRole = 0.7;           // "the Lions coach" to the person with that role

// Institutions named without an organisation word that speak as such.
bool is_known_institution(std::string_view key) {
  static const std::unordered_set<std::string_view> k = {
      "pentagon",       "white house", "downing street",
      "kremlin",        "elysee",      "wall street",
      "number 10",      "no 10",       "state department",
      "foreign office", "home office", "treasury",
      "vatican",        "whitehall",   "quai dorsay",
      "bundestag",      "knesset",     "duma"};
  return k.count(key) > 0;
}

// Organisation words that do not name one on their own: "Office",
// "Ministers", "the company".
bool is_generic_org_word(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "house",        "ministry",   "department",     "office",     "agency",
      "commission",   "council",    "committee",      "party",      "government",
      "court",        "police",     "times",          "post",       "journal",
      "news",         "network",    "press",          "bank",       "fund",
      "inc",          "corp",       "company",        "group",      "university",
      "institute",    "foundation", "association",    "union",      "organization",
      "organisation", "service",    "administration", "campaign",   "forces",
      "command",      "bureau",     "authority",      "board",      "center",
      "centre",       "coalition",  "alliance",       "federation", "embassy",
      "tribunal",     "cabinet",    "ministries",     "league",     "club",
      "team",         "firm",       "firms",          "tv",         "radio",
      "ministers"};
  return k.count(w) > 0;
}

// False if a word of NAME after its first names a place, event or thing,
// never part of a person's name: "Hyde Park", "Davis Cup", "Golden Globe", "World Dramatic".
bool person_words(const std::string& name) {
  static const std::unordered_set<std::string_view> kThings = {
      "park",     "cup",       "league",    "globe",        "globes",        "award",
      "awards",   "prize",     "festival",  "championship", "championships", "trophy",
      "stadium",  "square",    "street",    "road",         "avenue",        "bridge",
      "hall",     "museum",    "gallery",   "theatre",      "theater",       "school",
      "college",  "hospital",  "airport",   "station",      "world",         "dramatic",
      "politics", "news",      "report",    "games",        "olympics",      "series",
      "tour",     "act",       "amendment", "index",        "exchange",      "market",
      "markets",  "economics", "sports",    "tv",           "online",        "music",
      "records",  "pictures",  "studios",   "films",        "magazine",      "show"};
  // Only words after the first: "Park Geun-hye", "Bill Clinton".
  std::string lower = lower_utf8(name);
  for (std::size_t b = lower.find(' '); b != std::string::npos && ++b < lower.size();) {
    std::size_t sp = lower.find(' ', b);
    std::string_view w =
        std::string_view(lower).substr(b, sp == std::string::npos ? lower.npos : sp - b);
    if (kThings.count(w)) return false;
    if (sp == std::string::npos) break;
    b = sp;
  }
  return true;
}

// A one-word name that is a verb form capitalised by its position:
// "Looking", "Hacked", "Contributing".
bool looks_like_verb(const std::string& name) {
  if (name.find(' ') != std::string::npos || name.size() <= 5) return false;
  std::string w = lower_utf8(name);
  if (is_male_name(w) || is_female_name(w)) return false;
  return w.ends_with("ing") || w.ends_with("ed");
}

// Where a source rule found the source of A (the rules of quotes.h leave
// it in the geometry of the attribution): the rule's name and confidence.
std::pair<const char*, double> source_rule(const Attribution& a) {
  // The finder's own rule, except the tagger's: where the tagger and the
  // geometry agree on a pattern the rules know, the pattern's confidence.
  if (!a.rule.empty() && a.rule != "tagger") return {a.rule.c_str(), rule_confidence(a.rule)};
  if (a.inherits >= 0)
    return a.nested ? std::pair{"partial-quote", kRulePartial}
                    : std::pair{"previous-quote", kRuleContinued};
  if (a.source.empty()) return {"", 0.0};
  if (a.cue_text == ":") return {"colon", kRuleColon};
  bool source_after_content = a.source.begin >= a.content.end;
  if (a.direct && source_after_content)
    return a.cue.begin < a.source.begin ? std::pair{"said-x", kRuleSure}
                                        : std::pair{"x-said", kRuleSure};
  return {"cue-subject", kRuleSubject};
}

// The named entity ("PER", "ORG", "LOC", "MISC") overlapping the code
// points [s, e) of ENTITIES (text order), null if none. When several
// overlap, the first. The one place that reads entities: the tagger behind
// them can change without touching the rules.
const EntityMention* entity_at(const std::vector<EntityMention>& entities, std::size_t s,
                               std::size_t e) {
  auto it = std::lower_bound(entities.begin(), entities.end(), s,
                             [](const EntityMention& m, std::size_t v) { return m.end <= v; });
  return it != entities.end() && it->start < e ? &*it : nullptr;
}

// Resolution of the source phrases of an article to speakers, in text
// order (see speakers.h): each attribution's source phrase is analysed,
// resolved by its kind, checked against what the text supports (the gate)
// and remembered for the pronouns and descriptions that follow.
class Resolver {
 public:
  Resolver(const TokenizedText& tt, const std::vector<Attribution>& attrs,
           const AliasTable& aliases, const std::vector<PlaceMention>& places,
           const std::vector<EntityMention>* entities)
      : tt_(tt),
        T_(tt.tokens),
        attrs_(attrs),
        aliases_(aliases),
        places_(places),
        entities_(entities),
        names_(collect_names(tt, places, lone_subjects_)),
        out_(attrs.size()),
        done_(attrs.size()),
        gender_(attrs.size()),
        plural_(attrs.size()),
        head_(attrs.size()),
        pos_(attrs.size()) {
    // "technology analysts Gartner", "research firm Forrester": a one-word
    // name after such a noun is an organisation wherever it speaks.
    static const std::unordered_set<std::string_view> kOrgKinds = {
        "analysts", "researchers", "consultants", "consultancy", "firm",  "company",
        "group",    "bank",        "agency",      "giant",       "maker", "retailer",
        "insurer",  "lender",      "watchdog",    "regulator",   "carrier"};
    for (std::size_t k = 1; k < T_.size(); ++k) {
      const Token& w = T_[k];
      bool alone = k + 1 >= T_.size() || !T_[k + 1].cap || T_[k + 1].kind != Token::kWord;
      if (w.kind == Token::kWord && w.cap && !w.all_caps && alone &&
          T_[k - 1].kind == Token::kWord && !T_[k - 1].cap && kOrgKinds.count(T_[k - 1].lower))
        org_names_.insert(AliasTable::key(w.text));
    }
    for (std::size_t n = 0; n < names_.size(); ++n) {
      names_by_word_[names_[n].last_key].push_back(n);
      if (!names_[n].first_key.empty() && names_[n].first_key != names_[n].last_key)
        names_by_word_[names_[n].first_key].push_back(n);
      for (int g = 0; g < 3; ++g)
        if (g == 0 || names_[n].gender == 0 || names_[n].gender == g)
          names_for_gender_[g].push_back(n);
    }
  }

  std::vector<SpeakerMention> run() {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < attrs_.size(); ++i)
      if (!attrs_[i].source.empty()) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return attrs_[x].source.begin < attrs_[y].source.begin;
    });
    order_ = order;
    for (std::size_t oi = 0; oi < order.size(); ++oi) resolve_one(oi);
    inherit();
    for (std::size_t i = 0; i < attrs_.size(); ++i) apply_threshold(out_[i]);
    return std::move(out_);
  }

 private:
  // Resolved attributions a pronoun may refer to (see resolve_pronoun).
  struct Candidates {
    std::vector<std::size_t> attr;
    std::vector<std::size_t> max_pos;
    void add(std::size_t j, std::size_t p) {
      max_pos.push_back(max_pos.empty() ? p : std::max(max_pos.back(), p));
      attr.push_back(j);
    }
  };

  void resolve_one(std::size_t oi) {
    std::size_t i = order_[oi];
    const Attribution& at = attrs_[i];
    TokenRange np = at.antecedent.empty() ? at.source : at.antecedent;
    SourceAnalysis s = analyse_source(tt_, np);
    SpeakerMention m;
    m.name = s.text;
    m.kind = s.kind;
    m.role = s.role;
    m.organization = s.organization.empty() ? organization_after(np) : s.organization;
    m.start = range_start(tt_, s.name);
    m.end = range_end(tt_, s.name);
    if (s.kind == "person" || s.kind == "organization") narrow_to_person(s, m);
    auto [rule, confidence] = source_rule(at);
    m.rule = !s.organization.empty() || s.role_after_comma ? "appositive" : rule;
    m.confidence = confidence;
    pos_[i] = m.start;
    gender_[i] = s.gender;
    plural_[i] = s.plural;
    head_[i] = s.head;
    int para = T_[np.begin].para;
    if (s.kind == "person") {
      resolve_person(i, s, m);
    } else if (s.kind == "organization") {
      resolve_organization(m);
    } else if (s.kind == "pronoun") {
      resolve_pronoun(s, para, m);
    } else {
      resolve_description(s, m);
    }
    out_[i] = std::move(m);
    done_[i] = true;
    remember(oi);
  }

  // A name that ends in a full name the tagger calls a person, after words
  // it does not ("Fly-half Owen Carty", "Cardiff-born Tom Pritchard",
  // "Federal Reserve Vice Chair for Supervision Michelle Bowman"), is that
  // person: the words before are a description, kept as the role.
  void narrow_to_person(SourceAnalysis& s, SpeakerMention& m) const {
    if (!entities_) return;
    // Entities are in text order: those starting before the phrase are
    // skipped by a binary search, not one by one from the article's start.
    auto from = std::lower_bound(entities_->begin(), entities_->end(), m.start,
                                 [](const EntityMention& e, std::size_t v) { return e.start < v; });
    for (auto it = from; it != entities_->end(); ++it) {
      const EntityMention& e = *it;
      if (e.start >= m.end) break;
      if (e.type != "PER" || e.end != m.end) continue;
      if (e.text.find(' ') == std::string::npos) return;  // a surname alone: keep the phrase
      // The very name, read as an organisation for a word of it ("Graham
      // Poll"): a person when it starts with a first name.
      if (e.start == m.start &&
          (s.kind != "organization" || !is_census_first_name(lower_utf8(e.text.substr(0, e.text.find(' '))))))
        return;
      std::string before = encode_utf8(std::u32string_view(tt_.text).substr(m.start, e.start - m.start));
      while (!before.empty() && (before.back() == ' ' || before.back() == ',')) before.pop_back();
      if (m.role.empty()) m.role = before;
      m.name = e.text;
      m.start = e.start;
      m.kind = "person";
      s.kind = "person";
      s.text = e.text;
      return;
    }
  }

  // The organisation of an appositive after the source phrase NP, which
  // the phrase itself left out: "..., said Paul Dales, of Capital
  // Economics" or "..., said Jane Doe, an analyst at Foo Bank".
  std::string organization_after(TokenRange np) const {
    std::size_t k = np.end;
    if (np.empty() || !T_[np.end - 1].cap || k + 2 >= T_.size() || T_[k].text != "," ||
        T_[k + 1].sentence != T_[np.end - 1].sentence)
      return {};
    ++k;
    if (T_[k].is_word() && is_determiner(T_[k].lower)) {
      // "an analyst at", "the chief economist of"
      std::size_t j = k + 1;
      while (j < T_.size() && j - k < 5 && T_[j].is_word() && !T_[j].cap && T_[j].lower != "at" &&
             T_[j].lower != "of" && T_[j].lower != "for")
        ++j;
      k = j;
    }
    if (k >= T_.size() || !T_[k].is_word() ||
        !(T_[k].lower == "of" || T_[k].lower == "at" || T_[k].lower == "for" ||
          T_[k].lower == "from"))
      return {};
    std::size_t b = ++k;
    if (b < T_.size() && T_[b].lower == "the") b = ++k;
    while (k < T_.size() && T_[k].sentence == T_[b].sentence &&
           (T_[k].cap || (is_name_particle(T_[k].lower) && k + 1 < T_.size() && T_[k + 1].cap)))
      ++k;
    return k > b ? tokens_text(tt_, b, k) : std::string();
  }

  // A named person: a place stands for its government; one word is a
  // surname or first name of a full name given in the article (Citron's
  // rule: the earliest, longest compatible one) or of the alias table.
  void resolve_person(std::size_t i, const SourceAnalysis& s, SpeakerMention& m) {
    if (is_place_exactly(places_, m.start, m.end) || overlaps_place(places_, m.start, m.end)) {
      m.kind = "organization";  // a capital or country for its government
      m.canonical = m.name;
      return;
    }
    const NameMention* full = nullptr;
    if (s.name.end - s.name.begin == 1) {
      full = full_name_for(AliasTable::key(m.name), m.start);
      if (full) {
        m.canonical = full->full;
        if (m.role.empty()) m.role = full->role;
        if (!gender_[i]) gender_[i] = full->gender;
        m.rule = m.rule == "appositive" ? m.rule : "surname";
        m.confidence *= kResolveSurname;
      } else if (org_names_.count(AliasTable::key(m.name))) {
        m.kind = "organization";
        m.canonical = m.name;
        m.role.clear();
        return;
      } else {
        m.canonical = m.name;
      }
      std::string alias = aliases_.canonical(m.canonical);
      if (alias.empty() && !full) alias = aliases_.canonical_surname(m.name);
      if (!alias.empty()) m.canonical = alias;
    } else {
      std::string alias = aliases_.canonical(m.name);
      m.canonical = alias.empty() ? m.name : alias;
      // "Vince Cable" is the "Vincent Cable" the article also names.
      if (alias.empty() && T_[s.name.begin].kind == Token::kWord) {
        const NameMention* longer = longer_first_name(AliasTable::key(T_[s.name.begin].text),
                                                      AliasTable::key(T_[s.name.end - 1].text));
        if (longer) m.canonical = longer->full;
      }
    }
    if (aliases_.is_organization(m.canonical)) {
      m.kind = "organization";
      m.role.clear();
      return;
    }
    gate_person(s, full, m);
  }

  // A named person must be one: a PER entity (the mention, or the full
  // name it resolved to), a title before a capitalised name ("Mr Brown"),
  // a person of the alias table, or a full name starting with a known first
  // name. An ORG entity becomes an organisation ("Goldman Sachs"); anything
  // else ("Looking", "Witness Debunks", "Hyde Park") keeps its quote with
  // an unknown speaker.
  void gate_person(const SourceAnalysis& s, const NameMention* full, SpeakerMention& m) {
    if (!entities_) return;
    if (is_known_institution(AliasTable::key(m.canonical))) {
      m.kind = "organization";
      m.role.clear();
      return;
    }
    if (!person_words(m.canonical) || (!full && !s.titled && looks_like_verb(m.canonical)))
      return make_unknown(m);
    std::string_view type = entity_type(m.start, m.end);
    if (type == "PER") return;
    if (full && entity_type(full->start, full->end) == "PER") return;
    if (!aliases_.canonical(m.canonical).empty()) return;
    if (s.titled) return;
    if (full && full->titled) return;
    // A full name that starts with a known first name, unless the tagger
    // calls this very phrase an organisation ("Morgan Stanley").
    std::size_t sp = m.canonical.find(' ');
    // ... but a role stood before it ("Labour MP Stephen Pound": the
    // tagger's organisation is the role and the name together).
    if (sp != std::string::npos && !s.name.empty() && s.name.begin > 0 &&
        T_[s.name.begin - 1].cap && role_like(T_[s.name.begin - 1]) &&
        is_census_first_name(lower_utf8(m.canonical.substr(0, sp))))
      return;
    if (sp != std::string::npos && (type != "ORG" || full)) {
      std::string first = lower_utf8(m.canonical.substr(0, sp));
      if (is_male_name(first) || is_female_name(first)) return;
    }
    if (type == "ORG") {
      m.kind = "organization";
      m.role.clear();
      resolve_organization(m);
      return;
    }
    make_unknown(m);
  }

  void resolve_organization(SpeakerMention& m) {
    // The whole organisation, not the part the phrase ended on ("S" of
    // "S&P", "Debates" of "Commission on Presidential Debates").
    const EntityMention* org = entities_ ? entity_at(*entities_, m.start, m.end) : nullptr;
    if (org && org->type == "ORG" && org->start <= m.start && m.end <= org->end &&
        org->end - org->start > m.end - m.start) {
      m.name = org->text;
      m.start = org->start;
      m.end = org->end;
    }
    std::string name = strip_the(m.name);
    std::string alias = aliases_.canonical(name);
    m.canonical = alias.empty() ? name : alias;
    if (!alias.empty() || !entities_) return;
    // An organisation must be one: an ORG entity, a known institution or
    // publication, or a name with an organisation word beside other words.
    // A plural of an abbreviation is a group of people: "MPs", "MEPs".
    if (name.size() >= 3 && name.back() == 's' &&
        std::all_of(name.begin(), name.end() - 1, [](char c) { return c >= 'A' && c <= 'Z'; }))
      return make_unknown(m);
    std::string_view type = entity_type(m.start, m.end);
    if (type == "ORG") return;
    std::string key = AliasTable::key(name);
    if (is_known_institution(key)) return;
    if (type == "PER") return make_unknown(m);
    bool one_word = key.find(' ') == std::string::npos;
    if (one_word) {
      // "the Kremlin", "NAACP"; not "Office", "TV", "S".
      bool named_org = is_org_word(key) && !is_generic_org_word(key) && !is_source_noun(key);
      bool acronym = name.size() >= 3 && name.size() <= 6 &&
                     std::all_of(name.begin(), name.end(),
                                 [](char c) { return (c >= 'A' && c <= 'Z') || c == '.'; }) &&
                     !is_generic_org_word(key) && !is_common_word(key);  // not "NOTE"
      if (named_org || acronym) return;
      return make_unknown(m);
    }
    bool org_word = false, other = false;
    for (std::size_t b = 0; b <= key.size();) {
      std::size_t sp = key.find(' ', b);
      std::string_view w =
          std::string_view(key).substr(b, sp == std::string::npos ? key.npos : sp - b);
      (is_org_word(w) ? org_word : other) = true;
      if (sp == std::string::npos) break;
      b = sp + 1;
    }
    // Several words: one of them an organisation word ("Congressional
    // Budget Office", "The Wall Street Journal"), else the tagger's word.
    if (!(org_word && other)) make_unknown(m);
  }

  // The nearest compatible earlier speaker within three paragraphs, else
  // the nearest person named before.
  void resolve_pronoun(const SourceAnalysis& s, int para, SpeakerMention& m) {
    m.rule = "pronoun";
    // "I" and "you" are someone inside a quotation, never resolved here.
    if (s.head == "i" || s.head == "you" || s.head == "me") return make_unknown(m);
    // "it" is an organisation (or a document), never a person.
    bool want_plural = s.plural || s.head == "it" || s.head == "its";
    int want_gender = s.gender;
    std::size_t found_pos = 0;
    const SpeakerMention* found = nearest_speaker_before(want_plural, want_gender, para, m.start,
                                                         found_pos);
    if (!want_plural) {
      // The last name before the pronoun of a compatible gender.
      const std::vector<std::size_t>& v = names_for_gender_[std::clamp(want_gender, 0, 2)];
      auto after =
          std::lower_bound(v.begin(), v.end(), m.start,
                           [&](std::size_t n, std::size_t at) { return names_[n].start < at; });
      const NameMention* best = after == v.begin() ? nullptr : &names_[*(after - 1)];
      if (resolve_to_lone_subject(want_gender, para, found ? found_pos : 0, best, m)) return;
      if (best && (!found || (best->start > found_pos && best->subject)) &&
          para - best->para <= 3 && !(found && found->canonical == best->full))
        return resolve_to_name(*best, want_gender, m);
    }
    if (found) {
      m.kind = found->kind;
      m.canonical = found->canonical;
      m.role = found->role;
      m.organization = found->organization;
      m.confidence *= kResolvePronoun;
    } else if (m.canonical.empty()) {
      m.kind = want_plural ? "unnamed" : "person";
    }
  }

  // The compatible resolved speaker with the greatest position before AT
  // (the first in `order` of equals) within three paragraphs, its position
  // in POS; scanning back from the latest resolved: paragraphs do not
  // decrease along `order`, and the running maximum says when no earlier
  // one can be nearer.
  const SpeakerMention* nearest_speaker_before(bool want_plural, int want_gender, int para,
                                               std::size_t at, std::size_t& pos) const {
    const SpeakerMention* found = nullptr;
    const Candidates& cands =
        pronoun_candidates_[want_plural ? 0 : 1 + std::clamp(want_gender, 0, 2)];
    for (std::size_t c = cands.attr.size(); c-- > 0;) {
      std::size_t j = cands.attr[c];
      if (para - T_[attrs_[j].source.begin].para > 3) break;
      if (found && cands.max_pos[c] < pos) break;
      if (pos_[j] >= at) continue;
      if (!found || pos_[j] >= pos) {
        found = &out_[j];
        pos = pos_[j];
      }
    }
    return found;
  }

  // A pronoun refers to the person named BEST.
  void resolve_to_name(const NameMention& best, int want_gender, SpeakerMention& m) const {
    m.kind = "person";
    m.canonical = best.full;
    std::string alias = aliases_.canonical(best.full);
    if (!alias.empty()) m.canonical = alias;
    m.role = best.role;
    // A name in another role than subject ("... criticised Rand
    // Paul. He said") is a weak antecedent, a name of unknown gender
    // for "he"/"she" a little weaker.
    m.confidence *= best.subject ? kResolvePronounName : kResolvePronounObject;
    if (want_gender && !best.gender) m.confidence *= kResolveUnknownGender;
    bool person = person_at(best.start, best.end) || best.titled || !alias.empty();
    if (!person) make_unknown(m);
  }

  // "Celtic manager O'Neill is no respecter of reputations. '...,' he
  // said": a pronoun refers to the one-word name of a person that is the
  // subject of a sentence before it in its paragraph or the one before,
  // when that name is nearer than the speaker before (after FOUND_POS) and
  // the full name before (BEST). The name resolves to its full name.
  bool resolve_to_lone_subject(int want_gender, int para, std::size_t found_pos,
                               const NameMention* best, SpeakerMention& m) {
    auto after = std::lower_bound(
        lone_subjects_.begin(), lone_subjects_.end(), m.start,
        [](const NameMention& n, std::size_t at) { return n.start < at; });
    if (after == lone_subjects_.begin()) return false;
    const NameMention& lone = *(after - 1);
    if (para - lone.para > 1 || lone.start < found_pos || (best && lone.start < best->end))
      return false;
    if (!person_at(lone.start, lone.end)) return false;
    const NameMention* full = full_name_for(lone.last_key, lone.start);
    // A lone capitalised word that opens its sentence may be any word
    // ("Chastened, he ..."): it must be a name the article gives in full,
    // or stand after a title or role.
    bool opens_sentence = lone.role.empty() && !lone.titled;
    if (opens_sentence && !full) return false;
    int gender = full ? full->gender : lone.gender;
    if (want_gender && gender && gender != want_gender) return false;
    m.kind = "person";
    m.canonical = full ? full->full : lone.full;
    std::string alias = aliases_.canonical(m.canonical);
    if (!alias.empty()) m.canonical = alias;
    m.role = full && !full->role.empty() ? full->role : lone.role;
    m.confidence *= kResolvePronounName;
    if (want_gender && !gender) m.confidence *= kResolveUnknownGender;
    return true;
  }

  // "the spokesman" -> a person whose role has that word; "that official"
  // -> an earlier unnamed source with the same head: the last such before
  // it. Without one, the description stays, unnamed.
  void resolve_description(const SourceAnalysis& s, SpeakerMention& m) {
    m.canonical = m.name;
    if (!s.definite) return;
    if (resolve_to_organization(s, m)) return;
    static const std::vector<std::size_t> kNone;
    auto list = [](const auto& map, const std::string& key) -> const std::vector<std::size_t>& {
      auto it = map.find(key);
      return it == map.end() ? kNone : it->second;
    };
    const std::vector<std::size_t>& heads = list(unnamed_by_head_, s.head);
    const std::vector<std::size_t>& roles = is_source_noun(s.head) || is_descriptor(s.head)
                                                ? list(people_by_role_word_, s.head)
                                                : kNone;
    std::size_t h = heads.size(), r = roles.size();
    while (h > 0 || r > 0) {
      bool from_role = h == 0 || (r > 0 && roles[r - 1] > heads[h - 1]);
      std::size_t j = order_[from_role ? roles[--r] : heads[--h]];
      if (pos_[j] >= m.start) continue;
      const SpeakerMention& o = out_[j];
      m.kind = o.kind;
      m.canonical = o.canonical;
      if (from_role) {
        m.role = o.role;
        m.rule = "role";
        m.confidence *= kResolveRole;
        return;
      }
      // The role comes from the last person matched by role, if any.
      while (r > 0) {
        std::size_t k = order_[roles[--r]];
        if (pos_[k] >= m.start) continue;
        m.role = out_[k].role;
        break;
      }
      return;
    }
    // A person named with that role anywhere before ("Lions coach Clive
    // Woodward ... the Lions coach said").
    if (!is_source_noun(s.head) && !is_descriptor(s.head)) return;
    std::string head = " " + s.head + " ";
    for (std::size_t n = names_.size(); n-- > 0;) {
      const NameMention& nm = names_[n];
      if (nm.start >= m.start || nm.role.empty()) continue;
      std::string role = " " + lower_utf8(nm.role) + " ";
      if (role.find(head) == std::string::npos) continue;
      if (!(person_at(nm.start, nm.end) || nm.titled)) return;
      std::string alias = aliases_.canonical(nm.full);
      m.kind = "person";
      m.canonical = alias.empty() ? nm.full : alias;
      m.role = nm.role;
      m.rule = "role";
      m.confidence *= kResolveRole;
      return;
    }
  }

  // "the company", "the bank": the organisation that spoke last before
  // it, else the one organisation the article names before it. Only
  // business words: "the newspaper" or "the network" after another kind of
  // organisation spoke is often a third one (on PolNeAR dev, 2 of 4 right
  // with them, 2 of 2 without).
  bool resolve_to_organization(const SourceAnalysis& s, SpeakerMention& m) {
    static const std::unordered_set<std::string_view> kOrgHeads = {
        "company", "firm",  "bank",     "agency", "airline", "insurer",  "retailer", "carrier",
        "group",   "lender", "business", "maker", "producer", "chain",   "operator"};
    if (!kOrgHeads.count(s.head) || s.plural) return false;
    std::string name;
    for (std::size_t k = org_speakers_.size(); k-- > 0;) {
      std::size_t j = order_[org_speakers_[k]];
      if (pos_[j] < m.start) {
        name = out_[j].canonical;
        break;
      }
    }
    if (name.empty() && entities_) {
      for (const EntityMention& e : *entities_) {
        if (e.start >= m.start) break;
        if (e.type != "ORG") continue;
        std::string n = strip_the(e.text);
        if (!name.empty() && n != name) return false;  // several: which one is unclear
        name = n;
      }
    }
    if (name.empty()) return false;
    std::string alias = aliases_.canonical(name);
    m.kind = "organization";
    m.canonical = alias.empty() ? name : alias;
    m.rule = "role";
    m.confidence *= kResolveRole;
    return true;
  }

  // The ORG entities that start before a code point, as
  // resolve_to_organization reads them: the last one's name (without
  // "the"), and whether one of them differs from the named one just before
  // it (then which organisation "the company" is, is unclear).
  struct OrgsBefore {
    const std::string* name = nullptr;  // null: none
    bool several = false;
  };

  // The ORG entities starting before AT: from a table of the article's,
  // built on first use, so that every description does not read the
  // entities from the article's start.
  const OrgsBefore& orgs_before(std::size_t at) {
    if (org_entities_.empty()) {
      org_entities_.push_back({0, {}});  // before the first ORG: none
      org_names_before_.reserve(entities_->size());
      const std::string* last = nullptr;
      bool several = false;
      for (const EntityMention& e : *entities_) {
        if (e.type != "ORG") continue;
        org_names_before_.push_back(strip_the(e.text));
        const std::string& n = org_names_before_.back();
        if (last && !last->empty() && n != *last) several = true;
        last = &n;
        // Each ORG entity's state holds for the code points after its start.
        org_entities_.push_back({e.start + 1, {last, several}});
      }
    }
    auto it = std::upper_bound(org_entities_.begin(), org_entities_.end(), at,
                               [](std::size_t v, const auto& x) { return v < x.first; });
    return (it - 1)->second;
  }

  // What later pronouns and definite sources may refer to.
  void remember(std::size_t oi) {
    std::size_t i = order_[oi];
    const SpeakerMention& o = out_[i];
    if (o.kind == "organization" && !o.canonical.empty()) org_speakers_.push_back(oi);
    if (!o.canonical.empty()) {
      if (o.kind == "organization" || (o.kind == "unnamed" && plural_[i]))
        pronoun_candidates_[0].add(i, pos_[i]);
      if (o.kind == "person")
        for (int g = 0; g < 3; ++g)
          if (g == 0 || gender_[i] == 0 || gender_[i] == g)
            pronoun_candidates_[1 + g].add(i, pos_[i]);
    }
    if (o.kind == "unnamed") unnamed_by_head_[head_[i]].push_back(oi);
    if (o.kind == "person" && !o.role.empty()) {
      // The words of the role as " role " would be searched for " word ".
      std::string role = lower_utf8(o.role);
      std::vector<std::string> words;
      for (std::size_t b = 0;;) {
        std::size_t sp = role.find(' ', b);
        words.push_back(role.substr(b, sp == std::string::npos ? std::string::npos : sp - b));
        if (sp == std::string::npos) break;
        b = sp + 1;
      }
      std::sort(words.begin(), words.end());
      words.erase(std::unique(words.begin(), words.end()), words.end());
      for (const std::string& w : words) people_by_role_word_[w].push_back(oi);
    }
  }

  // Attributions without a source share the speaker of the one they
  // continue, with the confidence of a continuation.
  void inherit() {
    for (std::size_t i = 0; i < attrs_.size(); ++i) {
      if (done_[i]) continue;
      int j = attrs_[i].inherits;
      if (j >= 0 && static_cast<std::size_t>(j) < attrs_.size() && done_[j]) {
        auto [rule, confidence] = source_rule(attrs_[i]);
        out_[i] = out_[j];
        out_[i].rule = rule;
        out_[i].confidence = out_[j].confidence * confidence;
        done_[i] = true;
      }
    }
  }

  // A named speaker the text does not support well enough is left unknown.
  static void apply_threshold(SpeakerMention& m) {
    if (m.kind == "unnamed" || m.canonical.empty()) return;
    if (m.confidence < kMinSpeakerConfidence) make_unknown(m);
  }

  // The speaker is not a name we can vouch for: the quote keeps its
  // source span and rule, without a name.
  static void make_unknown(SpeakerMention& m) {
    m.kind = "unnamed";
    m.name.clear();
    m.canonical.clear();
    m.role.clear();
    m.organization.clear();
  }

  // A PER entity at [s, e); any name when there is no entity information.
  bool person_at(std::size_t s, std::size_t e) const {
    return !entities_ || entity_type(s, e) == "PER";
  }

  // The type of the entity at [s, e) (see entity_at), "" if none.
  std::string_view entity_type(std::size_t s, std::size_t e) const {
    if (!entities_) return "";
    const EntityMention* m = entity_at(*entities_, s, e);
    return m ? std::string_view(m->type) : std::string_view();
  }

  // The full name a one-word mention (key K, at code point AT) stands for:
  // the earliest, longest name of the article with that surname or first
  // name when only one person has it; when several do, the nearest before
  // (else the first after).
  const NameMention* full_name_for(const std::string& k, std::size_t at) const {
    auto it = names_by_word_.find(k);
    if (it == names_by_word_.end()) return nullptr;
    const std::vector<std::size_t>& v = it->second;
    if (const NameMention* one = one_person_for(v)) return one;
    auto after = std::upper_bound(v.begin(), v.end(), at, [&](std::size_t at_pos, std::size_t n) {
      return at_pos < names_[n].start;
    });
    return &names_[after == v.begin() ? v.front() : *(after - 1)];
  }

  // The full name when the names of V (of names_by_word_) are all one
  // person, else null: the same wherever in the article it is asked, so
  // worked out once per word, not once per mention of it.
  const NameMention* one_person_for(const std::vector<std::size_t>& v) const {
    auto [cached, fresh] = one_person_.try_emplace(&v, nullptr);
    if (fresh) cached->second = find_one_person(v);
    return cached->second;
  }

  const NameMention* find_one_person(const std::vector<std::size_t>& v) const {
    const NameMention* first = &names_[v.front()];
    bool one_person = true;
    for (std::size_t n : v) {
      const NameMention& c = names_[n];
      // "Vince Cable" and "Vincent Cable" are one person.
      bool same = c.full == first->full ||
                  (c.last_key == first->last_key &&
                   (c.first_key == first->first_key || short_form(c.first_key, first->first_key) ||
                    short_form(first->first_key, c.first_key)));
      if (!same) one_person = false;
    }
    if (one_person) {
      const NameMention* best = first;
      for (std::size_t n : v)
        if (names_[n].words > best->words) best = &names_[n];
      // The earliest form wins unless a longer one adds a middle name.
      const NameMention* out = best->words > first->words && first->words < 2 ? best : first;
      const NameMention* longer = longer_first_name(out->first_key, out->last_key);
      return longer ? longer : out;
    }
    return nullptr;
  }

  // True if first name SHORT is a short form of LONG: "Vince" of
  // "Vincent", "Rob" of "Robert" (three letters or more of its start).
  static bool short_form(const std::string& shrt, const std::string& lng) {
    return shrt.size() >= 3 && lng.size() > shrt.size() && lng.starts_with(shrt);
  }

  // The article's full name with surname LAST whose first name is the
  // longest of which FIRST is a short form ("Vincent Cable" for "Vince
  // Cable" when both appear), null if none.
  // Kept by LAST's list and FIRST: a name that speaks a thousand times
  // reads the article's names with its surname once.
  const NameMention* longer_first_name(const std::string& first, const std::string& last) const {
    if (first.empty() || first == last) return nullptr;
    auto it = names_by_word_.find(last);
    if (it == names_by_word_.end()) return nullptr;
    auto& by_first = longer_first_[&it->second];
    auto cached = by_first.find(first);
    if (cached == by_first.end())
      cached = by_first.emplace(first, find_longer_first_name(first, last, it->second)).first;
    return cached->second;
  }

  const NameMention* find_longer_first_name(const std::string& first, const std::string& last,
                                            const std::vector<std::size_t>& v) const {
    const NameMention* best = nullptr;
    for (std::size_t n : v) {
      const NameMention& c = names_[n];
      if (c.last_key != last || c.first_key == c.last_key || !short_form(first, c.first_key))
        continue;
      if (!best || short_form(best->first_key, c.first_key))
        best = &c;
      else if (c.first_key != best->first_key && !short_form(c.first_key, best->first_key))
        return nullptr;  // "Chris": Christine or Christopher?
    }
    return best;
  }

  const TokenizedText& tt_;
  const std::vector<Token>& T_;
  const std::vector<Attribution>& attrs_;
  const AliasTable& aliases_;
  const std::vector<PlaceMention>& places_;
  const std::vector<EntityMention>* entities_;
  std::vector<NameMention> lone_subjects_;  // declared before names_: filled by its initialiser
  std::vector<NameMention> names_;
  std::vector<SpeakerMention> out_;
  std::vector<bool> done_;
  std::vector<int> gender_;
  std::vector<bool> plural_;
  std::vector<std::string> head_;
  std::vector<std::size_t> pos_;    // code point of the source mention
  std::vector<std::size_t> order_;  // attributions with a source, by its position
  // Lookups that must not scan the whole article for every attribution
  // (an article of thousands of quotations was quadratic). Names are in
  // text order; so are the lists below, which grow as attributions are
  // resolved (in `order_`).
  std::unordered_map<std::string_view, std::vector<std::size_t>> names_by_word_;
  std::vector<std::size_t> names_for_gender_[3];  // gender 0: all; 1, 2: that or unknown
  // What full_name_for and longer_first_name found, by the list of
  // names_by_word_ they read (and the first name asked for).
  mutable std::unordered_map<const std::vector<std::size_t>*, const NameMention*> one_person_;
  mutable std::unordered_map<const std::vector<std::size_t>*,
                             std::unordered_map<std::string, const NameMention*>>
      longer_first_;
  // [0] plural (organisations, plural unnamed sources), [1 + g] a person
  // of gender g or unknown (g 0: any person); with the running maximum of
  // their positions, which ends a backward scan.
  Candidates pronoun_candidates_[4];
  // Order positions of resolved unnamed sources by head word, and of
  // people by the words of their role ("the spokesman" refers back to
  // either).
  std::unordered_map<std::string, std::vector<std::size_t>> unnamed_by_head_, people_by_role_word_;
  std::vector<std::size_t> org_speakers_;  // order positions of organisation speakers
  // orgs_before's table: from a code point on, the ORG entities before it
  // (in text order, starting at 0 with none); the names it points into.
  std::vector<std::pair<std::size_t, OrgsBefore>> org_entities_;
  std::vector<std::string> org_names_before_;
  std::unordered_set<std::string> org_names_;  // keys of one-word organisation names
};

}  // namespace

std::vector<SpeakerMention> resolve_speakers(const TokenizedText& tt,
                                             const std::vector<Attribution>& attrs,
                                             const AliasTable& aliases,
                                             const std::vector<PlaceMention>& places,
                                             const std::vector<EntityMention>* entities) {
  return Resolver(tt, attrs, aliases, places, entities).run();
}

}  // namespace whosaid
