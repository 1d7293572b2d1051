#include "analyzer/diff/git_revision.h"

#include <array>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>

#include "analyzer/core/process.h"
#include "analyzer/core/strings.h"

namespace iamlint::diff {
namespace {

namespace fs = std::filesystem;

// Runs `argv` (stderr discarded); nullopt when it cannot run or fails.
std::optional<std::string> Run(const std::vector<std::string>& argv) {
  return RunProgram(argv, nullptr, /*quiet=*/true);
}

bool PolicyBearing(const std::string& name) {
  const std::string ext = fs::path(name).extension().string();
  return ext == ".json" || ext == ".tf" || ext == ".tfvars" || ext == ".yaml" || ext == ".yml" ||
         ext == ".template";
}

}  // namespace

bool WriteRevisionFiles(const std::string& rev, const std::vector<std::string>& paths,
                        const std::string& dest, std::vector<std::string>* written,
                        std::string* error) {
  if (!Run({"git", "rev-parse", "--verify", "--quiet", Concat({rev, "^{commit}"})})) {
    *error = Concat({"not a git revision here: ", rev});
    return false;
  }
  std::vector<std::string> ls = {"git", "ls-tree", "-r", "-z", "--name-only", rev, "--"};
  ls.insert(ls.end(), paths.begin(), paths.end());
  const std::optional<std::string> listing = Run(ls);
  if (!listing) {
    *error = Concat({"git ls-tree failed for ", rev});
    return false;
  }
  size_t start = 0;
  while (start < listing->size()) {
    size_t end = listing->find('\0', start);
    if (end == std::string::npos) {
      end = listing->size();
    }
    const std::string name = listing->substr(start, end - start);
    start = end + 1;
    if (name.empty() || !PolicyBearing(name) || fs::path(name).is_absolute() ||
        name.find("..") != std::string::npos) {
      continue;
    }
    const std::optional<std::string> text = Run({"git", "show", Concat({rev, ":./", name})});
    if (!text) {
      *error = Concat({"git show failed for ", rev, ":", name});
      return false;
    }
    const fs::path target = fs::path(dest) / name;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream file(target, std::ios::binary);
    file << *text;
    if (!file) {
      *error = Concat({"cannot write ", target.string()});
      return false;
    }
    written->push_back(name);
  }
  return true;
}

}  // namespace iamlint::diff
