// OIDC web-identity trust without a subject (or audience) condition.

#include <algorithm>
#include <array>
#include <optional>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"MISSING_GITHUB_REPO_CONDITION_KEY", "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
     "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", "WILDCARD_USAGE_TOO_PERMISSIVE"});

constexpr RuleInfo kInfo{
    .id = "IAM250",
    .name = "open-web-identity-trust",
    .category = Category::kPublicAccess,
    .severity = Severity::kCritical,
    .summary =
        "A role trusts an OIDC provider without limiting which identities of it may "
        "assume the role.",
    .doc = R"md(
## What it flags
A trust policy statement that allows a `Federated` OIDC principal without a condition that
names the identities:
- GitHub Actions (`token.actions.githubusercontent.com`): no test on
  `token.actions.githubusercontent.com:sub`, or a `sub` pattern that matches every
  repository (`*`, `repo:*`): critical; one that matches every repository of an
  organization (`repo:org/*`): medium; every branch, tag, environment and pull request of
  one repository (`repo:org/app:*`): low.
- Terraform Cloud (`app.terraform.io`), GitLab (`gitlab.com`), Buildkite and other CI
  providers: no `<provider>:sub` test, or `*`: critical.
- Amazon Cognito (`cognito-identity.amazonaws.com`): no `cognito-identity.amazonaws.com:aud`
  test naming the identity pool: critical (any identity pool of any account).
- Amazon EKS (`oidc.eks.<region>.amazonaws.com/id/<id>`) and other providers: no `:sub`
  test: high (every workload the provider issues tokens to).

## Why it matters
The provider signs tokens for every one of its users: every GitHub repository in the world
gets tokens from the same issuer. Without a subject condition, anybody who can run a
workflow, or open an account at the provider, can assume the role.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
   "Principal": {"Federated":
     "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
   "Condition": {"StringEquals": {
     "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
   "Principal": {"Federated":
     "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
   "Condition": {"StringEquals": {
     "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
     "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}}]}
```

## Exceptions and limits
`StringLike` patterns are judged by their wildcards (`*` and `?`); `StringEquals` values are
literal. Several tests on the claim all apply, so the narrowest decides; a negated test
(`StringNotEquals`) or one under `ForAllValues:` (which holds when the claim is missing)
narrows nothing. GitLab (`project_path:group/project:...`), Terraform Cloud
(`organization:org:...`) and EKS (`system:serviceaccount:namespace:name`) subjects are
judged by the same owner-first shape. A subject pattern with fewer than six literal characters
before its first wildcard is tagged as Access Analyzer's "wildcard usage too permissive" check,
which iamlint applies to web-identity subjects only.

## References
- https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
- https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
)md",
    .aws_checks = kChecks};

// The provider a Federated principal names: the host path after "oidc-provider/", or the
// value itself for the built-in providers; "" for SAML and others.
std::string_view Provider(std::string_view value) {
  constexpr std::string_view kOidc = ":oidc-provider/";
  const size_t at = value.find(kOidc);
  if (at != std::string_view::npos) {
    return value.substr(at + kOidc.size());
  }
  if (value == "cognito-identity.amazonaws.com" || value == "accounts.google.com" ||
      value == "graph.facebook.com" || value == "www.amazon.com") {
    return value;
  }
  return "";
}

// How much of a provider's subjects a `sub` pattern admits.
enum class Breadth { kSpecific, kSecondLevel, kOwner, kEverything };

// The shape of a provider's subjects: "<prefix><owner><owner_end><second><second_end>...",
// e.g. GitHub "repo:acme/app:ref:refs/heads/main" (owner acme, second app).
struct SubjectShape {
  std::string_view prefix;
  char owner_end;
  char second_end;
};

std::optional<SubjectShape> ShapeOf(std::string_view provider) {
  if (provider == "token.actions.githubusercontent.com") {
    return SubjectShape{"repo:", '/', ':'};
  }
  if (provider == "gitlab.com" || provider.find("gitlab") != std::string_view::npos) {
    return SubjectShape{"project_path:", '/', ':'};
  }
  if (provider == "app.terraform.io") {
    return SubjectShape{"organization:", ':', ':'};
  }
  if (provider.starts_with("oidc.eks.")) {
    return SubjectShape{"system:serviceaccount:", ':', '\0'};
  }
  return std::nullopt;
}

Breadth BreadthOf(const ConditionTest& t, std::string_view v,
                  const std::optional<SubjectShape>& shape) {
  const bool like = t.base_operator.find("Like") != std::string::npos;
  const size_t wild = like ? v.find_first_of("*?") : std::string_view::npos;
  if (wild == std::string_view::npos) {
    return Breadth::kSpecific;
  }
  if (!shape) {
    return v.find_first_not_of("*?") == std::string_view::npos ? Breadth::kEverything
                                                               : Breadth::kSpecific;
  }
  if (!v.starts_with(shape->prefix) || wild < shape->prefix.size()) {
    return Breadth::kEverything;
  }
  const size_t owner_end = v.find(shape->owner_end, shape->prefix.size());
  if (owner_end == std::string_view::npos || wild < owner_end) {
    return Breadth::kEverything;  // a wildcard in the owner: anyone can register a match
  }
  const size_t second_end =
      shape->second_end == '\0' ? std::string_view::npos : v.find(shape->second_end, owner_end + 1);
  if (second_end == std::string_view::npos || wild < second_end) {
    return Breadth::kOwner;
  }
  return Breadth::kSecondLevel;
}

// The Access Analyzer check a subject pattern matches: a wildcard with fewer than six literal
// characters before it is "too permissive" (as AA reports for subjects); any other wildcard in a
// GitHub subject asks for a specific repository and branch.
std::string_view CheckForPattern(std::string_view pattern, bool github) {
  const size_t wildcard = pattern.find_first_of("*?");
  if (wildcard == std::string_view::npos) {
    return {};
  }
  constexpr size_t kMinLiteralBeforeWildcard = 6;
  if (wildcard < kMinLiteralBeforeWildcard) {
    return "WILDCARD_USAGE_TOO_PERMISSIVE";
  }
  return github ? "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED" : "";
}

void ReportOpen(Reporter& out, const Statement& st, const PrincipalEntry& p,
                std::string_view provider, std::string_view key, Severity severity,
                std::string_view aws_check, const std::string& why) {
  Finding& f = out.Report(kInfo, aws_check, severity, p.value.range,
                          "the role trusts " + std::string(provider) + " " + why,
                          "add a StringEquals condition on " + std::string(key) +
                              " naming exactly the identities that may assume the role");
  f.statement = st.Label();
}

void CheckEntry(const Statement& st, const PrincipalEntry& p, Reporter& out) {
  const std::string_view provider = Provider(p.value.text);
  if (provider.empty()) {
    return;
  }
  const bool cognito = provider == "cognito-identity.amazonaws.com";
  const bool github = provider == "token.actions.githubusercontent.com";
  const bool ci = github || provider == "app.terraform.io" || provider == "gitlab.com" ||
                  provider == "agent.buildkite.com" || provider.starts_with("oidc.circleci.com");
  const std::string key = std::string(provider) + (cognito ? ":aud" : ":sub");
  const Severity everything = cognito || ci ? Severity::kCritical : Severity::kHigh;
  const std::optional<SubjectShape> shape = cognito ? std::nullopt : ShapeOf(provider);
  // Tests on the key AND together: the narrowest decides. A negated test admits every other
  // subject, ForAllValues one holds without the claim: neither narrows.
  std::optional<Breadth> narrowest;
  std::string pattern;
  for (const ConditionTest& t : st.conditions) {
    if (!EqualsIgnoreCase(t.key.text, key) || t.qualifier == SetQualifier::kForAllValues ||
        t.base_operator.find("Not") != std::string::npos || t.values.empty()) {
      continue;
    }
    Breadth widest = Breadth::kSpecific;  // values OR together: the widest decides
    std::string widest_value = t.values.front().text;
    for (const Located& v : t.values) {
      const Breadth b = BreadthOf(t, v.text, shape);
      if (b > widest) {
        widest = b;
        widest_value = v.text;
      }
    }
    if (!narrowest || widest < *narrowest) {
      narrowest = widest;
      pattern = widest_value;
    }
  }
  if (!narrowest) {
    ReportOpen(
        out, st, p, provider, key, everything,
        github ? "MISSING_GITHUB_REPO_CONDITION_KEY" : "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
        "with no condition on " + key + " that limits it: " +
            (cognito  ? "any identity pool of any AWS account"
             : github ? "any GitHub Actions workflow of any repository"
                      : "every identity the provider issues tokens to") +
            " can assume it");
    return;
  }
  std::string why = "with " + key + " \"" + pattern + "\", which matches ";
  const std::string_view aws_check = CheckForPattern(pattern, github);
  switch (*narrowest) {
    case Breadth::kSpecific:
      return;
    case Breadth::kEverything:
      ReportOpen(out, st, p, provider, key, everything, aws_check,
                 why + "every subject: " +
                     (ci ? "anyone with an account at the provider can assume it"
                      : provider.starts_with("oidc.eks.")
                          ? "every service account of the cluster can assume it"
                          : "every identity the provider issues tokens to can assume it"));
      return;
    case Breadth::kOwner:
      ReportOpen(
          out, st, p, provider, key, Severity::kMedium, aws_check,
          why + (github                              ? "every repository of the owner"
                 : provider.starts_with("oidc.eks.") ? "every service account of the namespace"
                                                     : "every subject of the owner"));
      return;
    case Breadth::kSecondLevel:
      ReportOpen(out, st, p, provider, key, Severity::kLow, aws_check,
                 why + (github ? "every branch, tag, environment and pull request of the repository"
                               : "every run of the project"));
      return;
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  if (context.policy.kind != PolicyKind::kTrust) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || st.not_principal) {
      continue;
    }
    for (const PrincipalEntry& p : st.principals) {
      if (p.type == "Federated") {
        CheckEntry(st, p, out);
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM250, iamlint::rules::kInfo, iamlint::rules::Check);
