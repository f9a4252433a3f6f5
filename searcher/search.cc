// The search run: query + filters + type restriction, Enquire with BM25,
// sorting, facet spies, hits with stored data and snippets.
#include "searcher/search.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>

#include "core/article.h"
#include "core/database.h"
#include "core/error.h"
#include "core/place_tokens.h"
#include "core/schema.h"
#include "searcher/query.h"
#include "searcher/ranking.h"
#include "searcher/stored_data.h"

namespace whosaid {
namespace {

// Fields --filter accepts: every field (FIELD=VALUE means FIELD:"VALUE").
std::string filterable_names() {
  std::string out;
  for (const Field& f : fields()) {
    if (!out.empty()) out += ',';
    out += f.name;
  }
  return out;
}

bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// True if QUERY has a field's term: terms the plain text of a hit does not
// produce, so snippets need QueryMode::kSnippet to highlight those words.
bool has_field_terms(const Xapian::Query& query) {
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
    if (is_field_term(*t)) return true;
  return false;
}

// True if a plain word of QUERY (not a field's) is in fewer than kFewHits
// documents, or none: the mark of a misspelling. When every word is
// common, few hits come from the words' combination, and looking each word
// up in the spelling table (milliseconds: Xapian compares it with every
// word that shares a trigram) finds nothing to correct.
bool has_rare_word(const Xapian::Database& db, const Xapian::Query& query) {
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    const std::string term = *t;
    if (!is_field_term(term) && db.get_termfreq(term) < kFewHits) return true;
  }
  return false;
}

// The MSet whose query MSet::snippet() highlights: MSET itself, or, when
// the query searched fields, an empty MSet of the same words unprefixed
// (then also put in WORDS).
Xapian::MSet snippet_mset(const Xapian::Database& db, const Xapian::MSet& mset,
                          const Xapian::Query& query, const std::string& text,
                          Xapian::Query& words_query) {
  if (mset.empty() || !has_field_terms(query)) return mset;
  try {
    QueryBuilder words(db, QueryMode::kSnippet);
    Xapian::Enquire enquire(db);
    words_query = words.parse(text);
    enquire.set_query(words_query);
    return enquire.get_mset(0, 0);  // no match: snippet() needs the query only
  } catch (const QueryError&) {
    return mset;
  }
}

// Filters grouped by field: OR within a field, AND across fields. Each is
// what FIELD:"VALUE" means in a query (QueryBuilder::filter). The filters
// on EXCEPT are left out (a facet's own field: disjunctive faceting).
Xapian::Query build_filter(QueryBuilder& builder, const std::vector<FilterSpec>& filters,
                           const Xapian::Query& type, const Field* except = nullptr) {
  std::vector<std::pair<const Field*, std::vector<Xapian::Query>>> groups;
  for (const FilterSpec& spec : filters) {
    const Field* field = find_field(spec.field);
    if (!field)
      throw UsageError(
          fmt::format("cannot filter on '{}' (filters: {})", spec.field, filterable_names()));
    Xapian::Query q = builder.filter(spec.field, spec.value);
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == field; });
    if (it == groups.end())
      groups.push_back({field, {q}});
    else
      it->second.push_back(q);
  }
  Xapian::Query filter = type;
  for (const auto& [field, queries] : groups) {
    if (field == except) continue;
    Xapian::Query any(Xapian::Query::OP_OR, queries.begin(), queries.end());
    filter = filter.empty() ? any : Xapian::Query(Xapian::Query::OP_AND, filter, any);
  }
  return filter;
}

// The field whose filters a facet is counted without: its own (the date
// for the month facet).
const Field* facet_field(std::string_view name) {
  return find_field(name == kMonthFacet ? std::string_view("date") : name);
}

