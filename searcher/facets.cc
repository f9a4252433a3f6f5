// The list-counting MatchSpy and its top-N selection.
#include "searcher/facets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>

#include "core/analysis.h"
#include "core/schema.h"

namespace whosaid {
namespace {

constexpr char kSep = '\x1f';  // core encode_list's separator

// Length-prefixed strings for serialise_results(): "<len>:<bytes>".
void put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

std::string_view take(std::string_view& in) {
  std::size_t colon = in.find(':');
  if (colon == std::string_view::npos) throw Xapian::NetworkError("bad ListCountSpy results");
  std::size_t len = std::stoul(std::string(in.substr(0, colon)));
  if (colon + 1 + len > in.size()) throw Xapian::NetworkError("bad ListCountSpy results");
  std::string_view s = in.substr(colon + 1, len);
  in.remove_prefix(colon + 1 + len);
  return s;
}

}  // namespace

void ListCountSpy::operator()(const Xapian::Document& doc, double) {
  if (column_) {
    ++seen_;
    const std::size_t n = id_counts_.size();
    Xapian::doccount* counts = id_counts_.data();
    column_->for_each(column_db_, doc.get_docid(), [&](std::uint32_t id) {
      if (id < n)
        ++counts[id];
      else
        bad_id_ = true;
    });
    return;
  }
  add_list(doc.get_value(slot_), 1);
}

void ListCountSpy::use_column(std::shared_ptr<const FacetColumn> column,
                              const Xapian::Database& db) {
  settle();
  column_ = std::move(column);
  column_db_ = column_ ? db : Xapian::Database();
  id_counts_.assign(column_ ? column_->size() + 1 : 0, 0);
}

void ListCountSpy::settle() const {
  if (!column_) return;
  if (bad_id_) throw facet_data_damaged(fmt::format("slot {}", slot_));
  const std::vector<FacetColumn::Item>& items = column_->items(column_db_);
  for (std::uint32_t id = 1; id < id_counts_.size(); ++id)
    if (id_counts_[id]) {
      add_item(items[id].stored, id_counts_[id]);
      id_counts_[id] = 0;
    }
}

void ListCountSpy::add_item(std::string_view item, Xapian::doccount times) const {
  if (!kind_.empty() && split_kind_item(item).second != kind_) return;
  auto it = counts_.find(item);
  if (it == counts_.end())
    counts_.emplace(std::string(item), times);
  else
    it->second += times;
}

void ListCountSpy::add_list(std::string_view rest, Xapian::doccount times) {
  seen_ += times;
  // Lists are short (a few speakers or places): a linear duplicate check on
  // the items already counted for this document is cheaper than a set. (The
  // indexer writes lists without duplicates; this guards the first 16.)
  std::string_view done[16];
  std::size_t ndone = 0;
  while (!rest.empty()) {
    std::size_t sep = rest.find(kSep);
    std::string_view item = rest.substr(0, sep);
    rest = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 1);
    if (item.empty()) continue;
    if (!kind_.empty() && split_kind_item(item).second != kind_) continue;
    if (std::find(done, done + ndone, item) != done + ndone) continue;
    if (ndone < std::size(done)) done[ndone++] = item;
    add_item(item, times);
  }
}

Xapian::MatchSpy* ListCountSpy::clone() const { return new ListCountSpy(slot_, kind_); }

std::string ListCountSpy::name() const { return "whosaid::ListCountSpy"; }

// "<slot>" or "<slot> <kind>".
std::string ListCountSpy::serialise() const {
  return kind_.empty() ? std::to_string(slot_) : fmt::format("{} {}", slot_, kind_);
}

Xapian::MatchSpy* ListCountSpy::unserialise(const std::string& serialised,
                                            const Xapian::Registry&) const {
  std::size_t space = serialised.find(' ');
  std::string kind = space == std::string::npos ? std::string() : serialised.substr(space + 1);
  return new ListCountSpy(static_cast<Xapian::valueno>(std::stoul(serialised.substr(0, space))),
                          std::move(kind));
}

