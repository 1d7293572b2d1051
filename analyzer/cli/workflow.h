#pragma once
// The steps of `check` that fit it into a workflow after the scan: a baseline of accepted
// findings, and the lines a change touched (--changed-since).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/report/report.h"

namespace iamlint::cli {

/// The fingerprints of accepted findings, with how often each occurs.
struct Baseline {
  std::map<std::string, size_t> fingerprints;
};

/// Writes the unsuppressed findings of `files` as a baseline file; false and `error` on failure.
bool WriteBaseline(const std::string& path, const std::vector<ScannedFile>& files,
                   std::string* error);
/// Reads a baseline file; nullopt and `error` (with a location when it is malformed) on failure.
std::optional<Baseline> ReadBaseline(const std::string& path, std::string* error);
/// Marks the findings of `files` that the baseline holds (each fingerprint as often as it was
/// recorded) as baselined, so only new findings are reported.
void ApplyBaseline(std::vector<ScannedFile>& files, const Baseline& baseline);

/// What a change touched: for each changed file (by canonical path), its changed line ranges;
/// an empty list means the whole file (new or untracked).
struct ChangedLines {
  std::map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> files;
  /// True when `path` (as scanned) changed at all.
  bool Changed(const std::string& path) const;
  /// True when line `line` of `path` changed.
  bool Changed(const std::string& path, uint32_t line) const;
};

/// The lines changed in the working tree since git revision `rev` (committed, staged and
/// unstaged changes, and untracked files); nullopt and `error` when git cannot tell.
std::optional<ChangedLines> ChangedSince(const std::string& rev, std::string* error);
/// Parses the output of `git diff -U0` (paths relative to `base`) into `changes`.
void ParseUnifiedDiff(std::string_view diff, const std::string& base, ChangedLines& changes);
/// Removes the findings of `files` that are not on a changed line.
void KeepChangedLines(std::vector<ScannedFile>& files, const ChangedLines& changes);

/// The canonical form of a path, to compare paths spelled differently.
std::string CanonicalPath(const std::string& path);

}  // namespace iamlint::cli
