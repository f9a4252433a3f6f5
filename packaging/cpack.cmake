# The Debian package: `cpack -G DEB` in the build folder (or
# `cmake --build build --target package`) makes build/whosaid_VERSION_ARCH.deb
# of what `cmake --install` installs, under /usr. Dependencies come from
# dpkg-shlibdeps (package dpkg-dev). scripts/try-deb.sh installs it on a
# fresh Debian 12 made with debootstrap.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME whosaid)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "search news for who said what, where")
# The long description (CPack puts the summary above it as the first line).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "whosaid is a full-text search engine for news articles, built on Xapian.
whosaid-index indexes plain-text and JSON Lines articles and finds their
quotations and reported speech, who said each and the places mentioned;
whosaid answers ranked, faceted queries on words, quotes, speakers, places,
sources and dates; whosaid-serve serves the same searches over HTTP, as a
JSON API and a search page; whosaid-extract shows what the indexer finds.")
set(WHOSAID_DEB_MAINTAINER "whosaid maintainers <maintainers@users.noreply.r-seed-608d2ad3.example>"
    CACHE STRING "Maintainer field of the .deb")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${WHOSAID_DEB_MAINTAINER}")
set(CPACK_PACKAGE_CONTACT "${WHOSAID_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xapian-tools, bash-completion")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
include(CPack)
