// Grants to AWS accounts that are neither ours nor trusted (needs --account).

#include <algorithm>

#include "analyzer/analyze/rule.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM241",
    .name = "cross-account",
    .category = Category::kCrossAccount,
    .severity = Severity::kMedium,
    .summary =
        "A resource or trust policy grants access to an account that is neither home "
        "nor trusted.",
    .doc = R"md(
## What it flags
An Allow statement of a resource or trust policy whose `Principal` names an AWS account
(`"123456789012"`, `arn:aws:iam::123456789012:root`) or a role or user of one, when that
account is not one of the home accounts (`--account`) or trusted accounts
(`--trusted-account`), and no Condition limits the caller to a trusted organization
(`aws:PrincipalOrgID` with a `--trusted-org` id). A trust policy that lets a whole external
account (its root) assume the role without `sts:ExternalId` is reported at high severity:
any principal that account allows can assume it (the confused-deputy problem of third
parties). The rule is silent without `--account`: other accounts cannot be told from ours.

## Why it matters
Access from another account is governed by that account's administrators, not ours. Grants
to unknown accounts are how data leaves and how attackers keep a foothold.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "sts:AssumeRole"}]}
```

## Use instead
Keep the grant inside the home accounts, or, for a vetted partner, require its external id
and pass `--trusted-account 444455556666`:
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/deployer"},
                "Action": "sts:AssumeRole"}]}
```

## Exceptions and limits
Only with `--account`. The rule's documentation example runs with `--account 111122223333`.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html
)md"};

// The 12-digit account a principal value names, or "".
std::string_view AccountOf(std::string_view value) {
  auto digits = [](std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (digits(value)) {
    return value;
  }
  if (!value.starts_with("arn:")) {
    return "";
  }
  size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    start = value.find(':', start);
    if (start == std::string_view::npos) {
      return "";
    }
    ++start;
  }
  const size_t end = value.find(':', start);
  const std::string_view account =
      value.substr(start, end == std::string_view::npos ? 0 : end - start);
  return digits(account) ? account : "";
}

bool LimitedToTrustedOrg(const Statement& st, const Accounts& accounts) {
  const ConditionTest* t = FindConditionTest(st, "aws:PrincipalOrgID");
  return t != nullptr && !t->values.empty() &&
         std::all_of(t->values.begin(), t->values.end(), [&](const Located& v) {
           return std::find(accounts.orgs.begin(), accounts.orgs.end(), v.text) !=
                  accounts.orgs.end();
         });
}

void Check(const PolicyContext& context, Reporter& out) {
  const PolicyKind kind = context.policy.kind;
  const Accounts& accounts = *context.accounts;
  if ((kind != PolicyKind::kResource && kind != PolicyKind::kTrust) || accounts.home.empty()) {
    return;
  }
  for (const Statement& st : context.policy.statements) {
    if (!st.Allows() || st.not_principal || LimitedToTrustedOrg(st, accounts)) {
      continue;
    }
    for (const PrincipalEntry& p : st.principals) {
      const std::string_view account = p.type == "AWS" ? AccountOf(p.value.text) : "";
      if (account.empty() || accounts.Trusts(account)) {
        continue;
      }
      const bool whole = p.value.text == account || p.value.text.ends_with(":root");
      const bool trust = kind == PolicyKind::kTrust;
      const bool external_id = FindConditionTest(st, "sts:ExternalId") != nullptr;
      std::string message =
          std::string(trust ? "the trust policy lets " : "statement " + st.Label() + " grants ") +
          (whole ? "every principal of account " : "a principal of account ") +
          std::string(account) + (trust ? " assume this role" : " access") +
          ", which is neither a home nor a trusted account";
      if (trust && whole && !external_id) {
        message += ", without sts:ExternalId";
      }
      Finding& f = out.Report(kInfo, p.value.range, message,
                              trust && whole && !external_id
                                  ? "add a condition on sts:ExternalId, name the role that may "
                                    "assume it, or pass --trusted-account " +
                                        std::string(account)
                                  : "remove the grant, or pass --trusted-account " +
                                        std::string(account) + " if the account is trusted");
      f.statement = st.Label();
      if (trust && whole && !external_id) {
        f.severity = Severity::kHigh;
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM241, iamlint::rules::kInfo, iamlint::rules::Check);
