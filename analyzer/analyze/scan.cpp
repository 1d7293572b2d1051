#include "analyzer/analyze/scan.h"

#include <algorithm>
#include <filesystem>

#include "analyzer/analyze/principals.h"
#include "analyzer/extract/cloudformation.h"
#include "analyzer/extract/terraform.h"
#include "analyzer/extract/yaml.h"
#include "analyzer/normalize/normalize.h"
#include "analyzer/parse/json.h"

namespace iamlint {

namespace {

// Principal-level analysis of the policies and principals added to `result` since `first_policy`
// and `first_principal` (one template or one module in a single file).
void AnalyzeAddedPrincipals(FileResult& result, size_t first_policy, size_t first_principal,
                            const SourceFile& file, catalog::ActionMatcher& matcher,
                            const ScanOptions& options) {
  std::vector<SourcePolicy> policies;
  for (size_t i = first_policy; i < result.policies.size(); ++i) {
    policies.push_back({&file, &result.policies[i]});
  }
  std::vector<PrincipalGroup> added(
      std::make_move_iterator(result.principals.begin() + static_cast<long>(first_principal)),
      std::make_move_iterator(result.principals.end()));
  result.principals.resize(first_principal);
  AnalyzePrincipals(added, policies, matcher, options.rules);
  for (PrincipalGroup& g : added) {
    result.principals.push_back(std::move(g));
  }
}

}  // namespace

FileResult ScanJsonFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                        const ScanOptions& options) {
  FileResult result;
  const parse::JsonParseResult parsed = parse::ParseJson(file.text());
  if (parsed.error) {
    result.errors.push_back({file.path(), parsed.error->range, parsed.error->message});
    return result;
  }
  const parse::JsonDocument& doc = *parsed.document;
  if (extract::LooksLikeTerraformPlan(doc)) {
    extract::Extraction plan = extract::ExtractTerraformPlan(file, doc);
    result.errors = std::move(plan.errors);
    for (extract::ExtractedPolicy& p : plan.policies) {
      result.policies.push_back(AnalyzeExtracted(p, matcher, options));
    }
    return result;
  }
  if (doc.type(doc.root()) == parse::JsonType::kObject &&
      (doc.Find(doc.root(), "AWSTemplateFormatVersion") || doc.Find(doc.root(), "Resources"))) {
    const extract::Value root = extract::ValueFromJsonSource(file, doc, doc.root());
    if (extract::LooksLikeTemplate(root)) {
      extract::Extraction cfn = extract::ExtractCloudFormation(file, root);
      result.errors = std::move(cfn.errors);
      for (extract::ExtractedPolicy& p : cfn.policies) {
        result.policies.push_back(AnalyzeExtracted(p, matcher, options));
      }
      for (extract::ExtractedPrincipal& p : cfn.principals) {
        result.principals.push_back({std::move(p), {}});
      }
      AnalyzeAddedPrincipals(result, 0, 0, file, matcher, options);
      return result;
    }
  }
  if (!LooksLikePolicy(doc, doc.root())) {
    result.not_a_policy = true;
    return result;
  }
  PolicyResult& policy_result = result.policies.emplace_back();
  policy_result.policy = NormalizePolicy(doc, doc.root(), {options.kind, file.path()});
  policy_result.findings = AnalyzePolicy(file, policy_result.policy, matcher, options.rules);
  return result;
}

FileResult ScanYamlFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                        const ScanOptions& options) {
  FileResult result;
  extract::YamlStream yaml = extract::ReadYaml(file);
  bool any_template = false;
  for (const extract::Value& doc : yaml.documents) {
    if (!extract::LooksLikeTemplate(doc)) {
      continue;
    }
    any_template = true;
    extract::Extraction cfn = extract::ExtractCloudFormation(file, doc);
    for (InputError& e : cfn.errors) {
      result.errors.push_back(std::move(e));
    }
    const size_t first_policy = result.policies.size();
    const size_t first_principal = result.principals.size();
    for (extract::ExtractedPolicy& p : cfn.policies) {
      result.policies.push_back(AnalyzeExtracted(p, matcher, options));
    }
    for (extract::ExtractedPrincipal& p : cfn.principals) {
      result.principals.push_back({std::move(p), {}});
    }
    AnalyzeAddedPrincipals(result, first_policy, first_principal, file, matcher, options);
  }
  // Syntax errors matter in templates; other YAML (CI configs, manifests) is not ours to judge.
  const bool template_like =
      any_template || file.text().find("AWSTemplateFormatVersion") != std::string_view::npos ||
      file.text().find("AWS::") != std::string_view::npos;
  if (template_like) {
    result.errors.insert(result.errors.begin(), yaml.errors.begin(), yaml.errors.end());
  }
  result.not_a_policy = !any_template && !template_like;
  return result;
}

