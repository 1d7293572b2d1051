#pragma once
// A policy document given as a string in an account snapshot: URL-encoded JSON (RFC 3986, as
// GetAccountAuthorizationDetails returns it) or plain JSON text. It is decoded and parsed, and
// every range of the result points back at the bytes of the string it came from, so findings
// land on the exact characters of the snapshot file (`%22Action%22` for "Action").

#include <optional>
#include <string>

#include "analyzer/core/source_file.h"
#include "analyzer/parse/json.h"

namespace iamlint::account {

/// A document parsed from a string, or why it could not be.
struct EncodedDocument {
  std::optional<parse::JsonDocument> document;  // ranges in the snapshot file
  ByteRange error_at;                           // set with `error`
  std::string error;
};

/// Decodes and parses the JSON string token at `token` (quotes included) of `file`.
EncodedDocument ParseEncodedDocument(const SourceFile& file, ByteRange token);

}  // namespace iamlint::account
