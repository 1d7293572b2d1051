#include <algorithm>
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
  return ext == ".json";
}

bool IsSkippedDirectory(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return (name.size() > 1 && name[0] == '.') || name == "node_modules";
}

}  // namespace

bool ReadInput(const std::string& path, std::string* contents, std::string* error) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    *contents = buffer.str();
    return true;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *error = "is a directory";
    return false;
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = "cannot read file: " + ec.message();
    return false;
  }
  if (size > kMaxFileBytes) {
    *error = "file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open file";
    return false;
  }
  contents->resize(size);
  in.read(contents->data(), static_cast<std::streamsize>(size));
  contents->resize(static_cast<size_t>(in.gcount()));
  return true;
}

std::vector<std::string> CollectFiles(const std::vector<std::string>& paths,
                                      std::vector<InputError>* errors) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_directory(path, ec)) {
      files.push_back(path);  // named explicitly: scanned whatever its extension
      continue;
    }
    std::vector<std::string> found;
    auto it = std::filesystem::recursive_directory_iterator(
        path, std::filesystem::directory_options::skip_permission_denied, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && IsSkippedDirectory(it->path())) {
        it.disable_recursion_pending();
      } else if (it->is_regular_file(ec) && IsScannable(it->path())) {
        found.push_back(it->path().string());
      }
    }
    if (ec) {
      errors->push_back({path, std::nullopt, "cannot walk directory: " + ec.message()});
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace iamlint::cli
