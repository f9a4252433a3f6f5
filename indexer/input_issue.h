// What the readers report about their input besides articles: an article or
// file skipped, an encoding repaired, a file ignored. The write loop counts
// them by reason for the summary; whosaid-index prints them as warnings.
#pragma once

#include <string>

#include "core/error.h"

namespace whosaid {

struct InputIssue {
  enum class Kind {
    kSkipped,   // an article, a line or a whole file was not indexed
    kRepaired,  // indexed, but the input had to be repaired (encoding)
    kNote,      // indexed; something in it was ignored (an unreadable date)
    kIgnored,   // not an article by its name (hidden file, image): counted, not printed
    kNotice,    // no problem: how an input is read ("reading feed as JSON Lines (recognised
                // by content)"); printed without "warning:" (not with --quiet), not counted
  };
  Kind kind = Kind::kSkipped;
  std::string where;    // "path" or "path:line"
  std::string message;  // "not valid JSON: ...": a sentence without the location
  std::string reason;   // short key counted in the summary: "bad json", "empty", ...
};

// Thrown by the readers for one article that cannot be indexed. what() is the
// message (without the location); reason() the summary key.
class BadInput : public InputError {
 public:
  BadInput(std::string reason, const std::string& message)
      : InputError(message), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

}  // namespace whosaid
