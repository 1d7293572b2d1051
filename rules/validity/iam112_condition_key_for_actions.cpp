// Condition keys that the statement's actions never carry in their request context.

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "analyzer/analyze/conditions.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
     "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
     "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
     "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"});

constexpr RuleInfo kInfo{
    .id = "IAM112",
    .name = "condition-key-for-actions",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "A condition key is not in the request context of some of the statement's actions.",
    .doc = R"md(
## What it flags
A condition on a service key (`s3:prefix`, `iam:PassedToService`) or on a tag key
(`aws:ResourceTag/...`, `aws:RequestTag/...`, `aws:TagKeys`) when some action the statement
names explicitly does not support that key: neither the action nor any resource type it acts
on lists the key in the Service Authorization Reference. For tag keys it also flags actions of
services that support the tag key for no action at all, and `NotAction` statements with a tag
condition, which cover such services.

## Why it matters
A key that an action does not support is missing from that action's requests. In an Allow, a
positive condition then never matches, so the action is never allowed; in a Deny it never
matches either, so the action is never denied, which silently opens a hole in a guardrail.
Negated operators do the opposite: the condition always matches for those actions.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
                "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
                "Condition": {"StringLike": {"s3:prefix": "home/"}}}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
                "Resource": "arn:aws:s3:::reports",
                "Condition": {"StringLike": {"s3:prefix": "home/"}}},
               {"Effect": "Allow", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::reports/home/*"}]}
```

## Exceptions and limits
Like Access Analyzer, only actions named without wildcards are checked for service keys
(`s3:Get*` is skipped), and `...IfExists` operators are skipped: they state that the key may
be missing. Global keys other than the tag keys are not checked, since most of them are
present for every action. `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext` next
to an `sts:AssumeRole*` action are checked against that action's keys: they are authorized
within the same request. Support comes from the catalog, which merges the keys of an
action's resource types: a key an action supports only on one of its resource types counts as
supported.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

// The three global tag keys, and which services support each of them (for any action or
// resource type), computed once per catalog.
struct TagSupport {
  std::array<std::optional<catalog::ConditionKeyId>, 3> keys;
  std::vector<uint8_t> by_service;  // bit i: the service supports keys[i]
};

const TagSupport& TagSupportFor(const catalog::Catalog& cat) {
  static std::map<const void*, TagSupport> cache;
  if (const auto it = cache.find(&cat); it != cache.end()) {
    return it->second;
  }
  TagSupport support;
  support.keys = {cat.FindConditionKey("aws:ResourceTag/${TagKey}"),
                  cat.FindConditionKey("aws:RequestTag/${TagKey}"),
                  cat.FindConditionKey("aws:TagKeys")};
  support.by_service.assign(cat.service_count(), 0);
  auto mark = [&](catalog::ServiceId service, std::span<const catalog::ConditionKeyId> keys) {
    for (const catalog::ConditionKeyId key : keys) {
      for (size_t i = 0; i < support.keys.size(); ++i) {
        if (support.keys[i] == key) {
          support.by_service[service] |= static_cast<uint8_t>(1U << i);
        }
      }
    }
  };
  for (catalog::ServiceId s = 0; s < cat.service_count(); ++s) {
    for (catalog::ActionId a = cat.ServiceFirstAction(s); a < cat.ServiceEndAction(s); ++a) {
      mark(s, cat.ActionConditionKeys(a));
    }
    for (catalog::ResourceTypeId r = cat.ServiceFirstResourceType(s);
         r < cat.ServiceEndResourceType(s); ++r) {
      mark(s, cat.ResourceTypeConditionKeys(r));
    }
  }
  return cache.emplace(&cat, std::move(support)).first->second;
}

// The tag key `id` is, as an index into TagSupport::keys, or -1.
int TagKeyIndex(const TagSupport& tags, catalog::ConditionKeyId id) {
  for (size_t i = 0; i < tags.keys.size(); ++i) {
    if (tags.keys[i] == id) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// A key as the catalog lists it: its id, and for a templated key ("ssm:resourceTag/x") the
// part up to the '/', since a service may list one family under two spellings
// (ssm:resourceTag/${TagKey} and ssm:resourceTag/tag-key).
struct KeyFamily {
  catalog::ConditionKeyId id;
  std::string_view stem;  // "ssm:resourceTag/", or empty
};

bool Lists(const catalog::Catalog& cat, std::span<const catalog::ConditionKeyId> keys,
           const KeyFamily& key) {
  return std::any_of(keys.begin(), keys.end(), [&](catalog::ConditionKeyId listed) {
    if (listed == key.id) {
      return true;
    }
    const std::string_view name = cat.ConditionKeyName(listed);
    return !key.stem.empty() && name.size() > key.stem.size() &&
           EqualsIgnoreCase(name.substr(0, key.stem.size()), key.stem);
  });
}

// True when `key` is in the request context of `action`: the action or one of its resource
// types lists it.
bool Supports(const catalog::Catalog& cat, catalog::ActionId action, const KeyFamily& key) {
  if (Lists(cat, cat.ActionConditionKeys(action), key)) {
    return true;
  }
  const auto types = cat.ActionResourceTypes(action);
  return std::any_of(types.begin(), types.end(), [&](const catalog::ActionResource& resource) {
    return Lists(cat, cat.ResourceTypeConditionKeys(resource.resource_type), key);
  });
}

bool HasWildcard(std::string_view text) {
  return text.find_first_of("*?") != std::string_view::npos;
}

// sts:TagSession, sts:SetSourceIdentity and sts:SetContext are authorized within the
// AssumeRole* request that carries them, so they see its keys (sts:ExternalId, ...): true when
// `action` is one of them and an AssumeRole* action of `st` supports `key`.
bool SharesAssumeRoleContext(const catalog::Catalog& cat, const Statement& st,
                             catalog::ActionId action, const KeyFamily& key) {
  const std::string name = ToLower(cat.FullActionName(action));
  if (name != "sts:tagsession" && name != "sts:setsourceidentity" && name != "sts:setcontext") {
    return false;
  }
  return std::any_of(st.actions.begin(), st.actions.end(), [&](const Located& other) {
    if (!ToLower(other.text).starts_with("sts:assumerole") || HasWildcard(other.text)) {
      return false;
    }
    const auto id = cat.FindAction(other.text);
    return id && Supports(cat, *id, key);
  });
}

std::string NameList(const std::vector<std::string>& names) {
  constexpr size_t kShown = 4;
  std::vector<std::string> shown(
      names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), kShown)));
  std::string text = Join(shown, ", ");
  if (names.size() > kShown) {
    text += " and " + std::to_string(names.size() - kShown) + " more";
  }
  return text;
}

// What a condition does when its key is missing from the request.
std::string Outcome(const ConditionTest& test) {
  const auto op = FindOperator(test.base_operator);
  if (op && op->family == OperatorFamily::kNull) {
    return "only tests that absence";
  }
  if (test.qualifier == SetQualifier::kForAllValues) {
    return "always matches (ForAllValues of nothing is true)";
  }
  return op && op->negated && test.qualifier == SetQualifier::kNone ? "always matches"
                                                                    : "never matches";
}

void CheckNotAction(const Statement& st, const ConditionTest& test, Reporter& out) {
  const bool deny = st.Denies();
  const std::string key = "'" + test.key.text + "'";
  out.Report(kInfo,
             deny ? "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
                  : "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
             deny ? Severity::kMedium : Severity::kLow, test.key.range,
             deny ? "this Deny with NotAction covers actions of services that do not support " +
                        key + ": those actions are never denied"
                  : "this Allow with NotAction covers actions of services that do not support " +
                        key + ": only actions that support the key are allowed",
             deny ? "deny by tag only the actions of services that support the key, and deny "
                    "the others without the tag condition"
                  : "list the actions that support the key in Action instead of NotAction");
}

void CheckTest(const PolicyContext& context, const Statement& st, const ConditionTest& test,
               Reporter& out) {
  const catalog::Catalog& cat = context.catalog();
  const KeyLookup key = LookUpConditionKey(cat, test.key.text);
  if (key.status != KeyStatus::kKnown || !key.id) {
    return;
  }
  const TagSupport& tags = TagSupportFor(cat);
  const int tag_index = TagKeyIndex(tags, *key.id);
  if ((key.global || cat.ConditionKeyIsGlobal(*key.id)) && tag_index < 0) {
    return;  // other global keys (ec2:SourceInstanceArn too) are not tied to actions
  }
  if (st.not_action) {
    if (tag_index >= 0) {
      CheckNotAction(st, test, out);
    }
    return;
  }
  const std::string_view key_name = cat.ConditionKeyName(*key.id);
  const size_t slash = key_name.find('/');
  const KeyFamily family{*key.id, slash == std::string_view::npos ? std::string_view()
                                                                  : key_name.substr(0, slash + 1)};
  std::vector<std::string> unsupported;
  std::vector<std::string> untagged_services;
  for (const Located& action : st.actions) {
    if (HasUnknown(action.text)) {
      continue;
    }
    const size_t colon = action.text.find(':');
    if (tag_index >= 0 && colon != std::string::npos) {
      // A service that supports the tag key nowhere: every action of it escapes the condition.
      const std::string_view prefix = std::string_view{action.text}.substr(0, colon);
      const auto service = HasWildcard(prefix) ? std::nullopt : cat.FindService(prefix);
      if (service && (tags.by_service[*service] & (1U << tag_index)) == 0) {
        const std::string name = ToLower(prefix);
        if (std::find(untagged_services.begin(), untagged_services.end(), name) ==
            untagged_services.end()) {
          untagged_services.push_back(name);
        }
        continue;
      }
    }
    if (HasWildcard(action.text)) {
      continue;  // as Access Analyzer: wildcards are not checked per action
    }
    const auto id = cat.FindAction(action.text);
    if (id && !Supports(cat, *id, family) && !SharesAssumeRoleContext(cat, st, *id, family)) {
      unsupported.push_back(cat.FullActionName(*id));
    }
  }
  const std::string quoted = "'" + test.key.text + "'";
  if (!untagged_services.empty() && st.effect) {
    const bool deny = st.Denies();
    // The key is always missing for those actions: what that does depends on the operator
    // (ForAllValues and negated tests hold without the key).
    const bool always = Outcome(test).starts_with("always");
    const Severity severity = deny ? (always ? Severity::kMedium : Severity::kHigh)
                                   : (always ? Severity::kMedium : Severity::kLow);
    std::string effect = deny ? (always ? ": this Deny denies their actions whatever the tags"
                                        : ": this Deny never denies their actions")
                              : (always ? ": this Allow grants their actions whatever the tags"
                                        : ": this Allow never allows their actions");
    out.Report(
        kInfo,
        deny ? "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
             : "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        severity, test.key.range,
        "no action of " + NameList(untagged_services) + " supports " + quoted + std::move(effect),
        deny ? "deny those actions in a statement without the tag condition, or by a key "
               "they support"
             : "allow those actions in a statement without the tag condition, or scope "
               "them by Resource");
  }
  if (!unsupported.empty()) {
    out.Report(kInfo, "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", Severity::kHigh, test.key.range,
               quoted + " is not in the request context of " + NameList(unsupported) + ": for " +
                   (unsupported.size() == 1 ? "it" : "them") +
                   " the key is always missing, so the condition " + Outcome(test),
               "move " + std::string(unsupported.size() == 1 ? "that action" : "those actions") +
                   " to a statement without this condition, or use a key "
                   "they support");
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    for (const ConditionTest& test : st.conditions) {
      if (test.if_exists || HasUnknown(test.key.text) || HasUnknown(test.operator_name.text) ||
          !FindOperator(test.base_operator)) {
        continue;
      }
      CheckTest(context, st, test, out);
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM112, iamlint::rules::kInfo, iamlint::rules::Check);
