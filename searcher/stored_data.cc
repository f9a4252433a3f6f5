// A JSON parser for stored document data: strings are copied in runs, not
// a byte at a time; whatever it does not handle goes to nlohmann's parser.
#include "searcher/stored_data.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "core/analysis.h"

namespace whosaid {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}

  // The top-level object, or nullopt when nlohmann's parser must decide.
  std::optional<nlohmann::json> object() {
    nlohmann::json out;
    skip_space();
    if (p_ == end_ || *p_ != '{' || !value(out, 0)) return std::nullopt;
    skip_space();
    if (p_ != end_) return std::nullopt;
    return out;
  }

 private:
  static constexpr int kMaxDepth = 64;

  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\t' || *p_ == '\r')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  bool value(nlohmann::json& out, int depth) {
    if (p_ == end_ || depth > kMaxDepth) return false;
    switch (*p_) {
      case '{': {
        ++p_;
        out = nlohmann::json::object();
        auto& members = out.get_ref<nlohmann::json::object_t&>();
        skip_space();
        if (p_ != end_ && *p_ == '}') {
          ++p_;
          return true;
        }
        while (true) {
          skip_space();
          std::string key;
          if (p_ == end_ || *p_ != '"' || !string(key)) return false;
          skip_space();
          if (p_ == end_ || *p_ != ':') return false;
          ++p_;
          skip_space();
          nlohmann::json v;
          if (!value(v, depth + 1)) return false;
          members[std::move(key)] = std::move(v);  // a repeated key: the last wins
          skip_space();
          if (p_ == end_) return false;
          if (*p_ == '}') {
            ++p_;
            return true;
          }
          if (*p_ != ',') return false;
          ++p_;
        }
      }
      case '[': {
        ++p_;
        out = nlohmann::json::array();
        auto& items = out.get_ref<nlohmann::json::array_t&>();
        skip_space();
        if (p_ != end_ && *p_ == ']') {
          ++p_;
          return true;
        }
        while (true) {
          skip_space();
          items.emplace_back();
          if (!value(items.back(), depth + 1)) return false;
          skip_space();
          if (p_ == end_) return false;
          if (*p_ == ']') {
            ++p_;
            return true;
          }
          if (*p_ != ',') return false;
          ++p_;
        }
      }
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't':
        out = true;
        return literal("true");
      case 'f':
        out = false;
        return literal("false");
      case 'n':
        out = nullptr;
        return literal("null");
      default:
        return integer(out);
    }
  }

  // An integer of up to 18 digits (no overflow); fractions and exponents
  // are nlohmann's.
  bool integer(nlohmann::json& out) {
    bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    std::uint64_t v = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') v = v * 10 + static_cast<unsigned>(*p_++ - '0');
    std::size_t n = static_cast<std::size_t>(p_ - digits);
    if (n == 0 || n > 18 || (n > 1 && *digits == '0')) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    if (negative)
      out = -static_cast<std::int64_t>(v);  // nlohmann: number_integer
    else
      out = v;  // number_unsigned
    return true;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits after "\u".
  bool code_unit(unsigned& unit) {
    if (end_ - p_ < 4) return false;
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      int h = hex(*p_++);
      if (h < 0) return false;
      unit = unit * 16 + static_cast<unsigned>(h);
    }
    return true;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Whether any of the 8 bytes of V is '"', '\\', a control character or
  // not ASCII (bit tricks: a byte's high bit set, or a borrow into it).
  static bool any_special(std::uint64_t v) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    auto zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    return ((zero_byte(v ^ (kOnes * '"')) | zero_byte(v ^ (kOnes * '\\')) |
             ((v - kOnes * 0x20) & ~v & kHigh) | (v & kHigh))) != 0;
  }

  // A string from its opening quote. False for a control character or
  // invalid UTF-8 (nlohmann rejects both) or a bad escape.
  bool string(std::string& out) {
    ++p_;  // the opening quote
    while (true) {
      const char* run = p_;
      bool non_ascii = false;
      while (p_ != end_) {
        // Eight plain bytes at a time, then the next byte on its own.
        while (end_ - p_ >= 8) {
          std::uint64_t v;
          std::memcpy(&v, p_, 8);
          if (any_special(v)) break;
          p_ += 8;
        }
        if (p_ == end_) break;
        auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20) break;
        non_ascii |= c >= 0x80;
        ++p_;
      }
      std::string_view chunk(run, static_cast<std::size_t>(p_ - run));
      // Escapes are ASCII, so a run between them is whole UTF-8 or invalid.
      if (non_ascii && !is_valid_utf8(chunk)) return false;
      out.append(chunk);
      if (p_ == end_ || static_cast<unsigned char>(*p_) < 0x20) return false;
      if (*p_++ == '"') return true;
      if (p_ == end_) return false;
      switch (*p_++) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned unit = 0;
          if (!code_unit(unit)) return false;
          if (unit >= 0xDC00 && unit <= 0xDFFF) return false;  // a lone low surrogate
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            unsigned low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!code_unit(low) || low < 0xDC00 || low > 0xDFFF) return false;
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, unit);
          break;
        }
        default:
          return false;
      }
    }
  }

  const char* p_;
  const char* end_;
};

}  // namespace

nlohmann::json parse_stored_data(std::string_view data) {
  if (std::optional<nlohmann::json> fast = Parser(data).object()) return std::move(*fast);
  nlohmann::json j = nlohmann::json::parse(data.begin(), data.end(), nullptr, false);
  if (!j.is_object()) j = nlohmann::json::object();
  return j;
}

}  // namespace whosaid
