#include "analyzer/diff/git_revision.h"

#include <array>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>

#include "analyzer/core/strings.h"
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace iamlint::diff {
namespace {

namespace fs = std::filesystem;

// Runs `argv` (no shell; stderr discarded) and returns its standard output; nullopt when it
// cannot run or exits with a failure.
std::optional<std::string> Run(const std::vector<std::string>& argv) {
  std::array<int, 2> out{};
  if (pipe(out.data()) != 0) {
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return std::nullopt;
  }
  std::string output;
  std::array<char, 65536> buffer{};
  for (ssize_t n = 0; (n = read(out[0], buffer.data(), buffer.size())) != 0;) {
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    output.append(buffer.data(), static_cast<size_t>(n));
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return std::nullopt;
  }
  return output;
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
