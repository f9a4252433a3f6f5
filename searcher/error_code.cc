#include "searcher/error_code.h"

#include <xapian.h>

#include <exception>

#include "core/database.h"
#include "core/error.h"

namespace whosaid {

ErrorCode current_error_code() {
  try {
    throw;
  } catch (const UsageError& e) {
    return {"usage", e.what()};
  } catch (const IndexMissing& e) {
    return {"no_index", e.what()};
  } catch (const SchemaMismatch& e) {
    return {"schema", e.what()};
  } catch (const QueryError& e) {
    return {"bad_query", e.what()};
  } catch (const NotFound& e) {
    return {"not_found", e.what()};
  } catch (const ShardUnreachable& e) {
    return {"unreachable", e.what()};
  } catch (const Error& e) {
    return {"error", e.what()};
  } catch (const Xapian::Error& e) {
    return {"error", e.get_description()};
  } catch (const std::exception& e) {
    return {"error", e.what()};
  } catch (...) {
    return {"error", "unknown fault"};
  }
}

}  // namespace whosaid
