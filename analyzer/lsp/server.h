#pragma once
// The iamlint language server: LSP 3.17 over JSON-RPC. Server handles decoded messages and
// sends its own through a callback, so tests drive it without pipes; RunLanguageServer is the
// stdio loop of `iamlint lsp`.

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/catalog/catalog.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/lsp/analysis.h"
#include "analyzer/lsp/document.h"
#include "analyzer/lsp/positions.h"
#include "analyzer/lsp/settings.h"

namespace iamlint::lsp {

/// An open document with the editor's text and what its diagnostics were built from.
struct OpenDocument {
  Document doc;
  std::string text;                       // the editor's current text (doc.scanned may be older)
  bool dirty = true;                      // text changed since the last analysis
  bool unpublished = true;                // diagnostics not sent since the last change
  std::vector<DiagnosticItem> last_good;  // of the last analysis without input errors, shifted
                                          // through the edits since
  std::vector<std::unique_ptr<SourceFile>> keep_alive;  // module files findings point into
};

/// The language server's state and message handling.
class Server {
 public:
  /// Sends one JSON-RPC message to the client.
  using Sink = std::function<void(const nlohmann::json&)>;

  /// A server that answers through `send`; `cat` outlives it.
  Server(const catalog::Catalog& cat, Sink send);

  /// Handles one message (request, notification or response); never throws.
  void Handle(const nlohmann::json& message);
  /// Answers a message that could not be read (bad framing or JSON) with a JSON-RPC error.
  void HandleUnreadable(int code, const std::string& error);
  /// Analyzes the documents changed since their last analysis and publishes their diagnostics.
  void Flush();

  /// True once `exit` was received.
  bool exited() const { return exited_; }
  /// The process exit code: 0 after shutdown then exit, 1 for an exit without shutdown.
  int exit_code() const { return shutdown_ ? 0 : 1; }
  /// The negotiated position encoding.
  PositionEncoding encoding() const { return encoding_; }

  /// The settings for document `uri`: those of the session (initializationOptions, then
  /// workspace/didChangeConfiguration). The one place a per-directory configuration plugs in.
  Settings SettingsFor(const std::string& uri) const;

 private:
  /// False (after answering when an answer is due) for a message that is not a request or
  /// notification the server can handle.
  bool Accept(const nlohmann::json& message);
  /// Answers request `id` (null: a notification, logged) with an error.
  void Fail(const nlohmann::json* id, int code, const std::string& method,
            const std::string& error);
  nlohmann::json Dispatch(const std::string& method, const nlohmann::json& params, bool* handled);
  nlohmann::json Initialize(const nlohmann::json& params);
  void DidOpen(const nlohmann::json& params);
  void DidChange(const nlohmann::json& params);
  void DidClose(const nlohmann::json& params);
  void DidChangeConfiguration(const nlohmann::json& params);
  nlohmann::json Hover(const nlohmann::json& params);
  nlohmann::json Completion(const nlohmann::json& params);
  nlohmann::json CodeActions(const nlohmann::json& params);

  /// The open document of a request's params.textDocument.uri, analysed; nullptr if not open.
  OpenDocument* Analysed(const nlohmann::json& params);
  void Analyze(OpenDocument& open);
  void Publish(OpenDocument& open);
  void ShowWarnings(std::vector<std::string>& warnings);
  void Notify(const std::string& method, nlohmann::json params);

  const catalog::Catalog& cat_;
  catalog::ActionMatcher matcher_;
  Sink send_;
  Settings settings_;
  PositionEncoding encoding_ = PositionEncoding::kUtf16;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
  std::map<std::string, OpenDocument> documents_;
};

/// Serves LSP over `in_fd` and `out_fd` until `exit` or the end of input; the exit code.
int RunLanguageServer(const catalog::Catalog& cat, int in_fd, int out_fd);

}  // namespace iamlint::lsp
