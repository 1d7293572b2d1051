// `iamlint config --show [PATH]`: the configuration that applies to PATH, as `check` would
// use it, and the file it came from.

#include <iostream>

#include "analyzer/cli/check_config.h"
#include "analyzer/config/show.h"

namespace iamlint::cli {

int RunConfig(const ConfigOptions& options) {
  CheckOptions check;
  check.config_file = options.config_file;
  check.no_config = options.no_config;
  config::Resolver resolver = MakeResolver(check);
  std::error_code ec;
  const bool dir = std::filesystem::is_directory(options.path, ec);
  const config::Config* found =
      dir ? resolver.ForDirectory(options.path) : resolver.ForFile(options.path);
  if (!resolver.errors().empty()) {
    for (const config::ConfigError& e : resolver.errors()) {
      std::cerr << e.Format() << '\n';
    }
    return kExitError;
  }
  if (options.format == "json") {
    config::WriteShowJson(std::cout, found, options.path);
  } else {
    config::WriteShowYaml(std::cout, found, options.path);
  }
  return kExitClean;
}

}  // namespace iamlint::cli
