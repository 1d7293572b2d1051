#pragma once
// The output of `iamlint diff`: compiler-style text, versioned JSON (schema 1, docs/diff.md)
// and a Markdown summary for a pull-request comment.

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/diff/diff.h"

namespace iamlint::diff {

/// What a diff found, and what it was read from.
struct DiffReport {
  const std::vector<PolicyDiff>* diffs = nullptr;
  const Version* before = nullptr;
  const Version* after = nullptr;
  const catalog::Catalog* catalog = nullptr;
  std::vector<InputError> errors;  // files that could not be read (the rest was compared)
};

/// True when some addition is not accepted by --allow (the gate fails).
bool HasNewAccess(const std::vector<PolicyDiff>& diffs);

void RenderText(std::ostream& out, const DiffReport& report);
void RenderJson(std::ostream& out, const DiffReport& report);
void RenderMarkdown(std::ostream& out, const DiffReport& report);

/// "s3: 12 actions (Read 10, Write 2): GetObject, ..." per service, at most `max_services`
/// lines (then "... N more services") and `max_names` names each.
std::vector<std::string> DescribeActions(const catalog::Catalog& cat,
                                         const catalog::ActionSet& actions, size_t max_services,
                                         size_t max_names);

}  // namespace iamlint::diff
