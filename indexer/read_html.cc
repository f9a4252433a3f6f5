// HTML articles with libxml2's HTML parser: metadata, content root, paragraphs.
#include "indexer/read_html.h"

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <xapian.h>

#include "core/analysis.h"
#include "core/date.h"
#include "indexer/read_jsonl.h"

namespace whosaid {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Appends TEXT (UTF-8 from libxml2) to OUT with white space collapsed to one
// space (no-break spaces included) and C1 controls read as Windows-1252
// (kCp1252High): a page declared ISO-8859-1 (or not declared) and written in
// Windows-1252 comes out of the parser with C1 controls where its curly
// quotes and dashes were.
// PENDING_SPACE carries a space not yet written across calls.
void append_text(std::string& out, std::string_view text, bool& pending_space) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (is_ascii_space(c)) {
      pending_space = true;
      continue;
    }
    std::size_t len = 1;
    char32_t c1 = 0;
    bool drop = false;
    if (u == 0xC2 && i + 1 < text.size()) {
      unsigned char v = static_cast<unsigned char>(text[i + 1]);
      if (v == 0xA0) {  // no-break space
        pending_space = true;
        ++i;
        continue;
      }
      if (v >= 0x80 && v <= 0x9F) {
        c1 = kCp1252High[v - 0x80];
        drop = c1 == 0;
        len = 2;
      }
    } else if (u < 0x20 || u == 0x7F) {
      drop = true;  // other control characters
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    if (drop) {
      i += len - 1;
      continue;
    }
    if (c1) {
      Xapian::Unicode::append_utf8(out, c1);
      ++i;
    } else {
      out += c;
    }
  }
}

// TEXT with white space collapsed and trimmed (append_text's rules).
std::string clean(std::string_view text) {
  std::string out;
  bool pending = false;
  append_text(out, text, pending);
  return out;
}

std::string_view element_name(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

// The value of attribute NAME of N ("" when absent). libxml2's HTML parser
// lowercases element and attribute names.
std::string attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

bool has_attr(const xmlNode* n, const char* name) {
  return xmlHasProp(n, reinterpret_cast<const xmlChar*>(name)) != nullptr;
}

// Visits the subtree of ROOT in document order without recursion (a page may
// nest elements thousands deep). V.enter(element) returns false to skip the
// element's content (and its leave); V.text(node) gets text and CDATA nodes.
template <class Visitor>
void walk(xmlNode* root, Visitor& v) {
  if (!root) return;
  xmlNode* n = root;
  for (;;) {
    bool open = false;
    if (n->type == XML_ELEMENT_NODE) {
      open = v.enter(n);
    } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      v.text(n);
    }
    if (open && n->children) {
      n = n->children;
      continue;
    }
    if (open) v.leave(n);
    for (;;) {
      if (n == root) return;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      v.leave(n);
    }
  }
}

// The text of N's subtree, scripts and styles left out, cleaned.
std::string text_of(xmlNode* n) {
  struct V {
    std::string out;
    bool pending = false;
    bool enter(xmlNode* e) {
      std::string_view name = element_name(e);
      return name != "script" && name != "style" && name != "template";
    }
    void leave(xmlNode*) {}
    void text(xmlNode* t) {
      if (t->content) append_text(out, reinterpret_cast<const char*>(t->content), pending);
    }
  } v;
  walk(n, v);
  return v.out;
}

bool is_heading(std::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}

