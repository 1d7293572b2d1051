// iamlint: offline static analysis of AWS IAM policies.

#include <exception>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/lsp/server.h"
#include <unistd.h>

namespace {

using iamlint::cli::kExitError;

constexpr const char* kExamples = R"(
Examples:
  iamlint check policy.json               lint one policy
  iamlint check infra/ --fail-on high     lint a tree; exit 1 only on high or critical
  iamlint check --format json policies/   machine-readable findings (schema 1)
  iamlint expand 's3:Get*' 'iam:*Policy*' list what wildcards grant
  iamlint normalize policy.json           canonical form, stable for diffs
  iamlint explain --principal aws_iam_role.ci infra/
                                          what a role really grants, all its policies joined
  iamlint diff old.json new.json          the access a change adds (exit 1) and removes
  iamlint diff --base origin/main infra/  the working tree against a git revision
  iamlint rules IAM201                    a rule's documentation
  iamlint config --show infra/            the .iamlint.yaml settings that apply there
  iamlint lsp                             language server for editors (stdio)
  iamlint unused --account-details auth.json trail/ --credential-report creds.csv
                                          granted but unused: actions, principals, keys
  iamlint generate --principal ROLE_ARN --account-details auth.json trail/
                                          least-privilege policy from CloudTrail activity

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or input errors.
)";

/// Every option of every subcommand, filled by CLI11.
struct Options {
  std::string catalog_file;
  bool show_version = false;
  iamlint::cli::CheckOptions check;
  iamlint::cli::ExplainOptions explain;
  iamlint::cli::DiffOptions diff;
  iamlint::cli::ConfigOptions config;
  iamlint::cli::ActivityOptions unused;
  iamlint::cli::ActivityOptions generate;
  bool config_show = false;
  std::vector<std::string> patterns;
  std::string expand_format = "text";
  std::string normalize_path;
  std::string normalize_kind;
  std::string rule_name;
  std::string rules_format = "text";
  std::string docs_dir;
  bool lsp_stdio = false;  // accepted and ignored: stdio is the only transport
};

/// The subcommands, to see which one was given.
struct Commands {
  CLI::App* check = nullptr;
  CLI::App* expand = nullptr;
  CLI::App* normalize = nullptr;
  CLI::App* rules = nullptr;
  CLI::App* explain = nullptr;
  CLI::App* diff = nullptr;
  CLI::App* config = nullptr;
  CLI::App* lsp = nullptr;
  CLI::App* unused = nullptr;
  CLI::App* generate = nullptr;
};

// Options that say what the policies run under, shared by check and explain.
void AddContextOptions(CLI::App* cmd, iamlint::cli::CheckOptions& o) {
  // One value per flag (repeatable, or comma-separated): never the paths that follow.
  cmd->add_option("--account", o.accounts,
                  "Home account id(s): grants to other accounts are cross-account")
      ->allow_extra_args(false)
      ->delimiter(',');
  cmd->add_option("--trusted-account", o.trusted_accounts,
                  "Account id(s) trusted like home accounts")
      ->allow_extra_args(false)
      ->delimiter(',');
  cmd->add_option("--trusted-org", o.trusted_orgs,
                  "Organization id(s) (o-...) whose aws:PrincipalOrgID conditions are trusted")
      ->allow_extra_args(false)
      ->delimiter(',');
  cmd->add_option("--boundary", o.boundaries,
                  "Permissions boundary policy (JSON) every identity policy is judged within")
      ->allow_extra_args(false);
  cmd->add_option("--scp", o.scps, "Service control policy (JSON) that applies to every principal")
      ->allow_extra_args(false);
}

// --config FILE and --no-config, shared by check and config.
void AddConfigFileOptions(CLI::App* cmd, std::string& file, bool& none) {
  CLI::Option* config = cmd->add_option(
      "--config", file,
      "Use this configuration file for every path (patterns relative to the current directory) "
      "instead of the nearest .iamlint.yaml/.yml/.json");
  cmd->add_flag("--no-config", none, "Ignore configuration files")->excludes(config);
}

