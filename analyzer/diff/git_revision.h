#pragma once
// The files of a git revision, written out to a directory so the old version of a working tree
// is read by the same scanner as the new one (`iamlint diff --base REV`).

#include <string>
#include <vector>

namespace iamlint::diff {

/// Writes the policy-bearing files (.json, .tf, .tfvars, .yaml, .yml, .template) that revision
/// `rev` holds under `paths` (relative to the current directory, as git reads them) into
/// `dest`, keeping their relative paths; `written` lists them. False and `error` when git
/// cannot tell (not a repository, unknown revision).
bool WriteRevisionFiles(const std::string& rev, const std::vector<std::string>& paths,
                        const std::string& dest, std::vector<std::string>* written,
                        std::string* error);

}  // namespace iamlint::diff
