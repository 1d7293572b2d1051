#include "analyzer/lsp/server.h"

#include <csignal>
#include <exception>
#include <filesystem>
#include <utility>

#include "analyzer/lsp/providers.h"
#include "analyzer/lsp/transport.h"
#include "analyzer/lsp/uri.h"

namespace iamlint::lsp {
namespace {

using nlohmann::json;

/// A request the server cannot answer as asked: becomes a JSON-RPC error, never a crash.
struct RequestError {
  int code;
  std::string message;
};

json PositionJson(const Position& p) {
  return {{"line", p.line}, {"character", p.character}};
}

json RangeJson(const Range& r) {
  return {{"start", PositionJson(r.start)}, {"end", PositionJson(r.end)}};
}

uint32_t Number(const json& value, const char* what) {
  if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
      value.get<int64_t>() > static_cast<int64_t>(UINT32_MAX)) {
    throw RequestError{kInvalidParams, std::string(what) + " must be a non-negative integer"};
  }
  return static_cast<uint32_t>(value.get<int64_t>());
}

const json& Member(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) {
    throw RequestError{kInvalidParams, std::string("missing ") + key};
  }
  return object[key];
}

std::string String(const json& object, const char* key) {
  const json& value = Member(object, key);
  if (!value.is_string()) {
    throw RequestError{kInvalidParams, std::string(key) + " must be a string"};
  }
  return value.get<std::string>();
}

Position PositionOf(const json& value) {
  return {Number(Member(value, "line"), "line"), Number(Member(value, "character"), "character")};
}

Range RangeOf(const json& value) {
  return {PositionOf(Member(value, "start")), PositionOf(Member(value, "end"))};
}

json ErrorResponse(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

}  // namespace

Server::Server(const catalog::Catalog& cat, Sink send)
    : cat_(cat), matcher_(cat), send_(std::move(send)) {}

Settings Server::SettingsFor(const std::string& uri) const {
  const std::optional<std::string> path = UriToPath(uri);
  return path ? WithConfigFile(settings_, *path) : settings_;
}

void Server::Notify(const std::string& method, json params) {
  send_({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void Server::ShowWarnings(std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) {
    Notify("window/logMessage", {{"type", 2}, {"message", "iamlint: " + w}});
  }
  warnings.clear();
}

void Server::HandleUnreadable(int code, const std::string& error) {
  send_(ErrorResponse(nullptr, code, error));
}

void Server::Fail(const json* id, int code, const std::string& method, const std::string& error) {
  if (id != nullptr) {
    send_(ErrorResponse(*id, code, error));
  } else {  // a notification has no answer: the client's log says what went wrong
    Notify("window/logMessage", {{"type", 1}, {"message", method + ": " + error}});
  }
}

bool Server::Accept(const json& message) {
  if (!message.is_object()) {
    send_(ErrorResponse(nullptr, kInvalidRequest, "a message must be a JSON object"));
    return false;
  }
  const bool is_request = message.contains("id");
  if (is_request && !message["id"].is_string() && !message["id"].is_number_integer() &&
      !message["id"].is_null()) {
    send_(ErrorResponse(nullptr, kInvalidRequest, "id must be a string or an integer"));
    return false;
  }
  if (!message.contains("method")) {
    if (!is_request) {
      send_(ErrorResponse(nullptr, kInvalidRequest, "a message needs a method or an id"));
    }
    return false;  // a response from the client: the server sends no request awaiting one
  }
  if (!message["method"].is_string()) {
    if (is_request) {
      send_(ErrorResponse(message["id"], kInvalidRequest, "method must be a string"));
    }
    return false;
  }
  return true;
}

void Server::Handle(const json& message) {
  if (!Accept(message)) {
    return;
  }
  const json* id = message.contains("id") ? &message["id"] : nullptr;
  const std::string method = message["method"].get<std::string>();
  const json params = message.contains("params") ? message["params"] : json::object();
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ && method != "initialize") {
    if (id != nullptr) {  // notifications before initialize are dropped, as the spec says
      send_(ErrorResponse(*id, kServerNotInitialized, "the server is not initialized"));
    }
    return;
  }
  if (shutdown_ && id != nullptr) {
    send_(ErrorResponse(*id, kInvalidRequest, "the server is shut down"));
    return;
  }
  try {
    bool handled = true;
    json result = Dispatch(method, params, &handled);
    if (id != nullptr && !handled) {
      send_(ErrorResponse(*id, kMethodNotFound, "unsupported method " + method));
    } else if (id != nullptr) {
      send_({{"jsonrpc", "2.0"}, {"id", *id}, {"result", std::move(result)}});
    }
  } catch (const RequestError& e) {
    Fail(id, e.code, method, e.message);
  } catch (const json::exception& e) {
    Fail(id, kInvalidParams, method, e.what());
  } catch (const std::exception& e) {
    // A bug, not bad input: answer it and keep serving the other documents.
    Fail(id, kInternalError, method, std::string("internal error: ") + e.what());
  }
}

json Server::Dispatch(const std::string& method, const json& params, bool* handled) {
  if (method == "initialize") {
    return Initialize(params);
  }
  if (method == "initialized" || method == "$/cancelRequest" || method == "$/setTrace" ||
      method == "workspace/didChangeWatchedFiles") {
    return nullptr;
  }
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/didOpen") {
    DidOpen(params);
  } else if (method == "textDocument/didChange") {
    DidChange(params);
  } else if (method == "textDocument/didSave") {
    // Terraform documents of the same directory read this file from disk as their module.
    const std::string uri = String(Member(params, "textDocument"), "uri");
    const std::string dir = std::filesystem::path(UriToPath(uri).value_or("")).parent_path();
    for (auto& [other_uri, open] : documents_) {
      if (other_uri == uri ||
          (open.doc.language == Language::kTerraform && !dir.empty() &&
           std::filesystem::path(UriToPath(other_uri).value_or("")).parent_path() == dir)) {
        open.dirty = open.unpublished = true;
      }
    }
  } else if (method == "textDocument/didClose") {
    DidClose(params);
  } else if (method == "workspace/didChangeConfiguration") {
    DidChangeConfiguration(params);
  } else if (method == "textDocument/hover") {
    return Hover(params);
  } else if (method == "textDocument/completion") {
    return Completion(params);
  } else if (method == "textDocument/codeAction") {
    return CodeActions(params);
  } else {
    *handled = false;
  }
  return nullptr;
}