CLI::App* AddCheck(CLI::App& app, iamlint::cli::CheckOptions& check) {
  CLI::App* cmd = app.add_subcommand("check", "Lint IAM policies in files and directories");
  cmd->add_option("paths", check.paths, "Files, directories (walked recursively) or - for stdin");
  cmd->add_option("--format,-f", check.format, "Output format")
      ->check(CLI::IsMember(
          {"text", "json", "sarif", "github", "rdjson", "rdjsonl", "junit", "gitlab"}));
  cmd->add_option("--fail-on", check.fail_on,
                  "Exit 1 when a finding is at least this severe (critical|high|medium|low|info)")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}))
      ->each([&check](const std::string&) { check.fail_on_given = true; });
  cmd->add_option("--policy-kind", check.policy_kind,
                  "Kind of raw JSON policies (otherwise inferred)")
      ->check(CLI::IsMember({"identity", "resource", "trust", "scp", "rcp", "boundary"}));
  cmd->add_option("--rule", check.rules,
                  "Run only this rule (id or name; repeatable, or comma-separated)")
      ->allow_extra_args(false)
      ->delimiter(',');
  cmd->add_option("--output,-o", check.output, "Write the --format output to FILE, not stdout");
  for (const char* format : {"sarif", "json", "junit", "gitlab"}) {
    cmd->add_option_function<std::string>(
           std::string("--") + format,
           [&check, format](const std::string& file) {
             check.extra_outputs.emplace_back(format, file);
           },
           std::string("Also write the ") + format + " output to FILE")
        ->type_name("FILE")
        ->allow_extra_args(false);
  }
  cmd->add_option("--baseline", check.baseline,
                  "Report only findings not recorded in this baseline file");
  cmd->add_option("--write-baseline", check.write_baseline,
                  "Record the current findings (by fingerprint) in FILE");
  cmd->add_option("--changed-since", check.changed_since,
                  "Only files and lines changed since this git revision (and untracked files)");
  cmd->add_flag("--report-unused-suppressions", check.report_unused_suppressions,
                "Report suppression directives that suppress nothing (IAM902)");
  cmd->add_flag("--quiet,-q", check.quiet, "Only the finding lines");
  cmd->add_option("--var-file", check.var_files,
                  "Terraform variable values (.tfvars), applied after terraform.tfvars and "
                  "*.auto.tfvars");
  cmd->add_flag("--allow-outside-root", check.allow_outside_root,
                "Let Terraform file()/templatefile() read files outside the scanned root "
                "(off: scanning untrusted code must not leak files)");
  cmd->add_flag("--no-color", check.no_color, "No colours (also when NO_COLOR is set)");
  cmd->add_option("--account-details", check.account_details,
                  "Analyse every user, group and role of an account snapshot (the JSON of `aws "
                  "iam get-account-authorization-details`), and the paths between them")
      ->type_name("FILE")
      ->allow_extra_args(false);
  AddContextOptions(cmd, check);
  AddConfigFileOptions(cmd, check.config_file, check.no_config);
  cmd->add_flag("--force-exclude", check.force_exclude,
                "Apply the configuration's exclude and include to files named on the command "
                "line too (for pre-commit hooks and editors)");
  return cmd;
}

