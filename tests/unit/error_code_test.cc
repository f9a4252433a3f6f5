#include "searcher/error_code.h"

#include <xapian.h>

#include <catch2/catch.hpp>

#include "core/database.h"
#include "core/error.h"

namespace {

template <class E>
whosaid::ErrorCode code_of(const E& error) {
  try {
    throw error;
  } catch (...) {
    return whosaid::current_error_code();
  }
}

}  // namespace

TEST_CASE("error codes: each error of the libraries has its code and message", "[error]") {
  using whosaid::ErrorCode;
  auto is = [](const ErrorCode& e, const char* code, const char* message) {
    return e.code == code && e.message == message;
  };
  CHECK(is(code_of(whosaid::UsageError("u")), "usage", "u"));
  CHECK(is(code_of(whosaid::IndexMissing("m")), "no_index", "m"));
  CHECK(is(code_of(whosaid::SchemaMismatch("s")), "schema", "s"));
  CHECK(is(code_of(whosaid::QueryError("q")), "bad_query", "q"));
  CHECK(is(code_of(whosaid::NotFound("n")), "not_found", "n"));
  CHECK(is(code_of(whosaid::ShardUnreachable("r")), "unreachable", "r"));
  CHECK(is(code_of(whosaid::IndexLocked("l")), "error", "l"));
  CHECK(is(code_of(std::runtime_error("x")), "error", "x"));
  ErrorCode xapian = code_of(Xapian::DatabaseCorruptError("bad block"));
  CHECK(xapian.code == "error");
  CHECK(xapian.message.find("bad block") != std::string::npos);
  CHECK(code_of(42).code == "error");
}