// Elements that are never article text.
bool is_furniture_element(std::string_view name) {
  static constexpr std::array<std::string_view, 29> kNames = {
      "script",     "style",  "noscript", "template", "nav",      "header", "footer", "aside",
      "form",       "button", "select",   "option",   "textarea", "input",  "label",  "iframe",
      "object",     "embed",  "svg",      "math",     "canvas",   "video",  "audio",  "figure",
      "figcaption", "menu",   "dialog",   "head",     "title"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Words that, as a whole part of a class or id ("ad-slot", "article_comments",
// "share"), mark page furniture.
bool is_furniture_word(std::string_view w) {
  static constexpr std::array<std::string_view, 26> kWords = {
      "ad",         "ads",       "advert",   "adverts",     "advertisement", "sponsored",
      "promo",      "comment",   "comments", "share",       "sharing",       "social",
      "newsletter", "subscribe", "related",  "recommended", "outbrain",      "taboola",
      "cookie",     "cookies",   "paywall",  "breadcrumb",  "breadcrumbs",   "byline",
      "toolbar",    "skip"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// True if a class or id value names furniture: one of its names has a
// furniture word as a part ("ad-slot", "article_comments"). Names that
// describe the page rather than the element ("tag-social-media",
// "comments-open" on WordPress pages: tag-, category-, has-, no-, is-...)
// do not count.
bool names_furniture(const std::string& value) {
  static constexpr std::array<std::string_view, 9> kDescriptive = {
      "tag", "category", "has", "no", "is", "with", "postid", "page", "single"};
  std::string name;
  for (char c : value + " ") {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      continue;
    }
    std::vector<std::string_view> words;
    std::string_view rest = name;
    while (!rest.empty()) {
      std::size_t cut = rest.find_first_of("-_");
      if (cut != 0) words.push_back(rest.substr(0, cut));
      if (cut == std::string_view::npos) break;
      rest.remove_prefix(cut + 1);
    }
    bool descriptive = !words.empty() && words.size() > 1 &&
                       std::find(kDescriptive.begin(), kDescriptive.end(), words.front()) !=
                           kDescriptive.end();
    if (!descriptive)
      for (std::string_view w : words)
        if (is_furniture_word(w)) return true;
    name.clear();
  }
  return false;
}

// True if element E is page furniture. Elements that hold a page's content
// (html, body, main, article) are never furniture by their class or id:
// those often describe the whole page ("comments-open", "has-ads").
bool is_furniture(xmlNode* e) {
  std::string_view name = element_name(e);
  if (is_furniture_element(name)) return true;
  if (has_attr(e, "hidden")) return true;
  if (lower_ascii(attr(e, "aria-hidden")) == "true") return true;
  std::string role = lower_ascii(attr(e, "role"));
  for (std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "search",
                             "dialog", "menu", "menubar", "toolbar"})
    if (role == r) return true;
  std::string style = lower_ascii(attr(e, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  if (style.find("display:none") != std::string::npos) return true;
  if (name == "html" || name == "body" || name == "main" || name == "article") return false;
  return names_furniture(attr(e, "class")) || names_furniture(attr(e, "id"));
}

// Elements that end a paragraph where they open and where they close.
bool is_block(std::string_view name) {
  static constexpr std::array<std::string_view, 28> kNames = {
      "p",       "div",     "section", "article", "main",       "ul",    "ol",
      "li",      "dl",      "dt",      "dd",      "blockquote", "pre",   "table",
      "tr",      "td",      "th",      "caption", "address",    "hr",    "center",
      "details", "summary", "body",    "tbody",   "thead",      "tfoot", "html"};
  return is_heading(name) || std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Paragraph elements: what a page without an article element contributes.
bool is_paragraph_element(std::string_view name) {
  return name == "p" || is_heading(name) || name == "blockquote" || name == "pre";
}

// The paragraphs of ROOT's content (see read_html.h). With PARAGRAPHS_ONLY,
// text counts only inside paragraph elements.
std::vector<std::string> paragraphs_of(xmlNode* root, bool paragraphs_only,
                                       bool blank_lines_break = false) {
  struct V {
    xmlNode* root;
    bool paragraphs_only;
    std::vector<std::string> out;
    std::string cur;
    bool pending = false;
    int in_paragraph = 0;
    void flush() {
      if (!cur.empty() && !is_boilerplate_line(cur)) out.push_back(std::move(cur));
      cur.clear();
      pending = false;
    }
    bool enter(xmlNode* e) {
      std::string_view name = element_name(e);
      if (name == "br") {
        flush();
        return false;
      }
      if (e != root && is_furniture(e)) return false;
      if (is_block(name)) flush();
      if (is_paragraph_element(name)) ++in_paragraph;
      return true;
    }
    void leave(xmlNode* e) {
      std::string_view name = element_name(e);
      if (is_paragraph_element(name)) --in_paragraph;
      if (is_block(name)) flush();
    }
    void text(xmlNode* t) {
      if (paragraphs_only && in_paragraph <= 0) return;
      if (!t->content) return;
      std::string_view rest(reinterpret_cast<const char*>(t->content));
      while (blank_lines_break) {  // a blank line ends a paragraph
        std::size_t nl = rest.find('\n');
        if (nl == std::string_view::npos) break;
        std::size_t next = nl + 1;
        while (next < rest.size() && (rest[next] == ' ' || rest[next] == '\t' || rest[next] == '\r'))
          ++next;
        if (next < rest.size() && rest[next] == '\n') {
          append_text(cur, rest.substr(0, nl), pending);
          flush();
          rest.remove_prefix(next + 1);
        } else {
          append_text(cur, rest.substr(0, next), pending);
          rest.remove_prefix(next);
        }
      }
      append_text(cur, rest, pending);
    }
    bool blank_lines_break;
  } v{root, paragraphs_only, {}, {}, false, 0, blank_lines_break};
  walk(root, v);
  v.flush();
  return std::move(v.out);
}

// What one pass over the whole document finds.
struct Found {
  std::string og_title, title_element, og_site_name, og_url, canonical;
  std::string published_meta, other_date_meta;
  std::string ld_headline, ld_date, ld_publisher;
  xmlNode* body = nullptr;
  xmlNode* article_body = nullptr;  // itemprop=articleBody
  xmlNode* main = nullptr;          // <main> or role=main
  std::vector<xmlNode*> articles;
  xmlNode* first_time = nullptr;
  xmlNode* first_h1 = nullptr;
};

// Reads the first "headline", "datePublished" and publisher name of JSON-LD
// value J (an object, an array or an @graph), at most a few levels down.
void read_json_ld(const nlohmann::json& j, Found& f, int depth = 0) {
  if (depth > 4) return;
  if (j.is_array()) {
    for (const auto& e : j) read_json_ld(e, f, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  auto str = [&](const char* key) -> std::string {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (f.ld_headline.empty()) f.ld_headline = str("headline");
  if (f.ld_date.empty()) f.ld_date = str("datePublished");
  if (f.ld_publisher.empty()) {
    auto it = j.find("publisher");
    if (it != j.end() && it->is_object()) {
      auto n = it->find("name");
      if (n != it->end() && n->is_string()) f.ld_publisher = n->get<std::string>();
    }
  }
  if (auto g = j.find("@graph"); g != j.end()) read_json_ld(*g, f, depth + 1);
}

Found survey(xmlNode* root) {
  struct V {
    Found f;
    bool enter(xmlNode* e) {
      std::string_view name = element_name(e);
      if (name == "meta") {
        std::string key = lower_ascii(attr(e, "property"));
        if (key.empty()) key = lower_ascii(attr(e, "name"));
        if (key.empty()) key = lower_ascii(attr(e, "itemprop"));
        std::string content = attr(e, "content");
        auto set = [&](std::string& field) {
          if (field.empty()) field = clean(content);
        };
        if (key == "og:title")
          set(f.og_title);
        else if (key == "og:site_name")
          set(f.og_site_name);
        else if (key == "og:url")
          set(f.og_url);
        else if (key == "article:published_time" || key == "datepublished")
          set(f.published_meta);
        else if (key == "date" || key == "pubdate" || key == "publishdate" || key == "dc.date" ||
                 key == "dc.date.issued" || key == "dcterms.created" || key == "sailthru.date")
          set(f.other_date_meta);
        return false;
      }
      if (name == "link") {
        if (f.canonical.empty() && lower_ascii(attr(e, "rel")) == "canonical")
          f.canonical = clean(attr(e, "href"));
        return false;
      }
      if (name == "title") {
        if (f.title_element.empty()) f.title_element = text_of(e);
        return false;
      }
      if (name == "script") {
        if (lower_ascii(attr(e, "type")) == "application/ld+json") {
          // Freed also when read_json_ld() throws.
          std::unique_ptr<xmlChar, void (*)(void*)> content(xmlNodeGetContent(e), xmlFree);
          const char* c = reinterpret_cast<const char*>(content.get());
          if (c && json_depth(c) <= kMaxJsonDepth) {
            nlohmann::json j = nlohmann::json::parse(c, nullptr, false);
            if (!j.is_discarded()) read_json_ld(j, f);
          }
        }
        return false;
      }
      if (name == "style" || name == "template") return false;
      if (name == "body" && !f.body) f.body = e;
      if (name == "article") f.articles.push_back(e);
      if (name == "main" || lower_ascii(attr(e, "role")) == "main")
        if (!f.main) f.main = e;
      if (!f.article_body && attr(e, "itemprop") == "articleBody") f.article_body = e;
      if (name == "time" && !f.first_time) f.first_time = e;
      if (name == "h1" && !f.first_h1) f.first_h1 = e;
      return true;
    }
    void leave(xmlNode*) {}
    void text(xmlNode*) {}
  } v;
  walk(root, v);
  return std::move(v.f);
}

// The first element named NAME under ROOT (ROOT included), or nullptr.
xmlNode* first_element(xmlNode* root, std::string_view name) {
  struct V {
    std::string_view name;
    xmlNode* found = nullptr;
    bool enter(xmlNode* e) {
      if (found) return false;
      if (element_name(e) == name) {
        found = e;
        return false;
      }
      return true;
    }
    void leave(xmlNode*) {}
    void text(xmlNode*) {}
  } v{name};
  walk(root, v);
  return v.found;
}

// Total length of the text of ROOT's paragraph elements: how much article an
// <article> holds (a page may have teaser cards as <article> too).
std::size_t paragraph_text_size(xmlNode* root) {
  std::size_t n = 0;
  for (const std::string& p : paragraphs_of(root, true)) n += p.size();
  return n;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower_ascii(a) == lower_ascii(b);
}

// TITLE without a site name before or after a separator, when it is safe:
// the part removed is SITE, or the part kept is H1.
std::string strip_site_name(const std::string& title, const std::string& site,
                            const std::string& h1) {
  static constexpr std::array<std::string_view, 6> kSeparators = {
      " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 "};
  for (std::string_view sep : kSeparators) {
    std::size_t last = title.rfind(sep);
    if (last != std::string::npos && last > 0) {
      std::string head = title.substr(0, last), tail = title.substr(last + sep.size());
      if ((!site.empty() && iequals(tail, site)) || (!h1.empty() && head == h1)) return head;
    }
    std::size_t first = title.find(sep);
    if (first != std::string::npos && first > 0) {
      std::string head = title.substr(0, first), tail = title.substr(first + sep.size());
      if ((!site.empty() && iequals(head, site)) || (!h1.empty() && tail == h1)) return tail;
    }
  }
  return title;
}

struct ParserInit {
  ParserInit() { xmlInitParser(); }
};

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtFree {
  void operator()(htmlParserCtxt* c) const { htmlFreeParserCtxt(c); }
};

}  // namespace

std::string HtmlPage::body() const {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

HtmlPage parse_html(std::string_view bytes) {
  static ParserInit init;  // once, thread-safe (libxml2 asks for it before threads parse)
  HtmlPage page;
  if (bytes.empty()) return page;
  // Valid UTF-8 is read as UTF-8, whatever the page declares (a page
  // declared Windows-1252 but saved as UTF-8 is common; the reverse cannot be
  // valid UTF-8 but by chance). Otherwise libxml2 honours the declared
  // charset, and reads an undeclared page as Latin-1 (C1 controls are then
  // read as Windows-1252 by append_text).
  bool utf8 = is_valid_utf8(bytes);
  std::unique_ptr<htmlParserCtxt, CtxtFree> ctxt(htmlNewParserCtxt());
  if (!ctxt) throw std::bad_alloc();
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) bytes = bytes.substr(0, INT32_MAX);
  std::unique_ptr<xmlDoc, DocFree> doc(htmlCtxtReadMemory(ctxt.get(), bytes.data(),
                                                          static_cast<int>(bytes.size()), nullptr,
                                                          utf8 ? "UTF-8" : nullptr, options));
  if (!doc) return page;
  // Declared UTF-8 but not: libxml2 falls back to Latin-1 at the first bad
  // byte, which turns every later “ into â€œ. Read such a page as the text
  // reader reads such a file instead: the bytes that are UTF-8 as UTF-8, the
  // others as Windows-1252 (repair_utf8), then parsed as UTF-8.
  std::string repaired;
  if (!utf8 && doc->encoding &&
      xmlStrcasecmp(doc->encoding, reinterpret_cast<const xmlChar*>("UTF-8")) == 0) {
    repaired = repair_utf8(bytes);
    bytes = repaired;
    utf8 = true;
    doc.reset(htmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                                 nullptr, "UTF-8", options));
    if (!doc) return page;
  }
  page.encoding_guessed = !utf8 && !doc->encoding;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return page;
  Found f = survey(root);
  std::vector<std::string> paragraphs;
  std::string h1;

  // The content root.
  xmlNode* content = f.article_body;
  if (!content && !f.articles.empty()) {
    std::size_t best = 0;
    for (xmlNode* a : f.articles) {
      std::size_t n = paragraph_text_size(a);
      if (!content || n > best) {
        content = a;
        best = n;
      }
    }
  }
  if (!content) content = f.main;
  xmlNode* article = content;  // where the article's own <h1> and <time> are looked for
  for (xmlNode* a = content; a; a = a->parent)
    if (a->type == XML_ELEMENT_NODE && element_name(a) == "article") article = a;

  if (content) {
    paragraphs = paragraphs_of(content, false);
  } else {
    // No article element: the paragraphs of a page's body (its other text
    // is menus and furniture), else all its text blocks; all the text
    // blocks of a fragment.
    // A fragment (a JSON body with some markup) may separate its
    // paragraphs by blank lines, as plain text does.
    xmlNode* scope = f.body ? f.body : root;
    bool document = looks_like_html_document(bytes);
    if (document) paragraphs = paragraphs_of(scope, true);
    if (paragraphs.empty()) paragraphs = paragraphs_of(scope, false, !document);
  }

  // Title.
  xmlNode* h1_node = article ? first_element(article, "h1") : nullptr;
  if (!h1_node) h1_node = f.first_h1;
  if (h1_node) h1 = text_of(h1_node);
  std::string site = !f.og_site_name.empty() ? f.og_site_name : clean(f.ld_publisher);
  if (!f.og_title.empty()) {
    page.title = strip_site_name(f.og_title, site, h1);
  } else if (!f.title_element.empty()) {
    page.title = strip_site_name(f.title_element, site, h1);
  } else if (!f.ld_headline.empty()) {
    page.title = clean(f.ld_headline);
  } else {
    page.title = h1;
  }
  // The headline repeated as the first paragraph is not body text.
  if (!paragraphs.empty() && (paragraphs.front() == page.title || paragraphs.front() == h1))
    paragraphs.erase(paragraphs.begin());
  page.paragraphs = std::move(paragraphs);

  // Date: the first candidate found, in order of trust.
  xmlNode* time = article ? first_element(article, "time") : nullptr;
  if (!time) time = f.first_time;
  std::string time_value;
  if (time) time_value = clean(has_attr(time, "datetime") ? attr(time, "datetime") : text_of(time));
  for (const std::string* d : {&f.published_meta, &time_value, &f.ld_date, &f.other_date_meta}) {
    if (d->empty()) continue;
    if (auto parsed = parse_date(*d)) {
      page.date = *parsed;
      page.bad_date.clear();
      break;
    }
    if (page.bad_date.empty()) page.bad_date = *d;
  }

  page.source = site;
  page.url = !f.og_url.empty() ? f.og_url : f.canonical;
  // A page that declares UTF-8 but holds bytes that are not reaches us with
  // them as they were (libxml2 recovers; it does not repair): read such
  // bytes as Windows-1252, as for text articles, so what is indexed is UTF-8.
  if (!utf8) {
    for (std::string* s : {&page.title, &page.bad_date, &page.source, &page.url})
      if (!is_valid_utf8(*s)) *s = repair_utf8(*s);
    for (std::string& p : page.paragraphs)
      if (!is_valid_utf8(p)) p = repair_utf8(p);
  }
  return page;
}

bool looks_like_html_document(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  for (;;) {
    while (!bytes.empty() && is_ascii_space(bytes.front())) bytes.remove_prefix(1);
    if (bytes.starts_with("<!--")) {
      std::size_t end = bytes.find("-->");
      if (end == std::string_view::npos) return false;
      bytes.remove_prefix(end + 3);
      continue;
    }
    break;
  }
  std::string head = lower_ascii(bytes.substr(0, 14));
  if (head.starts_with("<!doctype html")) return true;
  return head.starts_with("<html") &&
         (head.size() == 5 || head[5] == '>' || is_ascii_space(head[5]));
}

bool looks_like_html_fragment(std::string_view text) {
  static constexpr std::array<std::string_view, 34> kTags = {
      "p",  "br",         "div",     "span",    "a",      "em",     "strong", "b",     "i",
      "u",  "h1",         "h2",      "h3",      "h4",     "h5",     "h6",     "ul",    "ol",
      "li", "blockquote", "article", "section", "html",   "body",   "figure", "table", "tr",
      "td", "img",        "hr",      "main",    "header", "footer", "q"};
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    std::string_view rest = text.substr(at + 1);
    if (rest.starts_with("/")) rest.remove_prefix(1);
    std::size_t n = 0;
    while (n < rest.size() && n < 12 && std::isalnum(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 0) {
      if (lower_ascii(text.substr(at, 14)) == "<!doctype html") return true;
      continue;
    }
    std::string name = lower_ascii(rest.substr(0, n));
    if (std::find(kTags.begin(), kTags.end(), name) == kTags.end()) continue;
    // What follows the name must end the tag or start an attribute: "<p>",
    // "<br/>", "<a href=...>", "<p hidden>"; not "a<b and c".
    rest.remove_prefix(n);
    auto space = [&] {
      while (!rest.empty() && is_ascii_space(rest.front())) rest.remove_prefix(1);
    };
    auto ends_tag = [&] { return rest.starts_with(">") || rest.starts_with("/>"); };
    if (ends_tag()) return true;
    if (rest.empty() || !is_ascii_space(rest.front())) continue;
    space();
    if (ends_tag()) return true;
    std::size_t m = 0;
    while (m < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[m])) ||
                               rest[m] == '-' || rest[m] == ':' || rest[m] == '_'))
      ++m;
    if (m == 0) continue;
    rest.remove_prefix(m);
    space();
    if (rest.starts_with("=") || ends_tag()) return true;
  }
  return false;
}

bool is_html_name(const std::filesystem::path& path) {
  std::string ext = lower_ascii(path.extension().string());
  return ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".shtml";
}

TextArticle parse_html_article(std::string_view bytes, const std::string& where) {
  TextArticle out;
  Article& a = out.article;
  a.origin = where;
  a.path = where;
  HtmlPage page = parse_html(bytes);
  if (page.encoding_guessed)
    out.notes.push_back({InputIssue::Kind::kRepaired, where,
                         "not valid UTF-8 and no charset declared; read as Windows-1252",
                         "repaired"});
  if (!page.bad_date.empty())
    out.notes.push_back({InputIssue::Kind::kNote, where,
                         fmt::format("unrecognised date '{}' ignored", page.bad_date), "bad date"});
  if (page.title.empty() && !page.paragraphs.empty()) {
    page.title = std::move(page.paragraphs.front());
    page.paragraphs.erase(page.paragraphs.begin());
  }
  if (page.title.empty()) throw BadInput("no text", "no text in this HTML page");
  a.title = std::move(page.title);
  a.body = page.body();
  a.date = std::move(page.date);
  a.source = std::move(page.source);
  a.url = std::move(page.url);
  a.text = a.body.empty() ? a.title : a.title + "\n\n" + a.body;
  return out;
}

}  // namespace whosaid