CLI::App* AddDiff(CLI::App& app, iamlint::cli::DiffOptions& d) {
  CLI::App* cmd = app.add_subcommand(
      "diff", "The access a change grants: OLD NEW, or the working tree against --base REV");
  cmd->add_option("paths", d.scan.paths,
                  "OLD NEW (two files or two directories), or with --base the paths to compare");
  cmd->add_option("--base", d.base, "Compare the working tree with this git revision");
  cmd->add_option("--format,-f", d.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_option("--allow", d.allow,
                  "Accept new access to these actions: [SCOPE=]PATTERN, e.g. 's3:Get*' or "
                  "'aws_iam_policy.ci*=sqs:*' (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--policy-kind", d.scan.policy_kind,
                  "Kind of raw JSON policies (otherwise inferred)")
      ->check(CLI::IsMember({"identity", "resource", "trust", "scp", "rcp", "boundary"}));
  cmd->add_option("--var-file", d.scan.var_files, "Terraform variable values")
      ->allow_extra_args(false);
  return cmd;
}

CLI::App* AddConfig(CLI::App& app, Options& o) {
  CLI::App* cmd = app.add_subcommand(
      "config", "Show the configuration (.iamlint.yaml) that applies to a file or directory");
  cmd->add_flag("--show", o.config_show, "Print the effective configuration (the default)");
  cmd->add_option("path", o.config.path, "File or directory (default: the current directory)");
  cmd->add_option("--format,-f", o.config.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  AddConfigFileOptions(cmd, o.config.config_file, o.config.no_config);
  return cmd;
}

// Inputs and window shared by unused and generate.
void AddActivityOptions(CLI::App* cmd, iamlint::cli::ActivityOptions& o) {
  cmd->add_option("logs", o.logs,
                  "CloudTrail files (.json, .json.gz, JSON lines) or directories (walked)");
  cmd->add_option("--account-details", o.account_details,
                  "Account snapshot: the output of `aws iam get-account-authorization-details`");
  cmd->add_option("--last-accessed", o.last_accessed,
                  "Last-accessed report (`aws iam get-service-last-accessed-details`), as FILE "
                  "or ARN=FILE (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--since", o.since, "Start of the window (YYYY-MM-DD or ISO 8601 UTC)");
  cmd->add_option("--until", o.until, "End of the window, excluded (default: now)");
  cmd->add_option("--days", o.days, "Length of the window without --since (default 90)")
      ->check(CLI::Range(1, 3650));
  cmd->add_option("--output,-o", o.output, "Write to FILE, not stdout");
}

Commands AddCommands(CLI::App& app, Options& o) {
  Commands c;
  c.check = AddCheck(app, o.check);
  c.config = AddConfig(app, o);
  c.diff = AddDiff(app, o.diff);
  c.expand = app.add_subcommand("expand", "List the actions that action patterns grant");
  c.expand->add_option("patterns", o.patterns, "Action patterns such as s3:Get*")->required();
  c.expand->add_option("--format,-f", o.expand_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  c.normalize =
      app.add_subcommand("normalize", "Print a policy in canonical form (stable for diffing)");
  c.normalize->add_option("file", o.normalize_path, "Policy JSON file, or - for stdin")->required();
  c.normalize->add_option("--policy-kind", o.normalize_kind, "Kind of the policy");
  c.explain = app.add_subcommand(
      "explain", "What a policy, or a principal with all its policies, really grants");
  c.explain->add_option("paths", o.explain.scan.paths, "Files or directories")->required();
  c.explain->add_option("--principal", o.explain.principal,
                        "Explain this role, user or group (address or name) with all its "
                        "policies, attached and AWS managed ones included");
  c.explain
      ->add_option("--policy-kind", o.explain.scan.policy_kind,
                   "Kind of raw JSON policies (otherwise inferred)")
      ->check(CLI::IsMember({"identity", "resource", "trust", "scp", "rcp", "boundary"}));
  c.explain->add_option("--var-file", o.explain.scan.var_files, "Terraform variable values")
      ->allow_extra_args(false);
  AddContextOptions(c.explain, o.explain.scan);
  c.rules = app.add_subcommand("rules", "List rules, or show one rule's documentation");
  c.rules->add_option("rule", o.rule_name, "Rule id or name");
  c.rules->add_option("--format,-f", o.rules_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  c.rules->add_option("--write-docs", o.docs_dir, "Write one Markdown page per rule into DIR");
  c.unused = app.add_subcommand(
      "unused", "Granted but unused: permissions, principals, passwords and access keys");
  AddActivityOptions(c.unused, o.unused);
  c.unused->add_option("--credential-report", o.unused.credential_report,
                       "IAM credential report (CSV) for unused passwords and access keys");
  c.unused
      ->add_option("--credential-days", o.unused.credential_days,
                   "Report passwords and keys unused this many days (default 90)")
      ->check(CLI::Range(1, 3650));
  c.unused->add_option("--principal", o.unused.principals, "Only this user or role (repeatable)")
      ->allow_extra_args(false);
  c.unused->add_option("--format,-f", o.unused.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  c.unused->add_flag("--verbose,-v", o.unused.verbose, "List every unused action");
  c.generate = app.add_subcommand(
      "generate", "Write a least-privilege policy from what a principal did (CloudTrail)");
  AddActivityOptions(c.generate, o.generate);
  o.generate.format = "json";
  c.generate
      ->add_option("--principal", o.generate.principals,
                   "The user or role (ARN, or name in --account-details; repeatable)")
      ->allow_extra_args(false);
  c.generate->add_flag("--all", o.generate.all, "Every user and role that made a call");
  c.generate->add_option("--output-dir", o.generate.output_dir,
                         "Write one file per principal into DIR (role-NAME.json, .tf, .yaml)");
  c.generate->add_option("--format,-f", o.generate.format, "Output format")
      ->check(CLI::IsMember({"json", "terraform", "cloudformation"}));
  c.generate->add_option("--name", o.generate.name,
                         "Name of the Terraform data source or CloudFormation resource");
  c.generate->add_flag("--no-bound", o.generate.no_bound,
                       "Do not limit the policy to what the principal's current policies grant");
  c.generate->add_flag("--quiet,-q", o.generate.quiet, "No notes on stderr");
  c.lsp = app.add_subcommand("lsp", "Run the language server (LSP 3.17 over stdin/stdout)");
  // Editors' generic clients pass --stdio by habit; stdio is what the server speaks anyway.
  c.lsp->add_flag("--stdio", o.lsp_stdio, "Talk over stdin and stdout (the default and only way)");
  return c;
}

int Dispatch(const CLI::App& app, const Commands& c, const Options& o) {
  std::optional<iamlint::catalog::Catalog> loaded;
  if (!o.catalog_file.empty()) {
    std::string error;
    loaded = iamlint::catalog::Catalog::LoadFile(o.catalog_file, &error);
    if (!loaded) {
      std::cerr << o.catalog_file << ": error: cannot load catalog: " << error << '\n';
      return kExitError;
    }
  }
  const iamlint::catalog::Catalog& cat = loaded ? *loaded : iamlint::catalog::Catalog::Embedded();
  if (o.show_version) {
    std::cout << "iamlint " << IAMLINT_VERSION << "\ncatalog: " << cat.source() << ' '
              << cat.version() << " (data of " << cat.data_date() << "), " << cat.service_count()
              << " services, " << cat.action_count() << " actions\n";
    return 0;
  }
  if (*c.check) {
    return iamlint::cli::RunCheck(cat, o.check);
  }
  if (*c.config) {
    return iamlint::cli::RunConfig(o.config);
  }
  if (*c.diff) {
    return iamlint::cli::RunDiff(cat, o.diff);
  }
  if (*c.explain) {
    return iamlint::cli::RunExplain(cat, o.explain);
  }
  if (*c.expand) {
    return iamlint::cli::RunExpand(cat, o.patterns, o.expand_format);
  }
  if (*c.normalize) {
    return iamlint::cli::RunNormalize(cat, o.normalize_path, o.normalize_kind);
  }
  if (*c.unused) {
    return iamlint::cli::RunUnused(cat, o.unused);
  }
  if (*c.generate) {
    return iamlint::cli::RunGenerate(cat, o.generate);
  }
  if (*c.lsp) {
    return iamlint::lsp::RunLanguageServer(cat, STDIN_FILENO, STDOUT_FILENO);
  }
  if (*c.rules) {
    if (!o.docs_dir.empty()) {
      return iamlint::cli::WriteRuleDocs(o.docs_dir);
    }
    return iamlint::cli::RunRules(o.rule_name, o.rules_format);
  }
  std::cout << app.help();
  return kExitError;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    CLI::App app{"iamlint: offline linter and analyzer for AWS IAM policies", "iamlint"};
    app.footer(kExamples);
    app.require_subcommand(0, 1);
    app.fallthrough();
    Options options;
    app.add_option("--catalog", options.catalog_file,
                   "Use this catalog (snapshot JSON or packed) instead of the embedded one");
    app.add_flag("--version", options.show_version, "Print the version and the catalog date");
    const Commands commands = AddCommands(app, options);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      return app.exit(e) == 0 ? 0 : kExitError;
    }
    return Dispatch(app, commands, options);
  } catch (const std::exception& e) {
    std::cerr << "iamlint: internal error, please report it: " << e.what() << '\n';
    return kExitError;
  }
}
