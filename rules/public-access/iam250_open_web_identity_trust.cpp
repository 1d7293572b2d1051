// OIDC web-identity trust without a subject (or audience) condition.

#include <algorithm>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

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
`StringLike` patterns are judged by their wildcards; `StringEquals` values are literal. A
test under `ForAllValues:` does not count (it holds when the claim is missing).

## References
- https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
- https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
)md"};

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

// True when a subject pattern matches anything of the provider ("*", or only wildcards
// after a fixed prefix such as "repo:").
bool MatchesEverySubject(const ConditionTest& t, std::string_view v) {
  const bool like = t.base_operator.find("Like") != std::string::npos;
  if (!like) {
    return false;
  }
  const size_t star = v.find('*');
  return v == "*" ||
         (star != std::string_view::npos && v.substr(0, star).find('/') == std::string_view::npos &&
          v.substr(0, star).find_first_not_of("repo:") == std::string_view::npos);
}

// Severity of a GitHub subject pattern: critical for every repository, medium for every
// repository of an owner, low for every ref of a repository, nullopt when specific.
std::optional<Severity> GitHubBreadth(const ConditionTest& t, std::string_view v) {
  if (MatchesEverySubject(t, v)) {
    return Severity::kCritical;
  }
  if (t.base_operator.find("Like") == std::string::npos || v.find('*') == std::string_view::npos) {
    return std::nullopt;
  }
  const size_t slash = v.find('/');
  const size_t star = v.find('*');
  if (slash == std::string_view::npos || star < slash) {
    return Severity::kCritical;  // a wildcard in the owner
  }
  const size_t ref = v.find(':', slash);
  if (ref == std::string_view::npos || star < ref) {
    return Severity::kMedium;  // a wildcard in the repository name
  }
  return Severity::kLow;
}

void ReportOpen(Reporter& out, const Statement& st, const PrincipalEntry& p,
                std::string_view provider, std::string_view key, Severity severity,
                std::string why) {
  Finding& f =
      out.Report(kInfo, p.value.range, "the role trusts " + std::string(provider) + " " + why,
                 "add a StringEquals condition on " + std::string(key) +
                     " naming exactly the identities that may assume the role");
  f.statement = st.Label();
  f.severity = severity;
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
  const ConditionTest* t = FindConditionTest(st, key);
  const Severity missing = cognito || ci ? Severity::kCritical : Severity::kHigh;
  if (t == nullptr) {
    ReportOpen(out, st, p, provider, key, missing,
               "with no condition on " + key + ": " +
                   (cognito  ? "any identity pool of any AWS account"
                    : github ? "any GitHub Actions workflow of any repository"
                             : "every identity the provider issues tokens to") +
                   " can assume it");
    return;
  }
  std::optional<Severity> worst;
  std::string pattern;
  for (const Located& v : t->values) {
    std::optional<Severity> s =
        github
            ? GitHubBreadth(*t, v.text)
            : (MatchesEverySubject(*t, v.text) ? std::optional<Severity>(missing) : std::nullopt);
    if (s && (!worst || *s < *worst)) {
      worst = s;
      pattern = v.text;
    }
  }
  if (!worst) {
    return;
  }
  std::string why = "with " + key + " \"" + pattern + "\", which matches ";
  if (*worst == Severity::kCritical) {
    why += "every subject: anyone with an account at the provider can assume it";
  } else if (*worst == Severity::kMedium) {
    why += "every repository of the owner";
  } else {
    why += "every branch, tag, environment and pull request of the repository";
  }
  ReportOpen(out, st, p, provider, key, *worst, why);
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
