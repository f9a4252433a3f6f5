// Facet counting: a Xapian::MatchSpy that counts the items of a list-valued
// slot (core encode_list). Xapian's ValueCountMatchSpy counts one value per
// document; an article with three speakers must count once for each, so
// every facet slot holds a list (single-valued slots are lists of one) and
// this one class serves all facets: speaker, place, country, source, year.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/facet_column.h"

namespace whosaid {

struct FacetValue {
  std::string value;  // display form, as stored in the slot
  Xapian::doccount count = 0;
  std::string kind;  // a speaker's kind ("person", "organization"); "" for other facets
};

// Keeps the N first of VALUES by count (descending), then value and kind,
// in that order.
void keep_top(std::vector<FacetValue>& values, std::size_t n);

class ListCountSpy : public Xapian::MatchSpy {
 public:
  // KIND: count only the items of that kind (core kind_item(): person:
  // and org: count kSlotSpeakers); "" = every item.
  explicit ListCountSpy(Xapian::valueno slot, std::string kind = {})
      : slot_(slot), kind_(std::move(kind)) {}

  // Counts each distinct item of DOC's list once.
  void operator()(const Xapian::Document& doc, double wt) override;

  // Counts from COLUMN, the facet column of this spy's slot in DB, the
  // database searched (core/facet_column.h), instead of the documents'
  // values: the same counts, without reading the value streams. Null: the
  // values.
  void use_column(std::shared_ptr<const FacetColumn> column, const Xapian::Database& db);

  Xapian::MatchSpy* clone() const override;
  std::string name() const override;
  std::string serialise() const override;
  Xapian::MatchSpy* unserialise(const std::string& serialised,
                                const Xapian::Registry& context) const override;
  std::string serialise_results() const override;
  void merge_results(const std::string& serialised) override;
  std::string get_description() const override;

  // Counts one encoded list value seen in TIMES documents (what
  // operator() does per document with TIMES = 1). Also turns the counts of
  // a Xapian::ValueCountMatchSpy on the same slot into item counts: the
  // fallback for remote databases, whose servers (xapian-tcpsrv) know only
  // Xapian's own match spies.
  void add_list(std::string_view encoded, Xapian::doccount times);

  // Adds the counts of OTHER, a spy on the same slot and kind that counted
  // other documents (a part of the same match, on another thread).
  void add_counts(const ListCountSpy& other);

  Xapian::valueno slot() const { return slot_; }
  const std::string& kind() const { return kind_; }
  // Documents seen (each counted once however many items it has).
  Xapian::doccount documents_seen() const { return seen_; }

  // The N most frequent values, count descending, ties by value ascending.
  // Values that differ only in case or spacing (same core fold_value) are
  // counted together under their most frequent display form; the same name
  // with two kinds (a person in one article, an organisation in another)
  // is two values.
  std::vector<FacetValue> top(std::size_t n) const;
  // Every value, grouped as top() groups them, in no particular order.
  std::vector<FacetValue> values() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void add_item(std::string_view item, Xapian::doccount times) const;
  // Moves the column's counts by item id into counts_ (by item): done once,
  // after the match, for the items seen.
  void settle() const;
  // values() from the column's counts by item id, grouped by the column's
  // groups.
  std::vector<FacetValue> column_values() const;

  Xapian::valueno slot_;
  std::string kind_;
  Xapian::doccount seen_ = 0;
  // Mutable: the column's counts are settled into counts_ by the const
  // readers (top(), serialise_results()).
  mutable std::unordered_map<std::string, Xapian::doccount, Hash, std::equal_to<>> counts_;
  std::shared_ptr<const FacetColumn> column_;
  Xapian::Database column_db_;
  mutable std::vector<Xapian::doccount> id_counts_;  // by item id, with column_
  bool bad_id_ = false;                              // the column named an item that does not exist
};

}  // namespace whosaid
