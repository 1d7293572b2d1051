#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <system_error>

#include "analyzer/cli/commands.h"

namespace iamlint::cli {
namespace {

// Larger inputs are refused with a located error rather than exhausting memory.
constexpr std::uintmax_t kMaxFileBytes = 256ULL << 20;

bool IsScannable(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".json" || ext == ".tf" || ext == ".yaml" || ext == ".yml" || ext == ".template";
}

bool IsSkippedDirectory(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return (name.size() > 1 && name[0] == '.') || name == "node_modules";
}

}  // namespace

bool ReadInput(const std::string& path, std::string* contents, std::string* error) {
  std::error_code ec;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    if (std::filesystem::is_directory(path, ec)) {
      *error = "is a directory";
      return false;
    }
    // Pipes, process substitutions and devices have no size: read them to EOF like stdin.
    const std::uintmax_t size =
        std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
    if (size > kMaxFileBytes) {
      *error = "file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB";
      return false;
    }
    file.open(path, std::ios::binary);
    if (!file) {
      std::error_code exists_ec;
      *error = std::filesystem::exists(path, exists_ec)
                   ? "cannot read file: permission denied or not readable"
                   : "cannot read file: no such file or directory";
      return false;
    }
    contents->reserve(static_cast<size_t>(size));
    in = &file;
  }
  contents->clear();
  std::array<char, 1 << 16> chunk{};
  while (*in) {
    in->read(chunk.data(), chunk.size());
    contents->append(chunk.data(), static_cast<size_t>(in->gcount()));
    if (contents->size() > kMaxFileBytes) {
      *error = "input is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB";
      return false;
    }
  }
  if (in->bad()) {
    *error = "cannot read file: read error";
    return false;
  }
  return true;
}

namespace {

// Walks `root` depth-first, in sorted order; unreadable directories become errors and the walk
// goes on. Symbolic links to directories are not followed (no cycles).
void WalkDirectory(const std::filesystem::path& root, std::vector<std::string>* files,
                   std::vector<InputError>* errors, const WalkFilter& filter) {
  std::error_code ec;
  std::vector<std::filesystem::path> subdirs;
  std::vector<std::string> found;
  std::filesystem::directory_iterator it(root, ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::filesystem::directory_entry& entry = *it;
    std::error_code entry_ec;
    if (entry.is_directory(entry_ec) && !entry.is_symlink(entry_ec)) {
      if (!IsSkippedDirectory(entry.path()) && (!filter || filter(entry.path(), true))) {
        subdirs.push_back(entry.path());
      }
    } else if (entry.is_regular_file(entry_ec) && IsScannable(entry.path()) &&
               (!filter || filter(entry.path(), false))) {
      found.push_back(entry.path().string());
    }
  }
  if (ec) {
    errors->push_back({root.string(), std::nullopt, "cannot read directory: " + ec.message()});
  }
  std::sort(found.begin(), found.end());
  std::sort(subdirs.begin(), subdirs.end());
  files->insert(files->end(), found.begin(), found.end());
  for (const std::filesystem::path& dir : subdirs) {
    WalkDirectory(dir, files, errors, filter);
  }
}

}  // namespace

std::vector<std::string> CollectFiles(const std::vector<std::string>& paths,
                                      std::vector<InputError>* errors, const WalkFilter& filter) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_directory(path, ec)) {
      files.push_back(path);  // named explicitly: scanned whatever its extension
      continue;
    }
    WalkDirectory(path, &files, errors, filter);
  }
  return files;
}

}  // namespace iamlint::cli