json Server::Initialize(const json& params) {
  if (initialized_) {
    throw RequestError{kInvalidRequest, "initialize was already received"};
  }
  initialized_ = true;
  // UTF-8 when the client offers it (no transcoding on either side), else the mandatory UTF-16.
  encoding_ = PositionEncoding::kUtf16;
  if (params.is_object() && params.contains("capabilities")) {
    const json& caps = params["capabilities"];
    if (caps.is_object() && caps.contains("general") && caps["general"].is_object() &&
        caps["general"].contains("positionEncodings") &&
        caps["general"]["positionEncodings"].is_array()) {
      for (const json& e : caps["general"]["positionEncodings"]) {
        if (e == "utf-8") {
          encoding_ = PositionEncoding::kUtf8;
        }
      }
    }
  }
  settings_.docs_base_url = DefaultDocsBaseUrl();
  std::vector<std::string> warnings;
  if (params.is_object() && params.contains("initializationOptions")) {
    MergeSettings(params["initializationOptions"], settings_, warnings);
  }
  ShowWarnings(warnings);
  return {{"capabilities",
           {{"positionEncoding", encoding_ == PositionEncoding::kUtf8 ? "utf-8" : "utf-16"},
            {"textDocumentSync",
             {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
            {"hoverProvider", true},
            {"completionProvider",
             {{"triggerCharacters", {":", "\"", "'"}}, {"resolveProvider", false}}},
            {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
          {"serverInfo", {{"name", "iamlint"}, {"version", IAMLINT_VERSION}}}};
}

void Server::DidOpen(const json& params) {
  const json& item = Member(params, "textDocument");
  const std::string uri = String(item, "uri");
  OpenDocument& open = documents_[uri];
  open = OpenDocument{};
  open.doc.uri = uri;
  open.doc.language = LanguageOf(item.contains("languageId") && item["languageId"].is_string()
                                     ? item["languageId"].get<std::string>()
                                     : std::string(),
                                 uri);
  open.doc.version = item.contains("version") && item["version"].is_number_integer()
                         ? item["version"].get<int>()
                         : 0;
  open.text = String(item, "text");
}

void Server::DidChange(const json& params) {
  const json& item = Member(params, "textDocument");
  const auto it = documents_.find(String(item, "uri"));
  if (it == documents_.end()) {
    throw RequestError{kInvalidParams, "didChange for a document that is not open"};
  }
  OpenDocument& open = it->second;
  const json& changes = Member(params, "contentChanges");
  if (!changes.is_array()) {
    throw RequestError{kInvalidParams, "contentChanges must be an array"};
  }
  for (const json& change : changes) {
    std::string new_text = String(change, "text");
    if (change.contains("range")) {
      // Each change applies to the text as the previous one left it.
      const ByteRange bytes = LineIndex(open.text).ToByteRange(RangeOf(change["range"]), encoding_);
      ShiftDiagnostics(open.last_good, bytes, static_cast<uint32_t>(new_text.size()));
      open.text.replace(bytes.begin, bytes.end - bytes.begin, new_text);
    } else {
      open.text = std::move(new_text);
      open.last_good.clear();
    }
  }
  if (item.contains("version") && item["version"].is_number_integer()) {
    open.doc.version = item["version"].get<int>();
  }
  open.dirty = open.unpublished = true;
}

void Server::DidClose(const json& params) {
  const std::string uri = String(Member(params, "textDocument"), "uri");
  if (documents_.erase(uri) > 0) {
    Notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
  }
}

void Server::DidChangeConfiguration(const json& params) {
  std::vector<std::string> warnings;
  if (params.is_object() && params.contains("settings")) {
    MergeSettings(params["settings"], settings_, warnings);
  }
  ShowWarnings(warnings);
  for (auto& [uri, open] : documents_) {
    open.dirty = open.unpublished = true;
  }
}

void Server::Analyze(OpenDocument& open) {
  std::vector<std::unique_ptr<SourceFile>> keep_alive;
  const OpenTextLookup open_text = [this](const std::string& path) -> const std::string* {
    const auto it = documents_.find(PathToUri(path));
    return it == documents_.end() ? nullptr : &it->second.text;
  };
  AnalyzeDocument(open.doc, open.text, SettingsFor(open.doc.uri), matcher_, open_text, keep_alive);
  open.keep_alive = std::move(keep_alive);  // after the new analysis replaced the old one
  open.dirty = false;
}

void Server::Publish(OpenDocument& open) {
  std::vector<DiagnosticItem> items = CollectDiagnostics(open.doc, encoding_);
  bool input_errors = false;
  for (const DiagnosticItem& d : items) {
    input_errors = input_errors || d.code.empty();
  }
  if (!input_errors) {
    open.last_good = items;
  } else {
    // A document mid-edit: the findings of its last good state outside the edits stay, so the
    // editor does not flash them away on every unbalanced bracket.
    std::vector<DiagnosticItem> carried;
    for (const DiagnosticItem& old : open.last_good) {
      bool fresh = false;
      for (const DiagnosticItem& d : items) {
        fresh = fresh || (d.code == old.code && d.range == old.range);
      }
      if (!fresh && old.range.end <= open.text.size()) {
        carried.push_back(old);
      }
    }
    items.insert(items.end(), carried.begin(), carried.end());
  }
  const LineIndex index(open.text);
  const std::string docs_base = SettingsFor(open.doc.uri).docs_base_url;
  json diagnostics = json::array();
  for (const DiagnosticItem& d : items) {
    diagnostics.push_back(DiagnosticJson(d, index, encoding_, docs_base, open.doc.uri));
  }
  Notify("textDocument/publishDiagnostics", {{"uri", open.doc.uri},
                                             {"version", open.doc.version},
                                             {"diagnostics", std::move(diagnostics)}});
  open.unpublished = false;
}

void Server::Flush() {
  for (auto& [uri, open] : documents_) {
    try {
      if (open.dirty) {
        Analyze(open);
      }
      if (open.unpublished) {
        Publish(open);
      }
    } catch (const std::exception& e) {
      open.dirty = open.unpublished = false;  // not again on every message
      Notify("window/logMessage",
             {{"type", 1}, {"message", uri + ": internal error: " + e.what()}});
    }
  }
}

OpenDocument* Server::Analysed(const json& params) {
  const auto it = documents_.find(String(Member(params, "textDocument"), "uri"));
  if (it == documents_.end()) {
    return nullptr;
  }
  if (it->second.dirty) {
    Analyze(it->second);
  }
  return &it->second;
}

json Server::Hover(const json& params) {
  OpenDocument* open = Analysed(params);
  if (open == nullptr) {
    return nullptr;
  }
  const LineIndex index(open->text);
  const uint32_t offset = index.ToOffset(PositionOf(Member(params, "position")), encoding_);
  const std::optional<HoverResult> hover = HoverAt(open->doc, offset, cat_);
  if (!hover) {
    return nullptr;
  }
  return {{"contents", {{"kind", "markdown"}, {"value", hover->markdown}}},
          {"range", RangeJson(index.ToRange(hover->range, encoding_))}};
}

json Server::Completion(const json& params) {
  OpenDocument* open = Analysed(params);
  json items = json::array();
  if (open != nullptr) {
    const LineIndex index(open->text);
    const uint32_t offset = index.ToOffset(PositionOf(Member(params, "position")), encoding_);
    for (const CompletionItem& c : CompleteAt(open->doc, offset, cat_)) {
      json item = {{"label", c.label},
                   {"kind", static_cast<int>(c.kind)},
                   {"textEdit",
                    {{"range", RangeJson(index.ToRange(c.replace, encoding_))},
                     {"newText", c.insert_text.empty() ? c.label : c.insert_text}}}};
      if (!c.detail.empty()) {
        item["detail"] = c.detail;
      }
      if (!c.documentation.empty()) {
        item["documentation"] = {{"kind", "markdown"}, {"value", c.documentation}};
      }
      items.push_back(std::move(item));
    }
  }
  return {{"isIncomplete", false}, {"items", std::move(items)}};
}

json Server::CodeActions(const json& params) {
  json actions = json::array();
  OpenDocument* open = Analysed(params);
  if (open == nullptr) {
    return actions;
  }
  if (params.contains("context") && params["context"].is_object() &&
      params["context"].contains("only") && params["context"]["only"].is_array()) {
    bool wanted = false;
    for (const json& kind : params["context"]["only"]) {
      wanted = wanted || kind == "quickfix";
    }
    if (!wanted) {
      return actions;
    }
  }
  const LineIndex index(open->text);
  const ByteRange range = index.ToByteRange(RangeOf(Member(params, "range")), encoding_);
  const std::vector<DiagnosticItem> diagnostics = CollectDiagnostics(open->doc, encoding_);
  const std::string docs_base = SettingsFor(open->doc.uri).docs_base_url;
  for (const CodeAction& a : CodeActionsFor(open->doc, range, cat_)) {
    json edits = json::array();
    for (const ByteEdit& e : a.edits) {
      edits.push_back(
          {{"range", RangeJson(index.ToRange(e.range, encoding_))}, {"newText", e.new_text}});
    }
    json action = {{"title", a.title},
                   {"kind", "quickfix"},
                   {"edit", {{"changes", {{open->doc.uri, std::move(edits)}}}}}};
    if (a.preferred) {
      action["isPreferred"] = true;
    }
    json fixed = json::array();
    for (const DiagnosticItem& d : diagnostics) {
      if (a.fixes != nullptr && d.finding == a.fixes) {
        fixed.push_back(DiagnosticJson(d, index, encoding_, docs_base, open->doc.uri));
      }
    }
    if (!fixed.empty()) {
      action["diagnostics"] = std::move(fixed);
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

int RunLanguageServer(const catalog::Catalog& cat, int in_fd, int out_fd) {
  // A client that goes away mid-write must end the loop with an error, not kill the process.
  if (std::signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
    return 1;
  }
  Transport transport(in_fd, out_fd);
  bool output_open = true;
  Server server(
      cat, [&](const json& message) { output_open = output_open && transport.Write(message); });
  for (;;) {
    Incoming in = transport.Read();
    if (in.kind == Incoming::Kind::kEnd) {
      return 1;  // the client went away without `exit`
    }
    if (in.kind == Incoming::Kind::kError) {
      server.HandleUnreadable(in.code, in.error);
    } else {
      server.Handle(in.message);
    }
    if (server.exited()) {
      return server.exit_code();
    }
    // Several edits already waiting: analyse once, after the last of them.
    if (!transport.HasPending()) {
      server.Flush();
    }
    if (!output_open) {
      return 1;
    }
  }
}

}  // namespace iamlint::lsp
