#pragma once
// Which configuration applies to a path: the nearest .iamlint.yaml, .iamlint.yml or
// .iamlint.json in its directory or above (up to the filesystem root; the closest wins, nothing
// is merged), one file given with --config, or none (--no-config). Lookups are cached per
// directory, so a tree walk reads each configuration once.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/config/config.h"

namespace iamlint::config {

/// Finds and caches the configuration of each directory.
class Resolver {
 public:
  /// Looks for configuration files next to and above each path.
  static Resolver Discover();
  /// Uses no configuration file at all.
  static Resolver None();
  /// Uses the file at `path` for everything; its globs are relative to the current directory.
  static Resolver Fixed(const std::string& path);

  /// The configuration for the files of directory `dir` (null: none, or a broken one).
  const Config* ForDirectory(const std::filesystem::path& dir);
  /// The configuration for the file at `path` ("-": standard input, the current directory's).
  const Config* ForFile(const std::string& path);
  /// Every configuration error met so far.
  [[nodiscard]] const std::vector<ConfigError>& errors() const { return errors_; }

 private:
  enum class Mode { kDiscover, kNone, kFixed };
  explicit Resolver(Mode mode) : mode_(mode) {}
  // ForDirectory for a directory spelled `spelling` (cached by spelling first).
  const Config* Lookup(const std::string& spelling);
  // The configuration file in `dir` (loaded once), or null with `found` false.
  const Config* LoadFrom(const std::filesystem::path& dir, bool* found);

  Mode mode_;
  std::map<std::filesystem::path, const Config*> cache_;  // directory -> nearest configuration
  // The same by the directory's spelling in the call (a walk asks for each entry's parent):
  // most lookups end here, without making the path absolute.
  std::unordered_map<std::string, const Config*> by_spelling_;
  std::vector<std::unique_ptr<Config>> configs_;
  std::vector<ConfigError> errors_;
};

}  // namespace iamlint::config