// Counts SPY over every match of QUERY, in a match of its own (a facet
// counted without its field's filters). As in run_search(), a remote server
// that does not know our spy counts whole list values with Xapian's own.
// SearchRequest::stop_matching_at, on ENQUIRE.
void bound_time(Xapian::Enquire& enquire, const SearchRequest& request) {
  if (!request.stop_matching_at) return;
  std::chrono::duration<double> left =
      *request.stop_matching_at - std::chrono::steady_clock::now();
  enquire.set_time_limit(std::max(left.count(), 1e-3));
}

// The total of a counting match: exact unless the time limit cut it short.
struct Counted {
  Xapian::doccount total = 0;
  bool exact = false;
};

// Counts every match of QUERY in DB, unweighted (no document lengths read)
// and unsorted, returning no hits, with the SPIES whose ALONE is false.
Counted count_matches(const Xapian::Database& db, const Xapian::Query& query,
                      const std::vector<std::unique_ptr<ListCountSpy>>& spies,
                      const std::vector<bool>& alone, const SearchRequest& request) {
  Xapian::Enquire counter(db);
  bound_time(counter, request);
  counter.set_query(query);
  counter.set_weighting_scheme(Xapian::BoolWeight());
  for (std::size_t i = 0; i < spies.size(); ++i)
    if (!alone[i]) counter.add_matchspy(spies[i].get());
  Xapian::MSet counted = counter.get_mset(0, 0, db.get_doccount());
  return {counted.get_matches_estimated(),
          counted.get_matches_lower_bound() == counted.get_matches_upper_bound()};
}

// True if A and B are handles on the same revision of one database (so that
// a match on each sees the same documents). False for several shards.
bool same_revision(const Xapian::Database& a, const Xapian::Database& b) {
  try {
    return a.get_revision() == b.get_revision() && a.get_uuid() == b.get_uuid() &&
           !a.get_uuid().empty();
  } catch (const Xapian::Error&) {
    return false;  // several shards or a remote one: no single revision
  }
}

// The documents LO..HI, as a filter: one piece of a match split by
// document id, so that two threads can share the counting. It only ever
// filters a query's matches (OP_FILTER): Xapian's AND moves it to each
// candidate of the query's own posting lists.
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid lo, Xapian::docid hi) : lo_(lo), hi_(hi) {}
  void init(const Xapian::Database& db) override {
    last_ = std::min(hi_, db.get_lastdocid());
    size_ = last_ >= lo_ ? std::min<Xapian::doccount>(last_ - lo_ + 1, db.get_doccount()) : 0;
    did_ = 0;
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return size_; }
  Xapian::doccount get_termfreq_max() const override { return size_; }
  void next(double) override { did_ = did_ == 0 ? lo_ : did_ + 1; }
  void skip_to(Xapian::docid did, double) override {
    if (did_ == 0) did_ = lo_;
    if (did > did_) did_ = did;
  }
  bool at_end() const override { return did_ > last_ || size_ == 0; }
  Xapian::docid get_docid() const override { return did_; }
  DocidRange* clone() const override { return new DocidRange(lo_, hi_); }
  std::string name() const override { return "whosaid::DocidRange"; }

 private:
  Xapian::docid lo_, hi_, last_ = 0, did_ = 0;
  Xapian::doccount size_ = 0;
};

// A second thread costs about 0.1 ms (its start, the queries copied, a
// match set up): when fewer than about 5,000 matches are possible,
// counting them here costs less (bench/README.md, "Counting beside the
// page"). At 1,000,000 articles a piece of 40,000 matches takes a few ms;
// a piece costs a match's set-up (tens of microseconds).
constexpr Xapian::doccount kMinMatchesBeside = 5000;
constexpr Xapian::doccount kMatchesPerPiece = 40000;
std::atomic<Xapian::doccount> g_min_matches_beside{kMinMatchesBeside};
std::atomic<Xapian::doccount> g_matches_per_piece{kMatchesPerPiece};