std::string ListCountSpy::serialise_results() const {
  settle();
  std::string out;
  put(out, std::to_string(seen_));
  for (const auto& [value, count] : counts_) {
    put(out, value);
    put(out, std::to_string(count));
  }
  return out;
}

void ListCountSpy::merge_results(const std::string& serialised) {
  settle();
  std::string_view in = serialised;
  seen_ += static_cast<Xapian::doccount>(std::stoul(std::string(take(in))));
  while (!in.empty()) {
    std::string value(take(in));
    counts_[value] += static_cast<Xapian::doccount>(std::stoul(std::string(take(in))));
  }
}

void ListCountSpy::add_counts(const ListCountSpy& other) {
  seen_ += other.seen_;
  bad_id_ = bad_id_ || other.bad_id_;
  if (column_ && other.column_ == column_ && counts_.empty() && other.counts_.empty()) {
    // The same column: add the counts by item id.
    for (std::size_t id = 0; id < id_counts_.size(); ++id) id_counts_[id] += other.id_counts_[id];
    return;
  }
  settle();
  other.settle();
  for (const auto& [item, count] : other.counts_) add_item(item, count);
}

std::string ListCountSpy::get_description() const {
  settle();
  return fmt::format("ListCountSpy(slot {}{}, {} values, {} documents)", slot_,
                     kind_.empty() ? "" : ", kind " + kind_, counts_.size(), seen_);
}

void keep_top(std::vector<FacetValue>& values, std::size_t n) {
  auto by_count = [](const FacetValue& a, const FacetValue& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.value != b.value ? a.value < b.value : a.kind < b.kind;
  };
  if (n < values.size()) {
    std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n),
                      values.end(), by_count);
    values.resize(n);
  } else {
    std::sort(values.begin(), values.end(), by_count);
  }
}

std::vector<FacetValue> ListCountSpy::top(std::size_t n) const {
  std::vector<FacetValue> out = values();
  keep_top(out, n);
  return out;
}

std::vector<FacetValue> ListCountSpy::column_values() const {
  if (bad_id_) throw facet_data_damaged(fmt::format("slot {}", slot_));
  const std::vector<FacetColumn::Item>& items = column_->items(column_db_);
  // By group (an item id): the total, and the variant shown (the most
  // frequent; of equal counts, the smallest value), as top() does.
  std::vector<Xapian::doccount> total(items.size(), 0);
  std::vector<std::uint32_t> shown(items.size(), 0), groups;
  for (std::uint32_t id = 1; id < id_counts_.size(); ++id) {
    const Xapian::doccount count = id_counts_[id];
    if (!count) continue;
    const FacetColumn::Item& item = items[id];
    if (!kind_.empty() && item.kind != kind_) continue;
    const std::uint32_t g = item.group;
    if (!total[g]) groups.push_back(g);
    total[g] += count;
    const std::uint32_t best = shown[g];
    if (!best || count > id_counts_[best] ||
        (count == id_counts_[best] && item.value < items[best].value))
      shown[g] = id;
  }
  std::vector<FacetValue> out;
  out.reserve(groups.size());
  for (std::uint32_t g : groups) {
    const FacetColumn::Item& item = items[shown[g]];
    out.push_back({std::string(item.value), total[g], std::string(item.kind)});
  }
  return out;
}

std::vector<FacetValue> ListCountSpy::values() const {
  if (column_ && counts_.empty()) return column_values();
  // Merge case/spacing variants: done once per distinct value, not per
  // document. The display form is the most frequent variant.
  struct Group {
    Xapian::doccount total = 0, best = 0;
    std::string display, kind;
  };
  settle();
  std::map<std::pair<std::string, std::string_view>, Group> groups;
  for (const auto& [item, count] : counts_) {
    auto [value, kind] = split_kind_item(item);
    Group& g = groups[{fold_value(value), kind}];
    g.total += count;
    if (count > g.best || (count == g.best && value < g.display)) {
      g.best = count;
      g.display = std::string(value);
      g.kind = std::string(kind);
    }
  }
  std::vector<FacetValue> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) out.push_back({std::move(g.display), g.total, std::move(g.kind)});
  return out;
}

}  // namespace whosaid
