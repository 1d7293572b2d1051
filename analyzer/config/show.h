#pragma once
// `iamlint config --show`: the effective configuration for one path, as YAML (which is itself a
// valid configuration, with comments) or JSON.

#include <filesystem>
#include <ostream>

#include "analyzer/config/config.h"

namespace iamlint::config {

/// Writes the configuration `config` (null: the defaults) as it applies to `target`, in YAML.
void WriteShowYaml(std::ostream& out, const Config* config, const std::filesystem::path& target);
/// The same as a JSON document, every rule listed with its effective setting.
void WriteShowJson(std::ostream& out, const Config* config, const std::filesystem::path& target);

}  // namespace iamlint::config
