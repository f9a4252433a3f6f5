// The Catch2 main for all unit tests; the tests live in *_test.cc beside it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