// A count split into pieces of the document id space, each taken by the
// first thread free (the counting thread, and the page's once its page is
// done). Few matches: one piece, the whole match.
class CountPieces {
 public:
  // ESTIMATE: the most matches there can be (see run_search()).
  CountPieces(const Xapian::Database& db, Xapian::doccount estimate) {
    const Xapian::docid last = db.get_lastdocid();
    const Xapian::doccount per_piece = g_matches_per_piece.load(std::memory_order_relaxed);
    const std::size_t n = std::clamp<std::size_t>(estimate / per_piece, 1, kMaxPieces);
    if (n < 2 || last < n) return;
    const Xapian::docid step = static_cast<Xapian::docid>((last + n - 1) / n);
    for (Xapian::docid lo = 1; lo <= last; lo += step)
      ranges_.push_back({lo, std::min(last, lo + step - 1)});
  }
  bool split() const { return !ranges_.empty(); }
  std::size_t size() const { return std::max<std::size_t>(ranges_.size(), 1); }
  // Counts pieces of QUERY on DB with SPIES until none is left: the total
  // of those this thread took.
  Counted count(const Xapian::Database& db, const Xapian::Query& query,
                const std::vector<std::unique_ptr<ListCountSpy>>& spies,
                const std::vector<bool>& alone, const SearchRequest& request) {
    Counted sum{0, true};
    for (std::size_t i; (i = next_.fetch_add(1)) < ranges_.size();) {
      const auto [lo, hi] = ranges_[i];
      Xapian::Query piece(Xapian::Query::OP_FILTER, query,
                          Xapian::Query((new DocidRange(lo, hi))->release()));
      Counted c = count_matches(db, piece, spies, alone, request);
      sum.total += c.total;
      sum.exact = sum.exact && c.exact;
    }
    return sum;
  }

 private:
  static constexpr std::size_t kMaxPieces = 16;
  std::vector<std::pair<Xapian::docid, Xapian::docid>> ranges_;
  std::atomic<std::size_t> next_{0};
};

void count_alone(const Xapian::Database& db, const Xapian::Query& query,
                 std::unique_ptr<ListCountSpy>& spy, const SearchRequest& request) {
  Xapian::Enquire enquire(db);
  bound_time(enquire, request);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(spy.get());
  try {
    enquire.get_mset(0, 0, db.get_doccount());
  } catch (const Xapian::InvalidArgumentError& e) {
    if (e.get_msg().find("not registered") == std::string::npos) throw;
    enquire.clear_matchspies();
    Xapian::ValueCountMatchSpy values(spy->slot());
    enquire.add_matchspy(&values);
    enquire.get_mset(0, 0, db.get_doccount());
    spy = std::make_unique<ListCountSpy>(spy->slot(), spy->kind());
    for (auto v = values.values_begin(); v != values.values_end(); ++v)
      spy->add_list(*v, v.get_termfreq());
  }
}

// The month facet from the counts of dates ("YYYYMMDD"): "YYYY-MM" and
// its count, oldest first; undated documents are left out.
std::vector<FacetValue> month_values(const ListCountSpy& dates) {
  std::map<std::string, Xapian::doccount> months;
  for (const FacetValue& v : dates.values())
    if (v.value.size() >= 6) months[v.value.substr(0, 4) + '-' + v.value.substr(4, 2)] += v.count;
  std::vector<FacetValue> out;
  for (auto& [month, count] : months) out.push_back({month, count, ""});
  return out;
}

// Whether a word of VALUE starts with the words of TEXT, diacritics, case
// and punctuation aside (core name_key()).
bool facet_value_matches(std::string_view value, const std::string& text_key) {
  if (text_key.empty()) return true;
  std::string key = name_key(value);
  return key.starts_with(text_key) || key.find(' ' + text_key) != std::string::npos;
}

// The last tie-break, for hits of the same content hash: the article id,
// then a quote's index in its article (core/article.h quote_data()).
std::pair<std::string, long> tie_key(const Xapian::MSetIterator& it) {
  nlohmann::json data = parse_stored_data(it.get_document().get_data());
  std::string_view id = stored_string(data, "id");
  std::string_view article = stored_string(data, "article");
  if (article.empty()) return {std::string(id), -1};
  auto index = data.find("index");
  return {std::string(article),
          index != data.end() && index->is_number_unsigned() ? index->get<long>() : -1};
}

}  // namespace

