#include "serve/assets.h"

#include <algorithm>
#include <array>
#include <utility>

namespace whosaid::serve {
namespace detail {
extern const Asset kAssets[];
extern const std::size_t kAssetCount;
}  // namespace detail

const Asset* find_asset(std::string_view name) {
  const Asset* end = detail::kAssets + detail::kAssetCount;
  const Asset* it =
      std::find_if(detail::kAssets, end, [&](const Asset& a) { return a.name == name; });
  return it == end ? nullptr : it;
}

std::size_t asset_count() { return detail::kAssetCount; }
const Asset& asset(std::size_t i) { return detail::kAssets[i]; }

std::string_view content_type(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
      {".yaml", "application/yaml"},
  }};
  for (const auto& [ext, type] : kTypes)
    if (name.ends_with(ext)) return type;
  return "application/octet-stream";
}

}  // namespace whosaid::serve
