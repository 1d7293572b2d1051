#pragma once
// Builds a language-server Document from text as the server does (scan, then suppressions),
// and the small text helpers the provider tests share.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/analyze/scan.h"
#include "analyzer/analyze/suppressions.h"
#include "analyzer/catalog/catalog.h"
#include "analyzer/lsp/document.h"

namespace iamlint::lsp::testing {

/// A document of `language` holding `text`, analysed.
inline std::unique_ptr<Document> MakeDocument(std::string text, Language language) {
  static catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  auto doc = std::make_unique<Document>();
  doc->language = language;
  std::vector<ScannedFile> files(1);
  files[0].path = language == Language::kJson        ? "policy.json"
                  : language == Language::kTerraform ? "main.tf"
                                                     : "template.yaml";
  doc->uri = "file:///" + files[0].path;
  files[0].source = std::make_unique<SourceFile>(files[0].path, std::move(text));
  const SourceFile& file = *files[0].source;
  const ScanOptions options;
  switch (language) {
    case Language::kJson:
      files[0].result = ScanJsonFile(file, matcher, options);
      break;
    case Language::kTerraform:
      files[0].result = ScanTerraformFile(file, matcher, options);
      break;
    case Language::kYaml:
      files[0].result = ScanYamlFile(file, matcher, options);
      break;
  }
  ApplySuppressions(files, {});
  doc->scanned = std::move(files[0]);
  return doc;
}

/// Removes the cursor mark `|` from `text` and returns where it was.
inline uint32_t TakeCursor(std::string& text) {
  const size_t at = text.find('|');
  text.erase(at, 1);
  return static_cast<uint32_t>(at);
}

/// `text` with `edits` applied (they must not overlap).
inline std::string ApplyEdits(std::string text, std::vector<ByteEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const ByteEdit& a, const ByteEdit& b) { return a.range.begin > b.range.begin; });
  for (const ByteEdit& e : edits) {
    text.replace(e.range.begin, e.range.end - e.range.begin, e.new_text);
  }
  return text;
}

/// Findings of rule `id` not suppressed, over every policy of the document.
inline size_t CountRule(const Document& doc, std::string_view id) {
  size_t n = 0;
  for (const PolicyResult& p : doc.scanned.result.policies) {
    n += static_cast<size_t>(
        std::count_if(p.findings.begin(), p.findings.end(),
                      [&](const Finding& f) { return f.rule_id == id && !f.suppression; }));
  }
  return n;
}

}  // namespace iamlint::lsp::testing
