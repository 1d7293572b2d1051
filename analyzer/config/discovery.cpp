#include "analyzer/config/discovery.h"

#include <system_error>

namespace iamlint::config {

Resolver Resolver::Discover() {
  return Resolver(Mode::kDiscover);
}

Resolver Resolver::None() {
  return Resolver(Mode::kNone);
}

Resolver Resolver::Fixed(const std::string& path) {
  Resolver r(Mode::kFixed);
  // Like ruff's --config: the patterns of a configuration named on the command line are
  // relative to where iamlint runs (a shared file elsewhere still means this project's paths).
  LoadResult loaded = LoadConfigFile(path, AbsolutePath("."));
  r.errors_ = std::move(loaded.errors);
  if (loaded.config) {
    r.configs_.push_back(std::make_unique<Config>(std::move(*loaded.config)));
  }
  return r;
}

namespace {

// How a found file is named in messages: relative to the current directory when it is inside
// it (like the scanned paths), else absolute.
std::string DisplayPath(const std::filesystem::path& file) {
  const std::filesystem::path rel = file.lexically_relative(AbsolutePath("."));
  const std::string text = rel.string();
  return text.empty() || text.starts_with("..") ? file.string() : text;
}

}  // namespace

const Config* Resolver::LoadFrom(const std::filesystem::path& dir, bool* found) {
  std::vector<std::filesystem::path> present;
  for (const char* name : kConfigNames) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / name, ec)) {
      present.emplace_back(DisplayPath(dir / name));
    }
  }
  *found = !present.empty();
  if (present.empty()) {
    return nullptr;
  }
  for (size_t i = 1; i < present.size(); ++i) {
    errors_.push_back({present[i].string(),
                       {},
                       "a second configuration file next to " + present[0].filename().string() +
                           ": keep one per directory"});
  }
  LoadResult loaded = LoadConfigFile(present[0].string(), dir);
  errors_.insert(errors_.end(), loaded.errors.begin(), loaded.errors.end());
  if (!loaded.config || present.size() > 1) {
    return nullptr;
  }
  return configs_.emplace_back(std::make_unique<Config>(std::move(*loaded.config))).get();
}

const Config* Resolver::ForDirectory(const std::filesystem::path& dir) {
  return Lookup(dir.native());
}

const Config* Resolver::Lookup(const std::string& spelling) {
  if (mode_ != Mode::kDiscover) {
    return configs_.empty() ? nullptr : configs_.front().get();
  }
  if (auto it = by_spelling_.find(spelling); it != by_spelling_.end()) {
    return it->second;
  }
  std::vector<std::filesystem::path> visited;
  const Config* result = nullptr;
  for (std::filesystem::path d = AbsolutePath(spelling.empty() ? "." : spelling);;
       d = d.parent_path()) {
    if (auto it = cache_.find(d); it != cache_.end()) {
      result = it->second;
      break;
    }
    visited.push_back(d);
    bool found = false;
    result = LoadFrom(d, &found);
    if (found || d == d.parent_path()) {
      break;  // the closest configuration wins, even a broken one (its errors are reported)
    }
  }
  for (const std::filesystem::path& d : visited) {
    cache_.emplace(d, result);
  }
  by_spelling_.emplace(spelling, result);
  return result;
}

const Config* Resolver::ForFile(const std::string& path) {
  if (path == "-") {
    return Lookup(".");
  }
  // The parent's spelling without building a path: this runs for every file, several times.
  const size_t slash = path.rfind('/');
  return Lookup(slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace iamlint::config
