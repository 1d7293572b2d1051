// iamlint: offline static analysis of AWS IAM policies.

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "analyzer/cli/commands.h"

namespace {

constexpr const char* kExamples = R"(
Examples:
  iamlint check policy.json               lint one policy
  iamlint check infra/ --fail-on high     lint a tree; exit 1 only on high or critical
  iamlint check --format json policies/   machine-readable findings (schema 1)
  iamlint expand 's3:Get*' 'iam:*Policy*' list what wildcards grant
  iamlint normalize policy.json           canonical form, stable for diffs
  iamlint rules IAM201                    a rule's documentation

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or input errors.
)";

}  // namespace

int main(int argc, char** argv) {
  using iamlint::cli::kExitError;
  CLI::App app{"iamlint: offline linter and analyzer for AWS IAM policies", "iamlint"};
  app.footer(kExamples);
  app.require_subcommand(0, 1);
  app.fallthrough();
  std::string catalog_file;
  app.add_option("--catalog", catalog_file, "Use this catalog snapshot instead of the embedded one");
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the version and the catalog date");

  iamlint::cli::CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Lint IAM policies in files and directories");
  check_cmd->add_option("paths", check.paths, "Files, directories (walked recursively) or - for stdin");
  check_cmd->add_option("--format,-f", check.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--fail-on", check.fail_on,
                        "Exit 1 when a finding is at least this severe (critical|high|medium|low|info)")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  check_cmd->add_option("--policy-kind", check.policy_kind,
                        "Kind of raw JSON policies (otherwise inferred)")
      ->check(CLI::IsMember({"identity", "resource", "trust", "scp", "rcp", "boundary"}));
  check_cmd->add_option("--rule", check.rules, "Run only this rule (id or name; repeatable, or comma-separated)")
      ->allow_extra_args(false)
      ->delimiter(',');
  check_cmd->add_flag("--quiet,-q", check.quiet, "Only the finding lines");
  check_cmd->add_flag("--no-color", check.no_color, "No colours (also when NO_COLOR is set)");

  std::vector<std::string> patterns;
  std::string expand_format = "text";
  CLI::App* expand_cmd = app.add_subcommand("expand", "List the actions that action patterns grant");
  expand_cmd->add_option("patterns", patterns, "Action patterns such as s3:Get*")->required();
  expand_cmd->add_option("--format,-f", expand_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));

  std::string normalize_path;
  std::string normalize_kind;
  CLI::App* normalize_cmd =
      app.add_subcommand("normalize", "Print a policy in canonical form (stable for diffing)");
  normalize_cmd->add_option("file", normalize_path, "Policy JSON file, or - for stdin")->required();
  normalize_cmd->add_option("--policy-kind", normalize_kind, "Kind of the policy");

  std::string rule_name;
  std::string rules_format = "text";
  CLI::App* rules_cmd = app.add_subcommand("rules", "List rules, or show one rule's documentation");
  rules_cmd->add_option("rule", rule_name, "Rule id or name");
  rules_cmd->add_option("--format,-f", rules_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitError;
  }

  std::optional<iamlint::catalog::Catalog> loaded;
  if (!catalog_file.empty()) {
    std::string error;
    loaded = iamlint::catalog::Catalog::LoadFile(catalog_file, &error);
    if (!loaded) {
      std::cerr << catalog_file << ": error: cannot load catalog: " << error << '\n';
      return kExitError;
    }
  }
  const iamlint::catalog::Catalog& cat = loaded ? *loaded : iamlint::catalog::Catalog::Embedded();

  if (show_version) {
    std::cout << "iamlint " << IAMLINT_VERSION << "\ncatalog: " << cat.source() << ' '
              << cat.version() << " (data of " << cat.data_date() << "), "
              << cat.service_count() << " services, " << cat.action_count() << " actions\n";
    return 0;
  }
  if (*check_cmd) {
    return iamlint::cli::RunCheck(cat, check);
  }
  if (*expand_cmd) {
    return iamlint::cli::RunExpand(cat, patterns, expand_format);
  }
  if (*normalize_cmd) {
    return iamlint::cli::RunNormalize(cat, normalize_path, normalize_kind);
  }
  if (*rules_cmd) {
    return iamlint::cli::RunRules(rule_name, rules_format);
  }
  std::cout << app.help();
  return kExitError;
}