void set_count_beside_thresholds(Xapian::doccount min_matches, Xapian::doccount per_piece) {
  const bool defaults = min_matches == 0 && per_piece == 0;
  g_min_matches_beside.store(defaults ? kMinMatchesBeside : min_matches,
                             std::memory_order_relaxed);
  g_matches_per_piece.store(defaults ? kMatchesPerPiece : std::max<Xapian::doccount>(per_piece, 1),
                            std::memory_order_relaxed);
}

FilterSpec parse_filter(const std::string& spec) {
  std::size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError(
        fmt::format("--filter '{}': expected FIELD=VALUE, e.g. speaker=\"Marco Rubio\"", spec));
  FilterSpec f{spec.substr(0, eq), spec.substr(eq + 1)};
  const Field* field = find_field(f.field);
  if (!field)
    throw UsageError(fmt::format("--filter '{}': cannot filter on '{}' (filters: {})", spec,
                                 f.field, filterable_names()));
  if (fold_value(f.value).empty())
    throw UsageError(fmt::format("--filter '{}': the value is empty", spec));
  return f;
}

void check_facets(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (name == kMonthFacet) continue;
    const Field* f = find_field(name);
    if (!f || !f->facet)
      throw UsageError(
          fmt::format("unknown facet '{}' (facets: {},{})", name, facet_names(), kMonthFacet));
  }
}

