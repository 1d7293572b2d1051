#pragma once
// The curated action lists of rules/data/risky-actions.json as action sets, and the report
// shared by the rules that flag a class of actions allowed on every resource.

#include <string_view>

#include "analyzer/analyze/rule.h"

namespace iamlint {

/// The lists of rules/data/risky-actions.json.
enum class RiskyList { kCredentialsExposure, kDataExfiltration, kResourceExposure };

/// The actions of `list` known to `cat` (parsed once per catalog from the embedded data).
const catalog::ActionSet& RiskyActions(const catalog::Catalog& cat, RiskyList list);

/// IAM233's actions: Write and Tagging, less those other rules name more precisely
/// (credentials, data, resource policies, iam:PassRole).
const catalog::ActionSet& UnrestrictedWriteInterest(const catalog::Catalog& cat);
/// IAM211's actions: Permissions management, less the resource-policy ones (IAM232's).
const catalog::ActionSet& PermissionsManagementInterest(const catalog::Catalog& cat);

/// Actions of `cat` that take some resource type: only these can be over-broad in Resource
/// (an action that accepts only "*" is never reported for it).
const catalog::ActionSet& ScopableActions(const catalog::Catalog& cat);

/// Actions of `cat` at access level `level` (cached per catalog).
const catalog::ActionSet& AccessLevelActions(const catalog::Catalog& cat,
                                             catalog::AccessLevel level);

/// Reports each Allow statement of an identity policy that grants actions of `interest` on
/// every resource with no restricting condition, after the policy's Denies, leaving out
/// actions that accept only "*" and policies that are full admin (IAM201). `what` names the
/// class in the plural ("credentials-exposing actions", the final "s" dropped for one); `why` ends
/// the message. With `skip_whole_service` the actions a statement grants through `*`, `service:*`
/// or NotAction are left out (IAM201, IAM202 and IAM203 report those).
void ReportUnrestrictedActions(const PolicyContext& context, Reporter& out, const RuleInfo& rule,
                               const catalog::ActionSet& interest, std::string_view what,
                               std::string_view why, std::string_view help,
                               bool skip_whole_service = false);

}  // namespace iamlint
