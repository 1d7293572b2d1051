#pragma once
// What the language server answers besides diagnostics, as pure functions of an analysed
// document and the catalog: hover text, completion items and quick fixes. Offsets and ranges
// are bytes of the document; the server converts them to LSP positions.

#include <optional>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.h"
#include "analyzer/lsp/document.h"

namespace iamlint::lsp {

/// Markdown to show for the value under the cursor, and the range it describes.
struct HoverResult {
  ByteRange range;
  std::string markdown;
};

/// Hover at byte `offset`: an action (description, access level, resource types, condition
/// keys), an action wildcard (how many actions by access level, the dangerous ones), a
/// condition key (type, description), a managed policy ARN (what it grants); nullopt elsewhere.
std::optional<HoverResult> HoverAt(const Document& doc, uint32_t offset,
                                   const catalog::Catalog& cat);

/// LSP CompletionItemKind values the providers use.
enum class CompletionKind { kModule = 9, kFunction = 3, kProperty = 10, kOperator = 24 };

/// One completion proposal: `insert_text` replaces `replace` (the partial word at the cursor).
struct CompletionItem {
  std::string label;
  CompletionKind kind = CompletionKind::kFunction;
  std::string detail;         // e.g. the access level
  std::string documentation;  // Markdown
  std::string insert_text;
  ByteRange replace;
};

/// Completion at byte `offset`: inside an action string (service prefixes, then the service's
/// actions), a condition key (keys valid for the statement's actions first), a condition
/// operator. Empty elsewhere.
std::vector<CompletionItem> CompleteAt(const Document& doc, uint32_t offset,
                                       const catalog::Catalog& cat);

/// A quick fix: a title, the edits, and the finding it resolves.
struct CodeAction {
  std::string title;
  std::vector<ByteEdit> edits;
  const Finding* fixes = nullptr;  // points into doc.scanned.result
  bool preferred = false;          // the one fix an editor may apply on its own
};

/// Quick fixes for the findings whose range overlaps `range`, only where the fix is certain:
/// an unknown action replaced by the suggestion, an ARN by the suggested one, a missing
/// Version added, a redundant statement removed, a restricting condition template added to
/// an OIDC trust policy.
std::vector<CodeAction> CodeActionsFor(const Document& doc, ByteRange range,
                                       const catalog::Catalog& cat);

}  // namespace iamlint::lsp
