#pragma once
// An open editor document as the language server holds it: its text, its language, and the
// result of scanning it (policies with their findings, input errors, suppression findings).
// The providers (hover, completion, code actions) read it; positions inside are byte offsets,
// converted to LSP positions (UTF-16 code units unless the client agreed to UTF-8) only by the
// server at the protocol boundary.

#include <memory>
#include <string>

#include "analyzer/analyze/scan.h"
#include "analyzer/catalog/catalog.h"

namespace iamlint::lsp {

/// What a document is written in, from its languageId and file name.
enum class Language { kJson, kTerraform, kYaml };

/// One open document and its latest analysis.
struct Document {
  std::string uri;
  Language language = Language::kJson;
  int version = 0;
  ScannedFile scanned;  // scanned.source holds the text; scanned.result the analysis
};

/// One text edit of a code action, on the document's bytes.
struct ByteEdit {
  ByteRange range;
  std::string new_text;
};

}  // namespace iamlint::lsp
