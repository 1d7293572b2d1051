#pragma once
// Analysis of one open document and its diagnostics: the scan the `check` command does for a
// file, on the editor's text, reduced to what belongs to that document.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/catalog/wildcard.h"
#include "analyzer/lsp/document.h"
#include "analyzer/lsp/positions.h"
#include "analyzer/lsp/settings.h"

namespace iamlint::lsp {

/// The language of a document: its languageId (`json`, `terraform`, `hcl`, `tf`, `yaml`,
/// `cloudformation`), else its file name's extension, else JSON.
Language LanguageOf(std::string_view language_id, std::string_view uri);

/// The editor's text of another open document, by path (nullptr when it is not open).
using OpenTextLookup = std::function<const std::string*(const std::string& path)>;

/// Analyzes `text` as `doc` (its uri and language set) into doc.scanned, with the settings'
/// rules turned off and suppressions applied. A Terraform document on disk is evaluated with
/// the other .tf files of its directory (their open text when they are open) as its module;
/// only the document's own findings and errors are kept. Files its findings may point into
/// are added to `keep_alive`. Never throws: an internal error becomes an input error.
void AnalyzeDocument(Document& doc, std::string text, const Settings& settings,
                     catalog::ActionMatcher& matcher, const OpenTextLookup& open_text,
                     std::vector<std::unique_ptr<SourceFile>>& keep_alive);

/// A related location of a diagnostic.
struct RelatedItem {
  bool same_file = true;
  ByteRange range;    // same_file: bytes of the document
  std::string uri;    // otherwise: the other file and its range, already converted
  Range other_range;  //
  std::string message;
};

/// A diagnostic before positions: byte ranges, so it can be shifted through edits.
struct DiagnosticItem {
  ByteRange range;
  int severity = 1;  // LSP DiagnosticSeverity: 1 error ... 4 hint
  std::string code;  // the rule id; empty for input errors
  std::string message;
  bool unnecessary = false;  // tag 1: redundant code
  std::vector<RelatedItem> related;
  const Finding* finding = nullptr;  // null for input errors and carried-over diagnostics
};

/// The diagnostics of an analysed document: its unsuppressed findings and its input errors.
std::vector<DiagnosticItem> CollectDiagnostics(const Document& doc, PositionEncoding encoding);

/// The LSP Diagnostic of `item`; `docs_base` (may be empty) links the rule's page.
nlohmann::json DiagnosticJson(const DiagnosticItem& item, const LineIndex& index,
                              PositionEncoding encoding, const std::string& docs_base,
                              const std::string& uri);

/// Moves the byte ranges of `items` past an edit that replaced `replaced` with `inserted`
/// bytes; items that overlap the edit are dropped.
void ShiftDiagnostics(std::vector<DiagnosticItem>& items, ByteRange replaced, uint32_t inserted);

/// LSP DiagnosticSeverity of a finding's severity.
int LspSeverity(Severity severity);

}  // namespace iamlint::lsp
