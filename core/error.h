// Error types thrown by whosaid's libraries. Only the programs' main()
// functions print them and choose an exit code (see tools in indexer/ and
// searcher/); library code never prints or exits.
#pragma once

#include <stdexcept>
#include <string>

namespace whosaid {

// Base of all whosaid errors; what() is a complete, user-facing sentence
// without the program name ("no index at ./x.db (run whosaid-index first)").
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The user asked for something malformed (bad query, bad option value):
// exit status 2 where it is a usage problem, 1 otherwise.
struct UsageError : Error {
  using Error::Error;
};

// No database at the path given.
struct IndexMissing : Error {
  using Error::Error;
};

// Another writer holds the database lock.
struct IndexLocked : Error {
  using Error::Error;
};

// The database was written by an incompatible version of whosaid.
struct SchemaMismatch : Error {
  using Error::Error;
};

// A query that cannot be parsed; what() repeats the query.
struct QueryError : Error {
  using Error::Error;
};

// What was asked for is not in the index (whosaid --article ID).
struct NotFound : Error {
  using Error::Error;
};

// One input article that cannot be read or parsed. The indexer reports it
// with file and line, skips it and goes on.
struct InputError : Error {
  using Error::Error;
};

}  // namespace whosaid
