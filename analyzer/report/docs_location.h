#pragma once
// Where a reader finds iamlint's documentation, as URIs for SARIF (informationUri, helpUri) and
// the language server (codeDescription.href): hosted docs named by IAMLINT_DOCS_URL, else the
// docs installed beside the binary (share/doc/iamlint), else the source tree it was built from.

#include <string>
#include <string_view>

namespace iamlint {

/// The URI of the README (the tool's home page).
const std::string& DocsHomeUri();
/// The URI of a rule's page (docs/rules/ID.md).
std::string RuleDocUri(std::string_view rule_id);

}  // namespace iamlint
