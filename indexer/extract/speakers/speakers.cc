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

#include "core/error.h"
#include "indexer/extract/lexicon/lexicon.h"

namespace whosaid {

namespace {

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
  std::size_t start = 0;  // code point
  int para = 0;
  std::string full;       // "Volodymyr Zelensky"
  std::string last_key;   // key of the last name word
  std::string role;
  int gender = 0;
};

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

// The trailing name in the capitalized run [b, e): after the last title,
// function or organisation word; particles and initials allowed inside.
TokenRange trailing_name(const TokenizedText& tt, std::size_t b, std::size_t e) {
  const auto& T = tt.tokens;
  std::size_t n = e;
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
  return {n, e};
}

std::vector<NameMention> collect_names(const TokenizedText& tt,
                                       const std::vector<PlaceMention>& places) {
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
    if (name.end - name.begin >= 2) {
      bool org = false;
      for (std::size_t k = name.begin; k < name.end; ++k)
        if (is_org_word(T[k].lower) || T[k].all_caps) org = true;
      std::size_t s = T[name.begin].start, e = T[name.end - 1].end;
      if (!org && !overlaps_place(places, s, e)) {
        NameMention m;
        m.start = s;
        m.para = T[name.begin].para;
        m.full = tokens_text(tt, name.begin, name.end);
        m.last_key = AliasTable::key(T[name.end - 1].text);
        std::size_t rb = i;
        while (rb < name.begin && is_function_word(T[rb].lower)) ++rb;
        m.role = tokens_text(tt, rb, name.begin);
        m.gender = gender_of(tt, name, i);
        out.push_back(std::move(m));
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
  // Appositive: "ROLE, NAME" or "NAME, ROLE": keep the name part as the name.
  std::size_t comma = e;
  for (std::size_t k = b; k < e; ++k)
    if (T[k].kind == Token::kPunct && (T[k].text == "," || T[k].text == "—")) comma = k;
  std::size_t role_b = b, role_e = b;
  if (comma < e) {
    bool right_name = T[e - 1].cap;
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

AliasTable::AliasTable() { add_tsv(kDefaultAliases, "built-in alias table"); }

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

std::vector<SpeakerMention> resolve_speakers(const TokenizedText& tt,
                                             const std::vector<Attribution>& attrs,
                                             const AliasTable& aliases,
                                             const std::vector<PlaceMention>& places) {
  const auto& T = tt.tokens;
  std::vector<NameMention> names = collect_names(tt, places);
  std::vector<SpeakerMention> out(attrs.size());
  std::vector<bool> done(attrs.size());
  std::vector<int> gender(attrs.size());
  std::vector<bool> plural(attrs.size());
  std::vector<std::string> head(attrs.size());
  std::vector<std::size_t> pos(attrs.size());  // code point of the source mention

  // Order of resolution: by the position of the source phrase.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < attrs.size(); ++i)
    if (!attrs[i].source.empty()) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return attrs[x].source.begin < attrs[y].source.begin;
  });

  // Lookups that must not scan the whole article for every attribution
  // (an article of thousands of quotations was quadratic). Names are in
  // text order; so are the lists below, which grow as attributions are
  // resolved (in `order`).
  std::unordered_map<std::string_view, std::vector<std::size_t>> names_by_surname;
  std::vector<std::size_t> names_for_gender[3];  // gender 0: all; 1, 2: that or unknown
  for (std::size_t n = 0; n < names.size(); ++n) {
    names_by_surname[names[n].last_key].push_back(n);
    for (int g = 0; g < 3; ++g)
      if (g == 0 || names[n].gender == 0 || names[n].gender == g) names_for_gender[g].push_back(n);
  }
  auto full_for_surname = [&](const std::string& k, std::size_t at) -> const NameMention* {
    // The nearest before wins, else the first after.
    auto it = names_by_surname.find(k);
    if (it == names_by_surname.end()) return nullptr;
    const std::vector<std::size_t>& v = it->second;
    auto after = std::upper_bound(v.begin(), v.end(), at,
                                  [&](std::size_t at_pos, std::size_t n) { return at_pos < names[n].start; });
    return &names[after == v.begin() ? v.front() : *(after - 1)];
  };
  // Resolved attributions a pronoun may refer to, by what it asks for:
  // [0] plural (organisations, plural unnamed sources), [1 + g] a person
  // of gender g or unknown (g 0: any person); with the running maximum of
  // their positions, which ends a backward scan.
  struct Candidates {
    std::vector<std::size_t> attr;
    std::vector<std::size_t> max_pos;
    void add(std::size_t j, std::size_t p) {
      max_pos.push_back(max_pos.empty() ? p : std::max(max_pos.back(), p));
      attr.push_back(j);
    }
  };
  Candidates pronoun_candidates[4];
  // Order positions of resolved unnamed sources by head word, and of
  // people by the words of their role ("the spokesman" refers back to
  // either).
  std::unordered_map<std::string, std::vector<std::size_t>> unnamed_by_head, people_by_role_word;

  for (std::size_t oi = 0; oi < order.size(); ++oi) {
    std::size_t i = order[oi];
    const Attribution& at = attrs[i];
    TokenRange np = at.antecedent.empty() ? at.source : at.antecedent;
    SourceAnalysis s = analyse_source(tt, np);
    SpeakerMention m;
    m.name = s.text;
    m.kind = s.kind;
    m.role = s.role;
    m.start = range_start(tt, s.name);
    m.end = range_end(tt, s.name);
    pos[i] = m.start;
    gender[i] = s.gender;
    plural[i] = s.plural;
    head[i] = s.head;
    int para = T[np.begin].para;
    if (s.kind == "person") {
      if (is_place_exactly(places, m.start, m.end) || overlaps_place(places, m.start, m.end)) {
        m.kind = "organization";  // a capital or country for its government
        m.canonical = m.name;
      } else if (s.name.end - s.name.begin == 1) {
        std::string k = AliasTable::key(m.name);
        const NameMention* full = full_for_surname(k, m.start);
        if (full) {
          m.canonical = full->full;
          if (m.role.empty()) m.role = full->role;
          if (!gender[i]) gender[i] = full->gender;
        } else {
          m.canonical = m.name;
        }
        std::string alias = aliases.canonical(m.canonical);
        if (alias.empty() && !full) alias = aliases.canonical_surname(m.name);
        if (!alias.empty()) m.canonical = alias;
      } else {
        std::string alias = aliases.canonical(m.name);
        m.canonical = alias.empty() ? m.name : alias;
      }
    } else if (s.kind == "organization") {
      std::string alias = aliases.canonical(strip_the(m.name));
      m.canonical = alias.empty() ? strip_the(m.name) : alias;
    } else if (s.kind == "pronoun") {
      // Nearest compatible earlier speaker within three paragraphs, else the
      // nearest person named before.
      bool want_plural = s.plural;
      int want_gender = s.gender;
      // The compatible one with the greatest position before the pronoun
      // (the first in `order` of equals), scanning back from the latest
      // resolved: paragraphs do not decrease along `order`, and the
      // running maximum says when no earlier one can be nearer.
      const SpeakerMention* found = nullptr;
      std::size_t found_pos = 0;
      const Candidates& cands =
          pronoun_candidates[want_plural ? 0 : 1 + std::clamp(want_gender, 0, 2)];
      for (std::size_t c = cands.attr.size(); c-- > 0;) {
        std::size_t j = cands.attr[c];
        if (para - T[attrs[j].source.begin].para > 3) break;
        if (found && cands.max_pos[c] < found_pos) break;
        if (pos[j] >= m.start) continue;
        if (!found || pos[j] >= found_pos) {
          found = &out[j];
          found_pos = pos[j];
        }
      }
      if (!want_plural) {
        // The last name before the pronoun of a compatible gender.
        const std::vector<std::size_t>& v = names_for_gender[std::clamp(want_gender, 0, 2)];
        auto after = std::lower_bound(v.begin(), v.end(), m.start,
                                      [&](std::size_t n, std::size_t at) { return names[n].start < at; });
        const NameMention* best = after == v.begin() ? nullptr : &names[*(after - 1)];
        if (best && (!found || best->start > found_pos) && para - best->para <= 3 &&
            !(found && found->canonical == best->full)) {
          m.kind = "person";
          m.canonical = best->full;
          std::string alias = aliases.canonical(best->full);
          if (!alias.empty()) m.canonical = alias;
          m.role = best->role;
          found = nullptr;
        }
      }
      if (found) {
        m.kind = found->kind;
        m.canonical = found->canonical;
        m.role = found->role;
      } else if (m.canonical.empty()) {
        m.kind = want_plural ? "unnamed" : "person";
      }
    } else {  // unnamed
      m.canonical = m.name;
      if (s.definite) {
        // "the spokesman" -> a person whose role has that word; "that
        // official" -> an earlier unnamed source with the same head: the
        // last such before it in `order`.
        static const std::vector<std::size_t> kNone;
        auto list = [](const auto& map, const std::string& key) -> const std::vector<std::size_t>& {
          auto it = map.find(key);
          return it == map.end() ? kNone : it->second;
        };
        const std::vector<std::size_t>& heads = list(unnamed_by_head, s.head);
        const std::vector<std::size_t>& roles =
            is_source_noun(s.head) ? list(people_by_role_word, s.head) : kNone;
        std::size_t h = heads.size(), r = roles.size();
        while (h > 0 || r > 0) {
          bool from_role = h == 0 || (r > 0 && roles[r - 1] > heads[h - 1]);
          std::size_t j = order[from_role ? roles[--r] : heads[--h]];
          if (pos[j] >= m.start) continue;
          const SpeakerMention& o = out[j];
          m.kind = o.kind;
          m.canonical = o.canonical;
          if (from_role) {
            m.role = o.role;
            break;
          }
          // The role comes from the last person matched by role, if any.
          while (r > 0) {
            std::size_t k = order[roles[--r]];
            if (pos[k] >= m.start) continue;
            m.role = out[k].role;
            break;
          }
          break;
        }
      }
    }
    out[i] = std::move(m);
    done[i] = true;
    // What later pronouns and definite sources may refer to.
    const SpeakerMention& o = out[i];
    if (!o.canonical.empty()) {
      if (o.kind == "organization" || (o.kind == "unnamed" && plural[i]))
        pronoun_candidates[0].add(i, pos[i]);
      if (o.kind == "person")
        for (int g = 0; g < 3; ++g)
          if (g == 0 || gender[i] == 0 || gender[i] == g) pronoun_candidates[1 + g].add(i, pos[i]);
    }
    if (o.kind == "unnamed") unnamed_by_head[head[i]].push_back(oi);
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
      for (const std::string& w : words) people_by_role_word[w].push_back(oi);
    }
  }
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    if (done[i]) continue;
    int j = attrs[i].inherits;
    if (j >= 0 && static_cast<std::size_t>(j) < attrs.size() && done[j]) {
      out[i] = out[j];
      done[i] = true;
    }
  }
  return out;
}

}  // namespace whosaid
