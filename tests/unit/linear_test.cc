// Indexing work grows linearly with article size, whatever the article's
// shape (issue 11): extraction and document building of synthetic articles
// (bench/article_shapes.h) of N and 4N bytes, compared by the work they do
// -- memory allocations, bytes allocated, quotations and their text,
// document terms and positions -- never by time. Linear work grows about
// 4x; the quadratic paths this test was written against grew 16x and more.
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "article_shapes.h"
#include "core/article.h"
#include "core/schema.h"
#include "indexer/build_document.h"
#include "indexer/extract/extract.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"

// Every allocation of the program goes through these (Xapian's too); they
// count on the thread that asked for it only.
namespace {
thread_local bool t_counting = false;
thread_local std::size_t t_allocations = 0;
thread_local std::size_t t_allocated_bytes = 0;
}  // namespace

void* operator new(std::size_t n) {
  if (t_counting) {
    ++t_allocations;
    t_allocated_bytes += n;
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
// Every other form too, so that every new of the program is malloc and every
// delete free: a form left to the runtime (Catch2's nothrow new, say) would
// pair the runtime's new with this free, which AddressSanitizer reports.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return operator new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void* operator new(std::size_t n, std::align_val_t a) {
  if (t_counting) {
    ++t_allocations;
    t_allocated_bytes += n;
  }
  std::size_t align = static_cast<std::size_t>(a);
  if (align < sizeof(void*)) align = sizeof(void*);
  std::size_t size = (n ? n : 1) + align - 1;
  size -= size % align;  // aligned_alloc wants a multiple of the alignment
  if (void* p = std::aligned_alloc(align, size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return operator new(n, a);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t& t) noexcept {
  return operator new(n, a, t);
}
// (GCC cannot see that the operator new above is malloc.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace {

struct Work {
  std::size_t allocations = 0;
  std::size_t allocated_bytes = 0;
  std::size_t extract_bytes = 0;  // of ALLOCATED_BYTES: extraction's; the rest is build()'s
  std::size_t quotes = 0;
  std::size_t quote_bytes = 0;  // the text of every quotation
  std::size_t postings = 0;     // wdf over the terms of every document
  std::size_t data_bytes = 0;   // stored data of every document
};

std::size_t postings(const Xapian::Document& d) {
  std::size_t n = 0;
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) n += t.get_wdf();
  return n;
}

// What indexing TEXT costs: extraction, then the documents whosaid-index
// writes (the writing itself is Xapian's, linear in what it is given).
Work index_work(const std::string& text) {
  static const whosaid::Extractor extractor{whosaid::AliasTable{}};
  static whosaid::DocumentBuilder builder("english");
  whosaid::Article a;
  a.id = "linear";
  a.title = "A long article";
  a.body = text;
  a.text = text;
  Work w;
  t_allocations = t_allocated_bytes = 0;
  t_counting = true;
  extractor.extract(a);
  w.extract_bytes = t_allocated_bytes;
  whosaid::BuiltArticle b = builder.build(a);
  t_counting = false;
  w.allocations = t_allocations;
  w.allocated_bytes = t_allocated_bytes;
  w.quotes = a.quotes.size();
  for (const whosaid::Quote& q : a.quotes) w.quote_bytes += q.text.size();
  w.postings = postings(b.article);
  w.data_bytes = b.article.get_data().size();
  for (const auto& [term, doc] : b.quotes) {
    w.postings += postings(doc);
    w.data_bytes += doc.get_data().size();
  }
  return w;
}

// index_work(TEXT) on a thread of its own. Extraction keeps scratch
// buffers per thread, grown to the largest article the thread has seen: on
// a fresh thread an article pays for its own, neither for nor instead of
// those of an earlier article of another size or shape.
Work index_work_alone(const std::string& text) {
  Work w;
  std::exception_ptr error;
  std::thread t([&] {
    try {
      w = index_work(text);
    } catch (...) {
      error = std::current_exception();
    }
  });
  t.join();
  if (error) std::rethrow_exception(error);
  return w;
}

// Linear, with room for what grows a little faster than the text without
// being quadratic (hash tables doubling, n log n): at most 6x for 4x the
// text, plus FLOOR for measures that are near zero at N.
bool linear(std::size_t at_n, std::size_t at_4n, std::size_t floor) {
  return at_4n <= 6 * at_n + floor;
}

}  // namespace

TEST_CASE("indexing work is linear in the article's size, for every shape",
          "[extract][linear]") {
  index_work(whosaid::bench::make_article("paragraph", 4000));  // load models once
  const std::size_t n = 32 * 1024;
  for (std::string_view shape : whosaid::bench::article_shapes()) {
    std::string small = whosaid::bench::make_article(shape, n);
    std::string big = whosaid::bench::make_article(shape, 4 * n);
    Work w1 = index_work_alone(small);
    Work w4 = index_work_alone(big);
    INFO(fmt::format(
        "shape {}: {} and {} bytes\n  allocations {} -> {}, bytes allocated {} -> {} "
        "(extraction {} -> {})\n"
        "  quotes {} -> {}, quote text {} -> {}, postings {} -> {}, data {} -> {}",
        shape, small.size(), big.size(), w1.allocations, w4.allocations, w1.allocated_bytes,
        w4.allocated_bytes, w1.extract_bytes, w4.extract_bytes, w1.quotes, w4.quotes,
        w1.quote_bytes, w4.quote_bytes, w1.postings, w4.postings, w1.data_bytes, w4.data_bytes));
    CHECK(linear(w1.allocations, w4.allocations, 1000));
    // Bytes allocated, by stage.
    CHECK(linear(w1.allocated_bytes - w1.extract_bytes, w4.allocated_bytes - w4.extract_bytes,
                 1 << 20));
    CHECK(linear(w1.extract_bytes, w4.extract_bytes, 1 << 20));
    CHECK(linear(w1.quotes, w4.quotes, 16));
    CHECK(linear(w1.quote_bytes, w4.quote_bytes, 4096));
    CHECK(linear(w1.postings, w4.postings, 1000));
    CHECK(linear(w1.data_bytes, w4.data_bytes, 4096));
  }
}

TEST_CASE("a quotation over many paragraphs is tokenized and read in linear work",
          "[extract][linear]") {
  // Its continuation marks (one a paragraph) were copied once a paragraph
  // while it was matched, and all of them again for every span read inside
  // it: 9x and 16x the bytes for 4x the text here, where the whole
  // extraction of 32 and 128 KiB (above) stayed within its margin.
  struct Cost {
    std::size_t tokenize = 0, spans = 0;
  };
  auto cost = [](const std::string& text) {
    Cost c;
    t_allocated_bytes = 0;
    t_counting = true;
    whosaid::TokenizedText tt = whosaid::tokenize(text);
    t_counting = false;
    c.tokenize = t_allocated_bytes;
    std::size_t marks = 0;
    for (const whosaid::QuoteRegion& q : tt.quotes)
      marks = std::max(marks, q.continuation_marks.size());
    REQUIRE(marks > 100);
    std::size_t chars = 0;
    t_allocated_bytes = 0;
    t_counting = true;
    for (const whosaid::Token& t : tt.tokens)
      chars += whosaid::span_text(tt, t.start, t.end).size();
    t_counting = false;
    c.spans = t_allocated_bytes;
    CHECK(chars > 0);
    return c;
  };
  const std::size_t n = 64 * 1024;
  std::string small = whosaid::bench::make_article("longquote", n);
  std::string big = whosaid::bench::make_article("longquote", 4 * n);
  Cost c1 = cost(small);
  Cost c4 = cost(big);
  INFO(fmt::format("tokenize {} -> {} bytes, span_text of every token {} -> {} bytes", c1.tokenize,
                   c4.tokenize, c1.spans, c4.spans));
  CHECK(linear(c1.tokenize, c4.tokenize, 4096));
  CHECK(linear(c1.spans, c4.spans, 4096));
}

TEST_CASE("quote documents completed by the writer are the ones build() gives",
          "[build_document][linear]") {
  // whosaid-index builds quote documents without the article's fields they
  // share and adds them (add_quote_common) just before writing each.
  static const whosaid::Extractor extractor{whosaid::AliasTable{}};
  whosaid::DocumentBuilder builder("english");
  for (std::string_view shape : {"paragraph", "quotes"}) {
    whosaid::Article a;
    a.id = "deferred";
    a.title = "Talks in Geneva";
    a.source = "Example Wire";
    a.date = "2025-11-23";
    a.body = a.text = whosaid::bench::make_article(shape, 6000);
    extractor.extract(a);
    REQUIRE(a.quotes.size() > 5);
    REQUIRE(!a.places.empty());
    whosaid::BuiltArticle whole = builder.build(a);
    whosaid::BuiltArticle deferred = builder.build(a, true);
    CHECK(whole.quote_common.termlist_count() == 0);
    CHECK(deferred.quote_common.termlist_count() > 0);
    REQUIRE(whole.quotes.size() == deferred.quotes.size());
    for (std::size_t i = 0; i < whole.quotes.size(); ++i) {
      Xapian::Document& d = deferred.quotes[i].second;
      CHECK(d.termlist_count() < whole.quotes[i].second.termlist_count());
      whosaid::add_quote_common(d, deferred.quote_common);
      CHECK(d.serialise() == whole.quotes[i].second.serialise());
    }
  }
}

TEST_CASE("a quote document carries a bounded part of a huge article", "[build_document][linear]") {
  // More places than kMaxQuotePlaces and a title over kMaxQuoteTitleBytes:
  // each quote gets the places mentioned nearest to it, and the title's
  // first words.
  whosaid::Article a;
  a.id = "huge";
  for (int i = 0; i < 400; ++i) a.title += "word" + std::to_string(i) + " ";
  std::string text;
  for (std::size_t i = 0; i < 2 * whosaid::kMaxQuotePlaces; ++i) {
    std::string place = "Place" + std::to_string(i);
    whosaid::PlaceMention m{place, i % 2 ? "UA" : "PL", text.size(), text.size() + place.size()};
    text += place + " ";
    a.places.push_back(place);
    a.place_mentions.push_back(m);
  }
  a.countries = {"UA", "PL"};
  a.body = a.text = text;
  whosaid::Quote q;
  q.text = "We will see";
  q.start = q.end = a.place_mentions.back().end;  // after the last place
  q.kind = "indirect";
  a.quotes = {q};
  whosaid::DocumentBuilder builder("english");
  whosaid::BuiltArticle b = builder.build(a);
  REQUIRE(b.quotes.size() == 1);
  std::vector<std::string> places =
      whosaid::decode_list(b.quotes[0].second.get_value(whosaid::kSlotPlaces));
  REQUIRE(places.size() == whosaid::kMaxQuotePlaces);
  CHECK(places.front() == a.places.back());  // the nearest first
  CHECK(std::find(places.begin(), places.end(), "Place0") == places.end());
  auto data = nlohmann::json::parse(b.quotes[0].second.get_data());
  CHECK(data["places"].size() == whosaid::kMaxQuotePlaces);
  // The title: its first words only (the data takes it from the article's).
  CHECK_FALSE(data.contains("title"));
  auto has_term = [&](const std::string& term) {
    auto t = b.quotes[0].second.termlist_begin();
    t.skip_to(term);
    return t != b.quotes[0].second.termlist_end() && *t == term;
  };
  CHECK(has_term("Sword0"));
  CHECK_FALSE(has_term("Sword399"));
  // The article document keeps everything.
  CHECK(whosaid::decode_list(b.article.get_value(whosaid::kSlotPlaces)).size() == a.places.size());
}
