// An action named on resources that are never of a type it acts on: it gets nothing there.

#include <algorithm>
#include <array>

#include "analyzer/analyze/arn_formats.h"
#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr RuleInfo kInfo{
    .id = "IAM121",
    .name = "resource-type-mismatch",
    .category = Category::kValidity,
    .severity = Severity::kMedium,
    .summary =
        "An action is named only with resources of types it does not act on, so the "
        "statement never applies to it.",
    .doc = R"md(
## What it flags
An action named explicitly (no wildcard) in a statement whose every `Resource` can be none of
the resource types the action acts on, according to the ARN formats of the Service
Authorization Reference. The classic case is an object action on a bucket ARN:
`s3:GetObject` acts on `arn:aws:s3:::bucket/key`, so `"Resource": "arn:aws:s3:::reports"`
never matches a request for it.

## Why it matters
IAM matches the statement against the ARN of the resource the request acts on. When no listed
ARN can be such a resource, the statement grants (or denies) nothing for the action. The
policy looks right in review while the application gets AccessDenied, or a Deny someone
relies on does not apply.

## Example
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
                "Resource": "arn:aws:s3:::reports"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
                "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}]}
```

## Exceptions and limits
Wildcard actions, NotAction and NotResource statements are not examined, nor statements with
a value known only after apply. A wildcard or policy variable in a Resource is taken to match
anything it could, and a catalog placeholder any text (so `s3:ListBucket` on
`arn:aws:s3:::reports/*` is not reported: the bucket format's name could hold the slash).
Only resources the catalog recognises as some resource type are judged: an ARN it cannot
place is more often a resource type newer than the catalog than a mistake. Actions that take
only `"*"` are reported by IAM122. The catalog's resource types may lag behind a service's
newest resources.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
)md"};

// "object", "bucket or object", ...
std::string JoinNames(const std::vector<std::string_view>& all) {
  std::vector<std::string_view> names;
  for (const std::string_view n : all) {
    if (std::find(names.begin(), names.end(), n) == names.end()) {
      names.push_back(n);
    }
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(names[i]);
  }
  return out;
}

std::string WithArticle(const std::string& noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + noun;
}

void CheckStatement(const PolicyContext& context, const Statement& st, Reporter& out) {
  const catalog::Catalog& cat = context.catalog();
  const StatementActions& actions = context.ActionsOf(st);
  // Only actions named without wildcards are judged: without one, nothing to place.
  bool any_named = false;
  for (size_t i = 0; i < st.actions.size() && i < actions.values.size() && !any_named; ++i) {
    any_named = actions.values[i] != nullptr && actions.values[i]->single &&
                !catalog::HasWildcard(st.actions[i].text);
  }
  if (!any_named) {
    return;
  }
  const bool variables = context.policy.ExpandsVariables();
  std::vector<std::string> globs;
  std::vector<catalog::ResourceTypeId> named;  // every resource type some glob may be
  bool all_named = true;                       // every glob may be some resource type
  for (const Located& r : st.resources) {
    if (HasUnknown(r.text) || PolicyContext::MatchesEveryResource(r.text)) {
      return;
    }
    globs.push_back(catalog::ResourceGlob(r.text, variables));
    const std::vector<catalog::ResourceTypeId> types = ResourceTypesOf(cat, globs.back());
    all_named = all_named && !types.empty();
    named.insert(named.end(), types.begin(), types.end());
  }
  // Only a mismatch between known resource types is reported: an ARN the catalog cannot
  // place is more often a resource type newer than the catalog than a mistake.
  if (!all_named) {
    return;
  }
  std::sort(named.begin(), named.end());
  for (size_t i = 0; i < st.actions.size() && i < actions.values.size(); ++i) {
    const catalog::ActionExpansion* expansion = actions.values[i];
    if (expansion == nullptr || !expansion->single || catalog::HasWildcard(st.actions[i].text)) {
      continue;
    }
    const catalog::ActionId action = *expansion->single;
    const auto types = cat.ActionResourceTypes(action);
    // The type sets answer most actions; the exact (more lenient) test confirms the rest.
    if (types.empty() ||
        std::any_of(types.begin(), types.end(),
                    [&](const catalog::ActionResource& t) {
                      return std::binary_search(named.begin(), named.end(), t.resource_type);
                    }) ||
        std::any_of(globs.begin(), globs.end(),
                    [&](const std::string& g) { return ResourceMayTarget(cat, action, g); })) {
      continue;
    }
    std::vector<std::string_view> wanted;
    for (const catalog::ActionResource& t : types) {
      wanted.push_back(cat.ResourceTypeName(t.resource_type));
    }
    const std::string& first = st.resources.front().text;
    const std::vector<catalog::ResourceTypeId> given = ResourceTypesOf(cat, globs.front());
    std::vector<std::string_view> given_names;
    given_names.reserve(given.size());
    for (const catalog::ResourceTypeId t : given) {
      given_names.push_back(cat.ResourceTypeName(t));
    }
    const std::string name = cat.FullActionName(action);
    std::string message = Concat({"'", name, "' acts on ", JoinNames(wanted), " resources, and "});
    const std::string what = given.empty() ? "none of them" : WithArticle(JoinNames(given_names));
    if (st.resources.size() == 1) {
      message += Concat({first, " is ", what});
    } else {
      message += Concat({"none of the statement's ", std::to_string(st.resources.size()),
                         " resources is one (", first, " is ", what, ")"});
    }
    message +=
        ": statement " + st.Label() + (st.Denies() ? " denies" : " grants") + " nothing for it";
    std::string suggestion;
    for (const catalog::ResourceTypeId g : given) {
      for (const catalog::ActionResource& t : types) {
        if (suggestion.empty()) {
          suggestion = NeighbourArn(cat, first, g, t.resource_type);
        }
      }
    }
    const std::string help = suggestion.empty()
                                 ? "use an ARN of the form " +
                                       std::string(cat.ResourceTypeArn(types.front().resource_type))
                                 : "did you mean " + suggestion + "?";
    Finding& f = out.Report(kInfo, st.actions[i].range, message, help);
    f.statement = st.Label();
    f.actions.push_back(name);
    f.related.push_back({st.resources.front().range, "the resource it is named with"});
  }
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    if (st.effect && !st.not_action && st.has_resource && !st.not_resource &&
        !st.resources.empty()) {
      CheckStatement(context, st, out);
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM121, iamlint::rules::kInfo, iamlint::rules::Check);
