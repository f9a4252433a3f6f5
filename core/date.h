// Publication dates: the one parser of the date forms found in news feeds and
// article headers, shared by the indexer (Date: headers, JSON Lines "date")
// and the searcher (date: filters).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whosaid {

// Parses TEXT as a calendar date and returns it as "YYYY-MM-DD", or nullopt
// when TEXT is not one of the forms below or names a day that does not exist
// (2025-02-30). Accepted, with surrounding whitespace ignored:
//   ISO 8601:  2025-11-20, 2025-11-20T10:00:00Z, 2025-11-20 10:00, 2025/11/20,
//              20251120
//   written:   20 November 2025, 20 Nov 2025, 20th Nov. 2025,
//              November 20, 2025, Nov 20 2025, Thursday 20 November 2025
//   RFC 2822:  Thu, 20 Nov 2025 10:00:00 GMT
// A time and zone after the date are ignored: the date is the one written,
// not converted to UTC. Month names are English, in any case.
std::optional<std::string> parse_date(std::string_view text);

// True if YEAR-MONTH-DAY is a day of the proleptic Gregorian calendar
// (year 1..9999).
bool is_valid_date(int year, int month, int day);

}  // namespace whosaid
