#pragma once
// `iamlint diff`: two versions of a set of files, their policies matched by Terraform address,
// CloudFormation logical id or file path, and per policy (and per principal, for AWS managed
// policies attached) the access added and removed. docs/diff.md describes the model.

#include <memory>
#include <string>
#include <vector>

#include "analyzer/analyze/scan.h"
#include "analyzer/diff/compare.h"

namespace iamlint::diff {

/// The files of one version, scanned, and where they were read from.
struct Version {
  std::vector<ScannedFile> files;
  std::string root;        // paths are matched relative to it ("" compares single files)
  std::string shown_root;  // shown instead of `root` in output ("REV:" for a git revision)
};

/// The access a change of one policy (or attachment) adds and removes.
struct PolicyDiff {
  std::string name;       // "aws_iam_policy.ci.policy", "Role.Policies[0]", or the file path
  std::string principal;  // the role, user or group it belongs to, when known
  std::string status;     // "changed", "added" (new policy), "deleted", "attached", "detached"
  const SourceFile* new_file = nullptr;  // null when deleted
  const SourceFile* old_file = nullptr;  // null when added
  std::vector<Change> added;             // in the new version
  std::vector<Change> removed;           // in the old version (read backwards)
  std::vector<Change> accepted;          // parts of `added` that --allow accepts
  // An attachment has no text of its own: its changes are shown where it is attached.
  const SourceFile* site_file = nullptr;
  ByteRange site_range;
  // The cells the changes point into.
  std::unique_ptr<std::vector<Cell>> old_cells;
  std::unique_ptr<std::vector<Cell>> new_cells;
};

/// An accepted addition: `--allow [SCOPE=]PATTERN`.
struct AllowRule {
  std::string scope;  // a glob over the policy name or principal ("" for every policy)
  std::string pattern;
  catalog::ActionSet actions;
};

/// Compares every policy and principal of `before` with `after`.
std::vector<PolicyDiff> DiffVersions(const Version& before, const Version& after,
                                     catalog::ActionMatcher& matcher);

/// Moves the actions `rules` accept out of each diff's additions into `accepted`.
void ApplyAllowRules(std::vector<PolicyDiff>& diffs, const std::vector<AllowRule>& rules);

/// The path of `file` as shown: a path under `before.root` with `shown_root` instead.
std::string ShownPath(const SourceFile& file, const Version& version);

}  // namespace iamlint::diff
