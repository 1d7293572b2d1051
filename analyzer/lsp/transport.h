#pragma once
// JSON-RPC messages framed by LSP base-protocol headers ("Content-Length: N\r\n\r\n" then N bytes)
// over two file descriptors. Broken framing or JSON never ends the loop: each problem becomes a
// message for the server to answer with a JSON-RPC error, and reading resumes at the next header.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace iamlint::lsp {

/// JSON-RPC error codes the server answers with.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

/// What one read produced.
struct Incoming {
  enum class Kind { kMessage, kError, kEnd };
  Kind kind = Kind::kEnd;
  nlohmann::json message;  // kMessage: the parsed body
  int code = 0;            // kError: the JSON-RPC error code to answer with (id null)
  std::string error;       // kError: what was wrong
};

/// Reads framed messages from `in_fd` and writes them to `out_fd`.
class Transport {
 public:
  /// Largest body accepted; a larger one is skipped (unread into memory) and answered with an
  /// error, so a runaway client cannot exhaust memory.
  static constexpr size_t kMaxBody = 64U << 20;
  /// Largest header block; past it the headers are garbage and reading resynchronizes.
  static constexpr size_t kMaxHeader = 8U << 10;

  /// Uses the descriptors as they are (they stay open).
  Transport(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {}

  /// The next message, problem, or the end of the input.
  Incoming Read();
  /// True when a whole message is already available without blocking (it lets the server
  /// coalesce the analysis of several edits that arrived together).
  bool HasPending();
  /// Writes one message with its header; false when the output is gone.
  bool Write(const nlohmann::json& message) const;

 private:
  /// Reads more input into the buffer; false at the end of input.
  bool Fill();
  /// Drops buffered input up to the next line that starts a Content-Length header.
  void Resynchronize();
  /// Parses the header block at the start of the buffer: its size and the body length, or -1
  /// for a malformed block, 0 when it is still incomplete.
  long ParseHeaders(size_t* body_length, std::string* error) const;

  int in_fd_;
  int out_fd_;
  std::string buffer_;
  size_t skip_ = 0;  // body bytes still to discard (an oversized message)
  bool eof_ = false;
};

}  // namespace iamlint::lsp
