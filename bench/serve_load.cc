// whosaid-serve-load: load on whosaid-serve, and the same queries in process.
//
//   whosaid-serve-load --url http://127.0.0.1:PORT --clients N --seconds S QUERIES
//     N client threads, each with one keep-alive HTTP/1.1 connection, send
//     GET /api/search?LINE for the lines of QUERIES in turn (each client from
//     its own offset) for S seconds.
//   whosaid-serve-load --db DB --clients N --seconds S QUERIES
//     the same requests without HTTP or JSON: N threads, each with its own
//     open database, run make_request() + run_search() (what the server
//     runs before formatting).
// Prints one JSON object: clients, seconds, requests, errors, qps, p50_ms,
// p99_ms, max_ms. An error is a status other than 200, or a failed search.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/database.h"
#include "searcher/cli.h"
#include "searcher/search.h"
#include "serve/api.h"

namespace {

using Clock = std::chrono::steady_clock;

struct ClientResult {
  std::vector<double> ms;
  std::size_t errors = 0;
};

// "a=b&c=d" decoded into parameters (%XX and '+').
whosaid::serve::Params decode(const std::string& line) {
  auto unescape = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out += ' ';
      } else if (s[i] == '%' && i + 2 < s.size()) {
        out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  };
  whosaid::serve::Params params;
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t amp = line.find('&', start);
    if (amp == std::string::npos) amp = line.size();
    std::string_view kv(line.data() + start, amp - start);
    std::size_t eq = kv.find('=');
    params.emplace_back(unescape(kv.substr(0, eq)),
                        eq == std::string_view::npos ? "" : unescape(kv.substr(eq + 1)));
    start = amp + 1;
  }
  return params;
}

int connect_to(const sockaddr_in& addr) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// One request on FD; the status, or -1 when the connection failed.
int request(int fd, const std::string& target, std::string& buf) {
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: bench\r\n\r\n";
  if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) return -1;
  buf.clear();
  std::size_t head_end = std::string::npos, length = 0;
  char chunk[65536];
  while (true) {
    if (head_end == std::string::npos) {
      head_end = buf.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::string head = buf.substr(0, head_end);
        std::transform(head.begin(), head.end(), head.begin(), ::tolower);
        std::size_t cl = head.find("content-length:");
        if (cl == std::string::npos) return -1;
        length = std::stoul(head.substr(cl + 15));
      }
    }
    if (head_end != std::string::npos && buf.size() >= head_end + 4 + length) break;
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  if (buf.size() < 12) return -1;
  return std::atoi(buf.c_str() + 9);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"whosaid-serve-load: load on whosaid-serve, or the same queries in process"};
  std::string url, db, queries_file;
  unsigned clients = 1;
  double seconds = 30;
  app.add_option("--url", url, "http://127.0.0.1:PORT of a running whosaid-serve");
  app.add_option("--db", db, "run in process on this index instead");
  app.add_option("--clients", clients, "concurrent clients (threads)");
  app.add_option("--seconds", seconds, "duration");
  app.add_option("QUERIES", queries_file, "query strings, one per line")->required();
  CLI11_PARSE(app, argc, argv);
  std::vector<std::string> queries;
  std::ifstream in(queries_file);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  if (queries.empty() || url.empty() == db.empty()) {
    std::cerr << "whosaid-serve-load: give QUERIES and one of --url, --db\n";
    return 2;
  }
  sockaddr_in addr{};
  if (!url.empty()) {
    unsigned a, b, c, d, port;
    if (std::sscanf(url.c_str(), "http://%u.%u.%u.%u:%u", &a, &b, &c, &d, &port) != 5) {
      std::cerr << "whosaid-serve-load: --url must be http://A.B.C.D:PORT\n";
      return 2;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl((a << 24) | (b << 16) | (c << 8) | d);
  }
  std::vector<whosaid::SearchRequest> requests;
  if (!db.empty())
    for (const std::string& q : queries) {
      whosaid::CliOptions o = whosaid::serve::search_options(decode(q));
      requests.push_back(whosaid::make_request(o));
    }

  std::vector<ClientResult> results(clients);
  std::atomic<bool> go{false};
  const auto duration = std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      ClientResult& r = results[c];
      std::size_t next = c * 7919 % queries.size();
      int fd = -1;
      std::optional<Xapian::Database> database;
      if (!db.empty()) database = whosaid::open_for_search({db});
      std::string buf;
      while (!go) std::this_thread::yield();
      const auto end = Clock::now() + duration;
      while (Clock::now() < end) {
        auto t0 = Clock::now();
        bool ok = false;
        if (database) {
          try {
            database->reopen();
            whosaid::SearchResult res = whosaid::run_search(*database, requests[next]);
            ok = true;
          } catch (const std::exception&) {
          } catch (const Xapian::Error&) {
          }
        } else {
          if (fd < 0) fd = connect_to(addr);
          int status = fd < 0 ? -1 : request(fd, "/api/search?" + queries[next], buf);
          if (status < 0 && fd >= 0) {
            close(fd);
            fd = -1;
          }
          ok = status == 200;
        }
        r.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!ok) ++r.errors;
        next = (next + 1) % queries.size();
      }
      if (fd >= 0) close(fd);
    });
  auto start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  std::size_t errors = 0;
  for (const ClientResult& r : results) {
    all.insert(all.end(), r.ms.begin(), r.ms.end());
    errors += r.errors;
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0
                       : all[std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()))];
  };
  nlohmann::ordered_json j;
  j["mode"] = db.empty() ? "http" : "in-process";
  j["clients"] = clients;
  j["seconds"] = elapsed;
  j["requests"] = all.size();
  j["errors"] = errors;
  j["qps"] = all.size() / elapsed;
  j["p50_ms"] = pct(0.50);
  j["p99_ms"] = pct(0.99);
  j["max_ms"] = all.empty() ? 0.0 : all.back();
  std::cout << j.dump() << '\n';
  return 0;
}
