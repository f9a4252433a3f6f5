// whosaid's error codes, the "code" of the JSON error documents that
// `whosaid --json` prints and whosaid-serve answers: one mapping from the
// exceptions of the libraries for both programs, which then pick an exit
// status or an HTTP status from the code.
#pragma once

#include <string>

namespace whosaid {

struct ErrorCode {
  // usage, no_index, schema, bad_query, not_found, unreachable or error
  std::string code;
  std::string message;  // the user-facing sentence (what(), or Xapian's description)
};

// The exception being handled, as its code and message. Call it only inside
// a catch block.
ErrorCode current_error_code();

}  // namespace whosaid
