#pragma once
// Running a program (git) and reading what it prints, without a shell.

#include <optional>
#include <string>
#include <vector>

namespace iamlint {

/// Runs `argv` (no shell; `argv[0]` is looked up in PATH) and returns its standard output;
/// nullopt when it cannot run or exits with a failure, and then `*error` (when given) says so.
/// With `quiet`, the program's standard error goes to /dev/null.
std::optional<std::string> RunProgram(const std::vector<std::string>& argv,
                                      std::string* error = nullptr, bool quiet = false);

}  // namespace iamlint
