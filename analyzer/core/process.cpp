#include "analyzer/core/process.h"

#include <array>
#include <cerrno>

#include "analyzer/core/strings.h"
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace iamlint {

namespace {

void SetError(std::string* error, std::string text) {
  if (error != nullptr) {
    *error = std::move(text);
  }
}

std::string ReadAll(int fd) {
  std::string output;
  std::array<char, 65536> buffer{};
  for (ssize_t n = 0; (n = read(fd, buffer.data(), buffer.size())) != 0;) {
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    output.append(buffer.data(), static_cast<size_t>(n));
  }
  return output;
}

}  // namespace

std::optional<std::string> RunProgram(const std::vector<std::string>& argv, std::string* error,
                                      bool quiet) {
  std::array<int, 2> out{};
  if (argv.empty() || pipe(out.data()) != 0) {
    SetError(error, "cannot create a pipe");
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  }
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
    SetError(error, Concat({"cannot run ", argv[0]}));
    return std::nullopt;
  }
  std::string output = ReadAll(out[0]);
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    SetError(error, Concat({argv[0], argv.size() > 1 ? " " : "", argv.size() > 1 ? argv[1] : "",
                            " failed"}));
    return std::nullopt;
  }
  return output;
}

}  // namespace iamlint
