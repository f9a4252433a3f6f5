// The web page's files (web/), compiled into whosaid-serve by
// serve/embed_assets.cmake: the server reads nothing from disk, so no path
// a client sends can reach a file outside them.
#pragma once

#include <cstddef>
#include <string_view>

namespace whosaid::serve {

struct Asset {
  std::string_view name;  // path under web/, e.g. "index.html", "img/logo.svg"
  std::string_view data;
};

// The asset named NAME (a path under web/, no leading '/'), or nullptr.
// Matched exactly: "." and ".." segments, backslashes and escapes name no
// asset.
const Asset* find_asset(std::string_view name);

// Every asset, in name order.
std::size_t asset_count();
const Asset& asset(std::size_t i);

// The Content-Type for NAME, from its extension (UTF-8 for text);
// application/octet-stream when unknown.
std::string_view content_type(std::string_view name);

}  // namespace whosaid::serve
