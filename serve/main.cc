// whosaid-serve: the index over HTTP, read-only: the JSON API and the web
// page (serve/api.h). This file parses the options, runs libmicrohttpd
// (a pool of threads holding the connections, bounded in number, memory per
// connection and idle time; the API answers on the workers of serve/workers.h,
// each with its own databases, within --max-request-ms), adds the security headers to every
// answer, logs requests if asked, and stops cleanly on SIGINT or SIGTERM.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/cli_help.h"
#include "core/database.h"
#include "core/error.h"
#include "searcher/cli.h"
#include "serve/api.h"
#include "serve/cli.h"

namespace {

using whosaid::serve::Api;
using whosaid::serve::Params;
using whosaid::serve::Response;
using whosaid::serve::ServeOptions;

struct Context {
  const Api* api;
  bool access_log;
};

std::mutex g_log_mutex;

// HOST:PORT (or [IPv6]:PORT) as a socket address. Throws UsageError.
sockaddr_storage parse_listen(const std::string& spec, bool& ipv6) {
  std::string host, port;
  if (spec.starts_with('[')) {
    std::size_t close = spec.find("]:");
    if (close == std::string::npos)
      throw whosaid::UsageError(fmt::format("--listen '{}': expected [ADDRESS]:PORT", spec));
    host = spec.substr(1, close - 1);
    port = spec.substr(close + 2);
  } else {
    std::size_t colon = spec.rfind(':');
    if (colon == std::string::npos)
      throw whosaid::UsageError(
          fmt::format("--listen '{}': expected ADDRESS:PORT, e.g. 127.0.0.1:8080", spec));
    host = spec.substr(0, colon);
    port = spec.substr(colon + 1);
  }
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (port.empty() || port.size() > 5 ||
      getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0)
    throw whosaid::UsageError(fmt::format(
        "--listen '{}': not a numeric address and port (e.g. 127.0.0.1:8080, [::1]:8080)", spec));
  sockaddr_storage addr{};
  std::memcpy(&addr, found->ai_addr, found->ai_addrlen);
  ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  return addr;
}

MHD_Result collect(void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
                   size_t value_size) {
  auto* params = static_cast<Params*>(cls);
  params->emplace_back(std::string(key, key_size),
                       value ? std::string(value, value_size) : std::string());
  return MHD_YES;
}

MHD_Result answer(void* cls, MHD_Connection* connection, const char* url, const char* method,
                  const char*, const char*, size_t* upload_size, void** state) {
  const auto start = std::chrono::steady_clock::now();
  const Context& ctx = *static_cast<const Context*>(cls);
  // A GET or HEAD is answered at the second call, once its head is read:
  // an answer queued at the first call makes libmicrohttpd close the
  // connection (it cannot know yet that no body follows), which would cost
  // every keep-alive client a new connection per request. Any other method
  // is refused at once, without reading its body.
  static char seen;
  const bool read_only = std::strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
                         std::strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
  if (read_only && *state == nullptr) {
    *state = &seen;
    return MHD_YES;
  }
  if (read_only && *upload_size != 0) {
    *upload_size = 0;  // a body on a GET is ignored
    return MHD_YES;
  }
  Params params;
  MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, collect, &params);
  Response r = ctx.api->handle(method, url, params, start);
  MHD_Response* response =
      MHD_create_response_from_buffer(r.body.size(), r.body.data(), MHD_RESPMEM_MUST_COPY);
  if (!response) return MHD_NO;
  // Article text is untrusted: the page runs only its own script.
  MHD_add_response_header(response, "Content-Security-Policy",
                          "default-src 'self'; object-src 'none'; base-uri 'none'; "
                          "frame-ancestors 'none'");
  MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(response, "Content-Type", r.content_type.c_str());
  MHD_add_response_header(response, "Cache-Control", r.cache_control.c_str());
  for (const auto& [name, value] : r.headers)
    MHD_add_response_header(response, name.c_str(), value.c_str());
  MHD_Result ok = MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  if (ctx.access_log) {
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::lock_guard lock(g_log_mutex);
    std::cerr << fmt::format("{} {} {} {:.1f} ms\n", method, url, r.status, ms) << std::flush;
  }
  return ok;
}

void log_mhd(void*, const char* format, va_list ap) {
  char buf[512];
  std::vsnprintf(buf, sizeof buf, format, ap);
  std::lock_guard lock(g_log_mutex);
  std::cerr << "whosaid-serve: libmicrohttpd: " << buf << std::flush;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  ServeOptions o;
  whosaid::serve::setup_serve_cli(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "whosaid-serve: " << whosaid::parse_error_message(e)
              << "\nRun 'whosaid-serve --help' for the options.\n";
    return 2;
  }
  bool ipv6 = false;
  sockaddr_storage addr{};
  whosaid::serve::ServeConfig config;
  try {
    addr = parse_listen(o.listen, ipv6);
    whosaid::CliOptions cli;
    cli.dbs = o.dbs;
    config.dbs = whosaid::db_paths(cli);
    config.allow_partial = o.allow_partial;
    config.threads = o.search_threads ? o.search_threads : whosaid::serve::default_search_threads();
    config.max_request = std::chrono::milliseconds(o.max_request_ms);
    // Fail now, not at the first request, when there is nothing to serve;
    // a remote shard that is down may come back: requests say so meanwhile.
    try {
      whosaid::SearchDatabases dbs = whosaid::open_shards(config.dbs, o.allow_partial);
      for (const auto& [shard, error] : dbs.missing)
        std::cerr << fmt::format(
            "whosaid-serve: warning: shard {} is not reachable: {} (answers are partial)\n", shard,
            error);
    } catch (const whosaid::ShardUnreachable& e) {
      std::cerr << "whosaid-serve: warning: " << e.what()
                << " (searches answer 503 until it is back; --allow-partial searches the "
                   "others)\n";
    }
  } catch (const whosaid::UsageError& e) {
    std::cerr << "whosaid-serve: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-serve: " << e.what() << '\n';
    return 1;
  }

  // SIGINT and SIGTERM are waited for below, in this thread only: blocked
  // before the server's threads start, which inherit the mask.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Api api(config);
  Context ctx{&api, o.access_log};
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
  if (ipv6) flags |= MHD_USE_IPv6;
  if (o.access_log) flags |= MHD_USE_ERROR_LOG;
  MHD_Daemon* daemon =
      MHD_start_daemon(flags, 0, nullptr, nullptr, &answer, &ctx, MHD_OPTION_SOCK_ADDR,
                       reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_THREAD_POOL_SIZE, o.threads,
                       // Bounded: connections, memory per connection (a request's head;
                       // longer ones get 414 from libmicrohttpd itself) and idle time.
                       MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                       static_cast<size_t>(128 * 1024), MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                       MHD_OPTION_EXTERNAL_LOGGER, &log_mhd, nullptr, MHD_OPTION_END);
  if (!daemon) {
    std::cerr << fmt::format(
        "whosaid-serve: cannot listen on {}: {} (is the port in use? pick another with "
        "--listen)\n",
        o.listen, std::strerror(errno));
    return 1;
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  std::string host = o.listen.substr(0, o.listen.rfind(':'));
  std::cout << fmt::format("whosaid-serve: listening on http://{}:{}/\n", host,
                           info ? info->port : 0)
            << std::flush;

  int sig = 0;
  sigwait(&stop, &sig);
  MHD_stop_daemon(daemon);
  std::cerr << fmt::format("whosaid-serve: stopped ({})\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  return 0;
}
