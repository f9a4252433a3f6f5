// parse_date (core/date.h): every accepted form, and the near misses that
// must be refused rather than guessed.
#include "core/date.h"

#include <catch2/catch.hpp>

using whosaid::parse_date;

TEST_CASE("parse_date reads ISO 8601, written and RFC 2822 dates", "[date]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"2025-11-20", "2025-11-20"},
      {"2025-11-20T10:00:00Z", "2025-11-20"},
      {"2025-11-20T23:30:00-05:00", "2025-11-20"},  // the date as written, not UTC
      {"2025-11-20 10:00", "2025-11-20"},
      {"2025/11/20", "2025-11-20"},
      {"2025-1-5", "2025-01-05"},
      {"20251120", "2025-11-20"},
      {"  2025-11-20\n", "2025-11-20"},
      {"20 November 2025", "2025-11-20"},
      {"20 Nov 2025", "2025-11-20"},
      {"20 nov. 2025", "2025-11-20"},
      {"20th November 2025", "2025-11-20"},
      {"1st Sept 2025", "2025-09-01"},
      {"November 20, 2025", "2025-11-20"},
      {"Nov 20 2025", "2025-11-20"},
      {"Thursday 20 November 2025", "2025-11-20"},
      {"Thu, 20 Nov 2025 10:00:00 GMT", "2025-11-20"},
      {"Sat, 29 Feb 2020 00:00:00 +0000", "2020-02-29"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    auto d = parse_date(c.in);
    REQUIRE(d);
    CHECK(*d == c.out);
  }
}

TEST_CASE("parse_date refuses days that do not exist and text that is not a date", "[date]") {
  for (const char* in : {"", "   ", "2025-02-30", "2025-02-29", "1900-02-29", "2025-13-01",
                         "2025-00-10", "2025-11-31", "31 April 2025", "2025-11", "2025-11-20x",
                         "November 2025", "20 Novembre 2025", "yesterday", "25 Nov 25",
                         "12345678901", "Thu, 32 Nov 2025 10:00:00 GMT"}) {
    INFO("'" << in << "'");
    CHECK_FALSE(parse_date(in));
  }
  CHECK(parse_date("2000-02-29"));  // a leap year (divisible by 400)
  CHECK(whosaid::is_valid_date(2024, 2, 29));
  CHECK_FALSE(whosaid::is_valid_date(2100, 2, 29));
}
