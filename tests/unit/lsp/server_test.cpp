#include "analyzer/lsp/server.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "analyzer/lsp/transport.h"
#include <unistd.h>

namespace iamlint::lsp {
namespace {

using nlohmann::json;

struct Session {
  std::vector<json> sent;
  Server server{catalog::Catalog::Embedded(), [this](const json& m) {
                  sent.push_back(m);
                }};

  void Request(int id, const std::string& method, json params) {
    server.Handle({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  }
  void Notify(const std::string& method, json params) {
    server.Handle({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
    server.Flush();
  }
  json Diagnostics() const {
    const auto it = std::find_if(sent.rbegin(), sent.rend(), [](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics";
    });
    return it == sent.rend() ? json(nullptr) : (*it)["params"]["diagnostics"];
  }
};

constexpr const char* kPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
})";

}  // namespace

TEST_CASE("The server negotiates UTF-8 and publishes diagnostics with rule ids and links") {
  Session s;
  s.Request(1, "initialize",
            {{"capabilities", {{"general", {{"positionEncodings", {"utf-8", "utf-16"}}}}}},
             {"initializationOptions", {{"iamlint", {{"docsBaseUrl", "file:///docs/"}}}}}});
  REQUIRE(s.sent.size() == 1);
  CHECK(s.sent[0]["result"]["capabilities"]["positionEncoding"] == "utf-8");
  s.Notify("textDocument/didOpen", {{"textDocument",
                                     {{"uri", "file:///nowhere/p.json"},
                                      {"languageId", "json"},
                                      {"version", 1},
                                      {"text", kPolicy}}}});
  const json diags = s.Diagnostics();
  REQUIRE(diags.is_array());
  bool admin = false;
  for (const json& d : diags) {
    if (d["code"] == "IAM201") {
      admin = true;
      CHECK(d["severity"] == 1);
      CHECK(d["source"] == "iamlint");
      CHECK(d["codeDescription"]["href"] == "file:///docs/IAM201.md");
      CHECK(d["range"]["start"]["line"] == 2);
    }
  }
  CHECK(admin);
}

TEST_CASE("Rules turned off in the settings are not published") {
  Session s;
  s.Request(1, "initialize", json::object());
  s.Notify("textDocument/didOpen", {{"textDocument",
                                     {{"uri", "untitled:1"},
                                      {"languageId", "json"},
                                      {"version", 1},
                                      {"text", R"({"Statement": [{"Effect": "Allow",
                                                   "Action": "s3:GetObject", "Resource": "*"}]})"}}}});
  auto has = [&](const char* code) {
    const json diagnostics = s.Diagnostics();
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [&](const json& d) { return d.value("code", "") == code; });
  };
  CHECK(has("IAM105"));  // no Version
  s.Notify("workspace/didChangeConfiguration",
           {{"settings", {{"iamlint", {{"rules", {{"IAM105", "off"}}}}}}}});
  CHECK_FALSE(has("IAM105"));
}

TEST_CASE("Bad requests are JSON-RPC errors, never crashes") {
  Session s;
  s.Request(1, "textDocument/hover", json::object());
  CHECK(s.sent.back()["error"]["code"] == kServerNotInitialized);
  s.Request(2, "initialize", json::object());
  s.Request(3, "textDocument/hover", {{"textDocument", 5}});
  CHECK(s.sent.back()["error"]["code"] == kInvalidParams);
  s.Request(4, "no/such/method", json::object());
  CHECK(s.sent.back()["error"]["code"] == kMethodNotFound);
  s.server.Handle(json::array({1, 2}));
  CHECK(s.sent.back()["error"]["code"] == kInvalidRequest);
  s.server.Handle({{"jsonrpc", "2.0"}, {"id", json::object()}, {"method", "x"}});
  CHECK(s.sent.back()["id"].is_null());
  s.Notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///not/open.json"}}},
                                      {"contentChanges", json::array()}});
  CHECK(s.sent.back()["method"] == "window/logMessage");
  s.Request(5, "shutdown", nullptr);
  s.server.Handle({{"jsonrpc", "2.0"}, {"method", "exit"}});
  CHECK(s.server.exited());
  CHECK(s.server.exit_code() == 0);
}

TEST_CASE("Incremental edits apply in order and past-the-end ranges are clamped") {
  Session s;
  s.Request(1, "initialize", json::object());
  s.Notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", "untitled:2"}, {"languageId", "json"}, {"version", 1}, {"text", "{}"}}}});
  auto range = [](int l0, int c0, int l1, int c1) {
    return json{{"start", {{"line", l0}, {"character", c0}}},
                {"end", {{"line", l1}, {"character", c1}}}};
  };
  json changes = json::array();
  changes.push_back({{"range", range(0, 0, 0, 2)}, {"text", kPolicy}});
  changes.push_back({{"range", range(99, 0, 99, 5)}, {"text", "\n"}});
  s.Notify("textDocument/didChange", {{"textDocument", {{"uri", "untitled:2"}, {"version", 2}}},
                                      {"contentChanges", changes}});
  bool admin = false;
  for (const json& d : s.Diagnostics()) {
    admin = admin || d.value("code", "") == "IAM201";
  }
  CHECK(admin);
}

TEST_CASE("Framing: bad headers, bad JSON and oversized bodies are errors, then reading resumes") {
  std::array<int, 2> in{};
  std::array<int, 2> out{};
  REQUIRE(pipe(in.data()) == 0);
  REQUIRE(pipe(out.data()) == 0);
  const std::string data =
      "Content-Length: abc\r\n\r\n"
      "garbage\r\n"
      "Content-Length: 5\r\n\r\n{bad}"
      "Content-Type: x\r\n\r\n"
      "Content-Length: 99999999999\r\n\r\n"
      "Content-Length: 2\r\n\r\n[]"
      "\r\ncontent-length: 17\r\n\r\n{\"method\":\"exit\"}";
  REQUIRE(write(in[1], data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  close(in[1]);
  Transport t(in[0], out[1]);
  CHECK(t.Read().kind == Incoming::Kind::kError);  // invalid Content-Length
  CHECK(t.Read().kind == Incoming::Kind::kError);  // invalid JSON
  CHECK(t.Read().kind == Incoming::Kind::kError);  // no Content-Length
  const Incoming huge = t.Read();
  CHECK(huge.kind == Incoming::Kind::kError);  // over the limit: the rest is skipped
  Incoming last = t.Read();
  // The oversized body swallowed what followed (the client promised that many bytes).
  CHECK(last.kind == Incoming::Kind::kEnd);
  close(in[0]);
  close(out[0]);
  close(out[1]);
}

TEST_CASE("Framing: a well-formed message after a malformed one is read") {
  std::array<int, 2> in{};
  std::array<int, 2> out{};
  REQUIRE(pipe(in.data()) == 0);
  REQUIRE(pipe(out.data()) == 0);
  const std::string data =
      "Content-Length: abc\r\n\r\n"
      "Content-Length: 2\r\n\r\n[]"
      "\r\ncontent-length: 17\r\n\r\n{\"method\":\"exit\"}";
  REQUIRE(write(in[1], data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  close(in[1]);
  Transport t(in[0], out[1]);
  CHECK(t.Read().kind == Incoming::Kind::kError);
  const Incoming array = t.Read();
  CHECK(array.kind == Incoming::Kind::kMessage);
  CHECK(array.message.is_array());
  CHECK(t.HasPending());
  const Incoming exit = t.Read();
  REQUIRE(exit.kind == Incoming::Kind::kMessage);
  CHECK(exit.message["method"] == "exit");
  CHECK(t.Read().kind == Incoming::Kind::kEnd);
  CHECK(t.Write({{"jsonrpc", "2.0"}, {"method", "x"}, {"params", "\xFF"}}));  // replaced, no throw
  std::array<char, 256> buffer{};
  const ssize_t n = read(out[0], buffer.data(), buffer.size());
  REQUIRE(n > 0);
  CHECK(std::string(buffer.data(), static_cast<size_t>(n)).starts_with("Content-Length: "));
  close(in[0]);
  close(out[0]);
  close(out[1]);
}

}  // namespace iamlint::lsp