SearchResult run_search(const Xapian::Database& db, const SearchRequest& request,
                        const Xapian::Database* beside) {
  check_facets(request.facets);
  QueryBuilder builder(db, request.quotes ? QueryMode::kQuotes : QueryMode::kSearch);
  const Xapian::Query parsed =
      is_blank(request.query) ? Xapian::Query::MatchAll : builder.parse(request.query);
  // No type filter when every match of the query is an article anyway (it
  // needs a body or title word, which no quote document has): the filter's
  // posting list would be walked beside each match for nothing.
  const Xapian::Query type =
      request.quotes || !only_articles(parsed) ? type_filter(request.quotes) : Xapian::Query();
  const Xapian::Query filter = build_filter(builder, request.filters, type);

  Xapian::Enquire enquire(db);
  bound_time(enquire, request);
  set_weighting(enquire, default_ranking());
  const bool expand =
      request.expand && request.sort == SortOrder::kRelevance && !is_blank(request.query);
  Xapian::Query query =
      filtered(expand ? expand_query(enquire, parsed, filter, default_ranking()) : parsed, filter);
  enquire.set_query(query);
  // Counts only (--limit 0: the page's histogram, a facet's search box): no
  // hit is ranked, so the matches need no weight (BM25 reads each one's
  // document length). The same matches, so the same counts.
  if (request.limit == 0 && !expand) enquire.set_weighting_scheme(Xapian::BoolWeight());
  // Ties: relevance, newest first, then the article's content hash (per
  // article, shared by its quotes), then the article id and a quote's index
  // in its article (tie_key): a total order. Xapian breaks ties by
  // document id, which orders them differently in shards (ids interleave)
  // than in one database, and a KeyMaker cannot run on a remote server
  // (1.4): so the match sorts by score and date (or date and score), and
  // ties at the page are put in that order afterwards.
  if (request.sort == SortOrder::kDate)
    enquire.set_sort_by_value_then_relevance(kSlotDate, true);
  else
    enquire.set_sort_by_relevance_then_value(kSlotDate, true);
  const Xapian::doccount want = request.offset + request.limit;
  const bool rerank_ties = request.limit > 0;

  // With beside (see search.h), every count runs on another thread, through
  // that handle, while this one ranks the page.
  bool parallel = request.limit > 0 && beside != nullptr && same_revision(db, *beside);
  // The most matches there can be, from the posting lists' lengths before
  // any match is checked (the shortest list of an AND, the sum of an OR):
  // what walking them costs. (Xapian's estimate then is no guide: 30 for a
  // phrase of 3,712 matches.)
  Xapian::doccount expected = 0;
  if (parallel) {
    Xapian::Enquire probe(db);
    probe.set_query(query);
    probe.set_weighting_scheme(Xapian::BoolWeight());
    expected = probe.get_mset(0, 0, Xapian::doccount{0}).get_matches_upper_bound();
    parallel = expected >= g_min_matches_beside.load(std::memory_order_relaxed);
  }
  const Xapian::Database& count_db = parallel ? *beside : db;

  // With disjunctive_facets, facets whose field is filtered are counted in
  // a match of their own, without that field's filters; the others with
  // every match of the query.
  std::vector<std::unique_ptr<ListCountSpy>> spies;
  std::vector<bool> alone;
  std::vector<Xapian::Query> alone_queries;
  for (const std::string& name : request.facets) {
    const Field* f = facet_field(name);
    if (name == kMonthFacet)
      spies.push_back(std::make_unique<ListCountSpy>(kSlotDate));
    else
      spies.push_back(std::make_unique<ListCountSpy>(f->slot, std::string(f->kind)));
    // From the facet column when the database has one for this revision
    // (core/facet_column.h), else from the value streams: the same counts.
    spies.back()->use_column(FacetColumn::open(count_db, spies.back()->slot()), count_db);
    alone.push_back(
        request.disjunctive_facets &&
        std::any_of(request.filters.begin(), request.filters.end(),
                    [&](const FilterSpec& spec) { return find_field(spec.field) == f; }));
    // Built here, by this thread's QueryBuilder, for either thread's match.
    alone_queries.push_back(
        alone.back()
            ? filtered(parsed, build_filter(builder, request.filters, type, f))
            : Xapian::Query());
  }

  // The counting thread: the exact total and every facet, in a match that
  // is unweighted and unsorted but sees every match, while the page's
  // ranked match stops early. (A ranked match that counts must weigh every
  // match: most of a facet search's time on a big index.)
  // Xapian's queries share their parts, reference-counted without atomics:
  // the other thread gets copies of its own, through their serialised form.
  // Many matches are counted in pieces, shared with this thread once its
  // page is done.
  std::optional<CountPieces> pieces;
  std::vector<std::unique_ptr<ListCountSpy>> my_spies;
  std::future<Counted> counting;
  if (parallel) {
    pieces.emplace(db, expected);
    if (pieces->split())
      for (const auto& spy : spies) {  // this thread's, for its share
        my_spies.push_back(std::make_unique<ListCountSpy>(spy->slot(), spy->kind()));
        my_spies.back()->use_column(FacetColumn::open(db, spy->slot()), db);
      }
    std::vector<std::string> serialised{query.serialise()};
    for (const Xapian::Query& q : alone_queries) serialised.push_back(q.serialise());
    counting = std::async(std::launch::async, [&, serialised = std::move(serialised)]() {
      std::vector<Xapian::Query> own;
      for (const std::string& s : serialised) own.push_back(Xapian::Query::unserialise(s));
      Counted c = pieces->split() ? pieces->count(count_db, own[0], spies, alone, request)
                                  : count_matches(count_db, own[0], spies, alone, request);
      for (std::size_t i = 0; i < spies.size(); ++i)
        if (alone[i]) count_alone(count_db, own[i + 1], spies[i], request);
      return c;
    });
  }

  const bool spied =
      !parallel && std::find(alone.begin(), alone.end(), false) != alone.end();
  if (spied)
    for (std::size_t i = 0; i < spies.size(); ++i)
      if (!alone[i]) enquire.add_matchspy(spies[i].get());
  // Facet counts, and the total of a counts-only search (--limit 0), are
  // exact only if every match is seen. Otherwise a modest floor makes the
  // total exact for small result sets, whatever page is asked for.
  Xapian::doccount check_at_least =
      (parallel || (spies.empty() && request.limit > 0)) ? want + kCheckAtLeast
                                                         : db.get_doccount();
  // Reranking needs every tie at the page's edges: from the first match,
  // and one more than the page to see whether the last tie goes on.
  Xapian::doccount first = rerank_ties ? 0 : request.offset;
  Xapian::doccount count = rerank_ties ? want + 1 : request.limit;
  Xapian::MSet mset;
  try {
    mset = enquire.get_mset(first, count, check_at_least);
  } catch (const Xapian::InvalidArgumentError& e) {
    // A remote server (xapian-tcpsrv) cannot run our spy: count whole list
    // values with Xapian's own ValueCountMatchSpy and split them here.
    if (!spied || e.get_msg().find("not registered") == std::string::npos) throw;
    enquire.clear_matchspies();
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> value_spies;
    for (std::size_t i = 0; i < spies.size(); ++i) {
      value_spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(spies[i]->slot()));
      if (!alone[i]) enquire.add_matchspy(value_spies.back().get());
    }
    // Counted in a match of their own, returning no hits: with remote
    // databases (1.4.22) spies asked for a page of hits count some
    // documents twice (test cli.t120-shards).
    enquire.get_mset(0, 0, db.get_doccount());
    enquire.clear_matchspies();
    mset = enquire.get_mset(first, count, check_at_least);
    for (std::size_t i = 0; i < spies.size(); ++i) {
      if (alone[i]) continue;
      spies[i] = std::make_unique<ListCountSpy>(spies[i]->slot(), spies[i]->kind());
      for (auto v = value_spies[i]->values_begin(); v != value_spies[i]->values_end(); ++v)
        spies[i]->add_list(*v, v.get_termfreq());
    }
  }
  enquire.clear_matchspies();  // counted: a further match must not count again
  if (!parallel)
    for (std::size_t i = 0; i < spies.size(); ++i)
      if (alone[i]) count_alone(db, alone_queries[i], spies[i], request);

  SearchResult result;
  result.query = request.query;
  result.quotes = request.quotes;
  result.offset = request.offset;
  result.limit = request.limit;
  result.estimate = mset.get_matches_estimated();
  result.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  // Else the page's match stopped early: the total is counted in a match of
  // its own, unweighted and unsorted, that returns no hits (beside this
  // thread's work when it can). Exact, the same whatever --offset and
  // --limit are, and cheaper than Xapian's estimate from a weighted,
  // sorted match (which reads each match's length and date: at 100,000
  // articles "government" counts its 20,342 matches in 1.7 ms, where the
  // estimate took 3.0 ms to say "about 30,000").
  auto take_total = [&](const Counted& c) {
    if (result.exact) return;
    result.estimate = c.total;
    result.exact = c.exact;
  };
  if (!parallel && !result.exact) take_total(count_matches(db, query, {}, {}, request));

  // The hits of the page, as indexes into MSET.
  std::vector<Xapian::doccount> page;
  if (!rerank_ties) {
    for (Xapian::doccount i = 0; i < mset.size(); ++i) page.push_back(i);
  } else {
    // Equal weights, to rounding: the same document statistics can give
    // weights a few units in the last place apart in shards and in one
    // database (test cli.t120-shards, duplicate stories).
    auto tie = [&](Xapian::doccount a, Xapian::doccount b) {
      double wa = mset[a].get_weight(), wb = mset[b].get_weight();
      return std::abs(wa - wb) <= 1e-9 * std::max(std::abs(wa), std::abs(wb)) &&
             mset[a].get_sort_key() == mset[b].get_sort_key();
    };
    while (mset.size() == count && tie(want - 1, count - 1)) {
      count *= 2;  // the last tie goes on past what was fetched
      mset = enquire.get_mset(0, count, count + kCheckAtLeast);
    }
    std::vector<Xapian::doccount> order(mset.size());
    for (Xapian::doccount i = 0; i < order.size(); ++i) order[i] = i;
    for (Xapian::doccount begin = 0; begin < order.size() && begin < want;) {
      Xapian::doccount end = begin + 1;
      while (end < order.size() && tie(begin, end)) ++end;
      if (end - begin > 1 && end > request.offset) {
        mset.fetch(mset[begin], mset[end - 1]);
        std::vector<std::string> hash(end - begin);
        for (Xapian::doccount i = begin; i < end; ++i)
          hash[i - begin] = mset[i].get_document().get_value(kSlotHash);
        std::sort(order.begin() + begin, order.begin() + end,
                  [&](auto a, auto b) { return hash[a - begin] < hash[b - begin]; });
        // The same hash: the quotes of one article, or articles whose stored
        // data is the same: then the id (an article's quotes in their order).
        for (Xapian::doccount i = begin; i < end;) {
          Xapian::doccount j = i + 1;
          while (j < end && hash[order[j] - begin] == hash[order[i] - begin]) ++j;
          if (j - i > 1) {
            // The keys of this run only (not one slot per hit of the MSet:
            // a page of many runs would be quadratic).
            std::vector<std::pair<std::pair<std::string, long>, Xapian::doccount>> keyed;
            keyed.reserve(j - i);
            for (Xapian::doccount k = i; k < j; ++k)
              keyed.emplace_back(tie_key(mset[order[k]]), order[k]);
            std::sort(keyed.begin(), keyed.end());
            for (Xapian::doccount k = i; k < j; ++k) order[k] = keyed[k - i].second;
          }
          i = j;
        }
      }
      begin = end;
    }
    for (Xapian::doccount i = request.offset; i < want && i < order.size(); ++i)
      page.push_back(order[i]);
  }

  // One batch for all hits' documents (remote databases). Xapian 1.4.22's
  // fetch() crashes when the MSet does not start at the first match
  // (--offset): regression test "search: offset and limit".
  if (!page.empty() && mset.get_firstitem() == 0) {
    auto [lo, hi] = std::minmax_element(page.begin(), page.end());
    mset.fetch(mset[*lo], mset[*hi]);
  }
  std::optional<Xapian::MSet> snippets;
  std::optional<Snipper> snipper;  // one for all hits: it remembers stems
  StoredData stored(db);           // a quote's article is read once for all its hits
  for (std::size_t k = 0; k < page.size(); ++k) {
    Xapian::MSetIterator it = mset[page[k]];
    Hit hit;
    hit.rank = request.offset + static_cast<Xapian::doccount>(k) + 1;  // 1 = the first match
    hit.docid = *it;
    hit.score = it.get_weight();
    hit.data = stored(it.get_document());
    bool quote = stored_string(hit.data, "type") == kTypeQuote;
    std::string_view text = stored_string(hit.data, quote ? "text" : "body");
    if (text.empty()) text = stored_string(hit.data, "title");
    if (!snipper) {
      Xapian::Query words;
      snippets.emplace(snippet_mset(db, mset, parsed, request.query, words));
      // The terms of the query snippets' MSet ran: of QUERY, or of WORDS.
      snipper.emplace(*snippets, builder.analysis().stemmer, std::vector{query, words});
    }
    // A quote is shown whole unless it is very long.
    hit.snippet = (*snipper)(text, quote ? 4 * request.snippet_length : request.snippet_length);
    result.hits.push_back(std::move(hit));
  }

  // The counting thread's total and facets (its errors are thrown here).
  if (parallel) {
    // This thread's share of the pieces.
    Counted mine{0, true};
    if (pieces->split()) mine = pieces->count(db, query, my_spies, alone, request);
    Counted theirs = counting.get();
    take_total({theirs.total + mine.total, theirs.exact && mine.exact});
    for (std::size_t i = 0; i < my_spies.size(); ++i)
      if (!alone[i]) spies[i]->add_counts(*my_spies[i]);
    result.counted_beside = true;
    result.count_pieces = pieces->size();
  }

  for (std::size_t i = 0; i < spies.size(); ++i) {
    const std::string& name = request.facets[i];
    auto limit = request.facet_limits.find(name);
    std::size_t n = limit != request.facet_limits.end() ? limit->second : request.facet_limit;
    auto search = request.facet_search.find(name);
    const bool months = name == kMonthFacet;
    std::vector<FacetValue> values = months ? month_values(*spies[i]) : spies[i]->values();
    if (search != request.facet_search.end()) {
      const std::string key = name_key(search->second);
      std::erase_if(values,
                    [&](const FacetValue& v) { return !facet_value_matches(v.value, key); });
    }
    if (!months) keep_top(values, n);  // months: every one, oldest first
    result.facets.push_back({name, std::move(values)});
  }

  if (result.estimate < kFewHits && !is_blank(request.query)) {
    // Spelling is of the body's words, checked and corrected as a search of
    // articles reads the query: in quotes mode its words are quote:'s.
    std::optional<QueryBuilder> articles;
    if (request.quotes) articles.emplace(db, QueryMode::kSearch);
    QueryBuilder& speller = articles ? *articles : builder;
    if (has_rare_word(db, articles ? articles->parse(request.query) : parsed)) {
      std::string corrected = speller.suggest(request.query);
      if (!corrected.empty()) result.suggestion = corrected;
    }
  }
  return result;
}