FileResult ScanTerraformFile(const SourceFile& file, catalog::ActionMatcher& matcher,
                             const ScanOptions& options) {
  FileResult result;
  extract::TerraformOptions tf;
  tf.root = std::filesystem::path(file.path()).parent_path();
  extract::Extraction extraction = extract::ExtractTerraformModule({&file}, tf);
  result.errors = std::move(extraction.errors);
  for (extract::ExtractedPolicy& p : extraction.policies) {
    if (p.file == &file) {
      result.policies.push_back(AnalyzeExtracted(p, matcher, options));
    }
  }
  for (extract::ExtractedPrincipal& p : extraction.principals) {
    result.principals.push_back({std::move(p), {}});
  }
  AnalyzeAddedPrincipals(result, 0, 0, file, matcher, options);
  return result;
}

namespace {

// The resource type of a Terraform address: "aws_s3_bucket_policy" for
// "module.a.aws_s3_bucket_policy.b" (a data source's type too); empty when it is not one.
std::string TerraformResourceType(std::string_view address) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= address.size()) {
    const size_t dot = address.find('.', start);
    parts.push_back(address.substr(
        start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  size_t i = 0;
  while (i + 1 < parts.size() && parts[i] == "module") {
    i += 2;
  }
  if (i < parts.size() && parts[i] == "data") {
    ++i;
  }
  return i + 1 < parts.size() && parts[i].starts_with("aws_") ? std::string(parts[i]) : "";
}

}  // namespace

PolicyResult AnalyzeExtracted(extract::ExtractedPolicy& extracted, catalog::ActionMatcher& matcher,
                              const ScanOptions& options) {
  PolicyResult result;
  const PolicyKind kind = options.kind != PolicyKind::kUnknown ? options.kind : extracted.kind;
  if (extracted.document) {
    const parse::JsonDocument& doc = *extracted.document;
    result.policy = NormalizePolicy(doc, doc.root(), {kind, extracted.address});
  } else {
    result.policy.kind = kind;
    result.policy.name = extracted.address;
    result.policy.resolved = false;
  }
  result.policy.address = extracted.address;
  result.policy.attribute = extracted.attribute;
  result.policy.generated = extracted.generated;
  result.policy.holder_type = extracted.holder_type.empty()
                                  ? TerraformResourceType(extracted.address)
                                  : extracted.holder_type;
  result.policy.principal = extracted.principal;
  result.policy.note = extracted.note;
  result.policy.construct = extracted.construct;
  if (extracted.document) {
    result.findings = AnalyzePolicy(*extracted.file, result.policy, matcher, options.rules);
    // Statements expanded from one source (dynamic blocks, for expressions) share positions:
    // the same finding at the same place is reported once.
    std::vector<Finding>& fs = result.findings;
    fs.erase(std::unique(fs.begin(), fs.end(),
                         [](const Finding& a, const Finding& b) {
                           return a.range == b.range && a.rule_id == b.rule_id &&
                                  a.message == b.message;
                         }),
             fs.end());
  } else if (const Rule* rule = FindRule("IAM001");
             rule != nullptr &&
             (options.rules.only.empty() ||
              std::any_of(options.rules.only.begin(), options.rules.only.end(),
                          [&](const std::string& r) { return FindRule(r) == rule; }))) {
    Finding& f = result.findings.emplace_back();
    f.rule_id = rule->info.id;
    f.rule_name = rule->info.name;
    f.category = rule->info.category;
    f.severity = rule->info.severity;
    f.range = extracted.unresolved_range;
    f.message = extracted.address + "." + extracted.attribute +
                " is not analysed: " + extracted.unresolved_reason;
    f.help =
        "give the value a default or a terraform.tfvars entry, or scan the plan JSON "
        "(terraform show -json)";
  }
  return result;
}

}  // namespace iamlint