SearchResult search_databases(const std::vector<std::string>& paths, const SearchRequest& request) {
  // An indexer that commits while we open or read the index can overwrite
  // the revision we read: Xapian throws DatabaseModifiedError, or, when
  // the race hits the blocks being opened, DatabaseCorruptError. Open the
  // latest revision and search again; each attempt sees one consistent
  // revision. A real corruption fails every attempt and is reported. A
  // document missing while the index has moved on is the same race.
  // Xapian keeps a revision readable until the writer's second commit after
  // it, so a search slower than two commits fails again: on
  // DatabaseModifiedError keep trying for a while rather than a fixed number
  // of times (an indexer committing every few articles under a slow search,
  // e.g. facets over everything).
  // A block that reads as corrupt is also retried for a while (a few
  // seconds, with a pause: ten quick attempts could all land inside one
  // commit under ASan, test cli.t110), so a real corruption is reported
  // after that.
  constexpr int kAttempts = 10;
  constexpr auto kRetryFor = std::chrono::seconds(30);
  constexpr auto kCorruptRetryFor = std::chrono::seconds(3);
  const auto start = std::chrono::steady_clock::now();
  auto give_up = [&](int attempt, auto retry_for) {
    return attempt >= kAttempts && std::chrono::steady_clock::now() - start > retry_for;
  };
  auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(10)); };
  bool reopened = false;
  for (int attempt = 1;; ++attempt) {
    try {
      SearchDatabases dbs = open_shards(paths, request.allow_partial, true);
      try {
        SearchResult result = run_search(dbs.db, request, dbs.beside ? &*dbs.beside : nullptr);
        result.missing_shards = dbs.missing;
        result.shards_searched = dbs.shards.size();
        return result;
      } catch (const Xapian::NetworkError&) {
        // A remote shard failed during the search: opening again names it
        // (or, with allow_partial, leaves it out). Once.
        if (reopened) throw;
        reopened = true;
        --attempt;
      } catch (const Xapian::DocNotFoundError&) {
        // A hit's document vanished under us: the same race when the index
        // has moved on since we opened it (reopen() says so), a real error
        // otherwise.
        if (!dbs.db.reopen() || give_up(attempt, kRetryFor)) throw;
      }
    } catch (const Xapian::DatabaseModifiedError&) {
      if (give_up(attempt, kRetryFor)) throw;
    } catch (const Xapian::DatabaseCorruptError& e) {
      if (give_up(attempt, kCorruptRetryFor))
        throw Error(fmt::format("the index is corrupt: {}", e.get_description()));
      pause();
    } catch (const Xapian::DatabaseError& e) {
      // Also seen when a commit races our reads ("EOF reading block").
      if (give_up(attempt, kCorruptRetryFor))
        throw Error(fmt::format("cannot read the index: {}", e.get_description()));
      pause();
    }
  }
}

}  // namespace whosaid
