#include "analyzer/analyze/effective.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint {

std::string TodayUtc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

namespace {

bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

// A condition value as YYYY-MM-DD: an ISO 8601 date or date-time, or epoch seconds; empty when
// it is neither.
std::string DateOf(std::string_view value) {
  const bool iso = value.size() >= 10 && value[4] == '-' && value[7] == '-' &&
                   std::all_of(value.begin(), value.begin() + 4, IsAsciiDigit);
  if (iso) {
    return std::string(value.substr(0, 10));
  }
  if (value.empty() || value.size() > 12 ||
      !std::all_of(value.begin(), value.end(), IsAsciiDigit)) {
    return "";
  }
  const std::chrono::sys_seconds at{std::chrono::seconds{std::stoll(std::string(value))}};
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(at)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

// Keys whose value the caller chooses in the request: a test on them restricts nothing an
// attacker wants (they tag what they create, pick a region, use TLS).
bool CallerControlledKey(std::string_view key) {
  const std::string lower = ToLower(key);
  constexpr std::string_view kPrefixes[] = {"aws:requesttag/",     "aws:tagkeys",
                                            "aws:requestedregion", "aws:securetransport",
                                            "aws:useragent",       "aws:referer"};
  if (std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                  [&](std::string_view p) { return lower.starts_with(p); })) {
    return true;
  }
  // Service request tags: "ec2:RequestTag/...", "s3:RequestObjectTag/...".
  return lower.find(":requesttag/") != std::string::npos ||
         lower.find(":requestobjecttag") != std::string::npos;
}

bool IsNegated(std::string_view base) {
  return base.find("Not") != std::string_view::npos;
}

struct TestVerdict {
  ConditionClass kind;
  std::string reason;
};

TestVerdict DateTest(const ConditionTest& t, std::string_view today) {
  const std::string& op = t.base_operator;
  const bool less = op == "DateLessThan" || op == "DateLessThanEquals";
  const bool greater = op == "DateGreaterThan" || op == "DateGreaterThanEquals";
  if ((!less && !greater) || t.values.empty()) {
    return {ConditionClass::kRestricting, ""};
  }
  bool all_past = true;
  bool all_future = true;
  for (const Located& v : t.values) {
    const std::string date = DateOf(v.text);
    if (date.empty()) {
      return {ConditionClass::kRestricting, ""};
    }
    all_past = all_past && date < today;
    all_future = all_future && date > today;
  }
  const std::string key = t.key.text;
  if (less && all_past) {
    return {ConditionClass::kNeverTrue,
            op + " " + key + " " + t.values[0].text + " is in the past: the condition never holds"};
  }
  if (greater && all_past) {
    return {ConditionClass::kUnrestricting,
            op + " " + key + " " + t.values[0].text + " is in the past: it always holds now"};
  }
  if (less && all_future) {
    return {ConditionClass::kUnrestricting,
            op + " " + key + " holds until " + t.values[0].text + ": it grants now"};
  }
  return {ConditionClass::kRestricting, op + " " + key + " limits when it applies"};
}

TestVerdict PassedToServiceTest(const ConditionTest& t, std::string_view service) {
  const bool any = std::any_of(t.values.begin(), t.values.end(), [&](const Located& v) {
    return catalog::GlobMatch(v.text, service, true);
  });
  const bool negated = IsNegated(t.base_operator);
  if (any != negated) {
    return {ConditionClass::kUnrestricting, "iam:PassedToService admits " + std::string(service)};
  }
  return {ConditionClass::kRestricting,
          "iam:PassedToService does not admit " + std::string(service)};
}

TestVerdict ClassifyTest(const ConditionTest& t, bool allow, std::string_view today,
                         std::string_view passed_to_service) {
  const std::string key = ToLower(t.key.text);
  if (allow && t.qualifier == SetQualifier::kForAllValues && t.base_operator != "Null") {
    return {ConditionClass::kUnrestricting, "ForAllValues:" + t.base_operator + " on " +
                                                t.key.text + " holds when the request has no " +
                                                t.key.text + ": it does not restrict"};
  }
  if (key == "aws:currenttime" || key == "aws:tokenissuetime" || key == "aws:epochtime") {
    return DateTest(t, today);
  }
  if (key == "iam:passedtoservice" && !passed_to_service.empty()) {
    return PassedToServiceTest(t, passed_to_service);
  }
  if (CallerControlledKey(t.key.text)) {
    return {ConditionClass::kUnrestricting,
            t.key.text + " is set by the caller in the request: it does not restrict"};
  }
  return {ConditionClass::kRestricting, t.operator_name.text + " on " + t.key.text};
}

}  // namespace

ConditionVerdict AssessConditions(const Statement& st, std::string_view today,
                                  std::string_view passed_to_service) {
  ConditionVerdict verdict;
  if (st.conditions.empty()) {
    return verdict;
  }
  verdict.kind = ConditionClass::kUnrestricting;
  for (const ConditionTest& t : st.conditions) {
    TestVerdict v = ClassifyTest(t, st.Allows(), today, passed_to_service);
    const bool stronger = static_cast<int>(v.kind) > static_cast<int>(verdict.kind);
    if (stronger || verdict.reason.empty()) {
      if (stronger) {
        verdict.kind = v.kind;
        verdict.test = &t;
      }
      verdict.reason = std::move(v.reason);
    }
  }
  return verdict;
}

const ConditionTest* CallerRestriction(const Statement& st) {
  static constexpr std::string_view kKeys[] = {
      "aws:principalorgid",
      "aws:principalorgpaths",
      "aws:principalaccount",
      "aws:principalarn",
      "aws:sourcearn",
      "aws:sourceaccount",
      "aws:sourceowner",
      "aws:sourceorgid",
      "aws:sourceorgpaths",
      "aws:sourcevpce",
      "aws:sourcevpc",
      "aws:sourceip",
      "aws:vpcsourceip",
      "aws:userid",
      "aws:username",
      "aws:principalservicename",
      "kms:calleraccount",
      "kms:viaservice",
      "aws:calledvia",
      "aws:calledviafirst",
      "aws:calledvialast",
      "lambda:functionurlauthtype",
      "s3:dataaccesspointaccount",
      "s3:dataaccesspointarn",
      "sns:endpoint",
      "sts:externalid",
      "aws:principaltype",
  };
  for (const ConditionTest& t : st.conditions) {
    if (t.qualifier == SetQualifier::kForAllValues && st.Allows()) {
      continue;
    }
    const std::string key = ToLower(t.key.text);
    if (std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys) ||
        key.starts_with("aws:principaltag/")) {
      return &t;
    }
  }
  return nullptr;
}

const ConditionTest* FindConditionTest(const Statement& st, std::string_view key) {
  for (const ConditionTest& t : st.conditions) {
    if (EqualsIgnoreCase(t.key.text, key) &&
        !(t.qualifier == SetQualifier::kForAllValues && st.Allows())) {
      return &t;
    }
  }
  return nullptr;
}

namespace {

// The account field of an ARN glob, or "" when it has fewer fields.
std::string_view AccountField(std::string_view glob) {
  size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    const size_t colon = glob.find(':', start);
    if (colon == std::string_view::npos) {
      return "";
    }
    start = colon + 1;
  }
  const size_t end = glob.find(':', start);
  return glob.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

bool Denies(const StatementGrant& d, catalog::ActionId id) {
  return d.condition.kind == ConditionClass::kNone && d.actions.Contains(id);
}

}  // namespace

PolicySet::PolicySet(catalog::ActionMatcher& matcher, std::string today)
    : matcher_(matcher), today_(std::move(today)) {}

StatementGrant PolicySet::MakeGrant(const SourceFile& file, const Policy& policy,
                                    const Statement& st) {
  StatementGrant g;
  g.file = &file;
  g.policy = &policy;
  g.statement = &st;
  g.actions = catalog::ActionSet(catalog().action_count());
  for (const Located& pattern : st.actions) {
    matcher_.Expand(pattern.text).AddTo(g.actions);
  }
  if (st.not_action) {
    g.actions = g.actions.Complement();
  }
  g.condition = AssessConditions(st, today_);
  const bool variables = policy.ExpandsVariables();
  for (const Located& r : st.resources) {
    // A value known only after apply (an ARN of the scanned code) may be any resource for an
    // Allow; for a Deny it denies nothing we can rely on.
    std::string glob = catalog::ResourceGlob(r.text, variables);
    g.globs.push_back(st.Allows() ? UnknownsAsWildcards(glob) : std::move(glob));
  }
  g.all_resources = (st.not_resource && st.Allows()) ||
                    (!st.not_resource &&
                     std::any_of(st.resources.begin(), st.resources.end(), [](const Located& r) {
                       return PolicyContext::MatchesEveryResource(r.text);
                     }));
  // A statement without Resource (trust policies, some resource policies) means this resource.
  if (!st.has_resource) {
    g.all_resources = true;
  }
  return g;
}

void PolicySet::Add(const SourceFile& file, const Policy& policy) {
  for (const Statement& st : policy.statements) {
    if (st.Allows()) {
      allows_.push_back(MakeGrant(file, policy, st));
    } else if (st.Denies()) {
      denies_.push_back(MakeGrant(file, policy, st));
    }
  }
}

void PolicySet::AddLimit(const SourceFile& file, const Policy& policy) {
  std::vector<StatementGrant>& limit = limits_.emplace_back();
  for (const Statement& st : policy.statements) {
    if (st.Allows()) {
      limit.push_back(MakeGrant(file, policy, st));
    } else if (st.Denies()) {
      denies_.push_back(MakeGrant(file, policy, st));
    }
  }
}

std::string PolicySet::DescribeScope(const Usable& u) const {
  if (u.all_resources || u.scope.empty()) {
    return "every resource";
  }
  std::string first = u.scope.front();
  if (u.grant != nullptr) {
    const bool variables = u.grant->policy->ExpandsVariables();
    for (const Located& r : u.grant->statement->resources) {
      if (UnknownsAsWildcards(catalog::ResourceGlob(r.text, variables)) == first) {
        first = DisplayText(r.text);
        break;
      }
    }
  }
  return first + (u.scope.size() > 1 ? " and " + std::to_string(u.scope.size() - 1) + " more" : "");
}

ByteRange PolicySet::ActionRange(const StatementGrant& grant, catalog::ActionId id) const {
  const Statement& st = *grant.statement;
  if (!st.not_action) {
    for (const Located& pattern : st.actions) {
      if (matcher_.Expand(pattern.text).Contains(id)) {
        return pattern.range;
      }
    }
  }
  return st.action_key;
}

bool ResourceMayTarget(const catalog::Catalog& cat, catalog::ActionId id, std::string_view glob) {
  const auto types = cat.ActionResourceTypes(id);
  if (types.empty()) {
    return catalog::GlobMatch(glob, "*", false) || PolicyContext::MatchesEveryResource(glob);
  }
  return std::any_of(types.begin(), types.end(), [&](const catalog::ActionResource& t) {
    return catalog::ArnGlobsIntersect(glob,
                                      catalog::ArnFormatGlob(cat.ResourceTypeArn(t.resource_type)));
  });
}

bool PolicySet::MayTarget(catalog::ActionId id, std::string_view glob) const {
  // What an action acts on is a resource of its own service: ssm:SendCommand also takes an S3
  // bucket (for its output), but a grant on a bucket does not let it run commands anywhere.
  // A type is the action's own when its ARN names the action's service prefix.
  const catalog::Catalog& cat = catalog();
  const auto types = cat.ActionResourceTypes(id);
  const std::string own =
      "arn:${Partition}:" + std::string(cat.ServicePrefix(cat.ActionService(id))) + ":";
  auto is_own = [&](const catalog::ActionResource& t) {
    return cat.ResourceTypeArn(t.resource_type).starts_with(own);
  };
  if (std::none_of(types.begin(), types.end(), is_own)) {
    return ResourceMayTarget(cat, id, glob);
  }
  return std::any_of(types.begin(), types.end(), [&](const catalog::ActionResource& t) {
    return is_own(t) && catalog::ArnGlobsIntersect(
                            glob, catalog::ArnFormatGlob(cat.ResourceTypeArn(t.resource_type)));
  });
}

bool PolicySet::RemainingScope(const StatementGrant& allow, catalog::ActionId id,
                               std::vector<std::string>& scope, bool& all) const {
  all = allow.all_resources;
  scope.clear();
  if (!all) {
    scope = allow.globs;
  }
  for (const StatementGrant& d : denies_) {
    if (!Denies(d, id)) {
      continue;
    }
    if (d.statement->not_resource) {
      // Denied everywhere except the listed resources: only those stay open.
      if (all) {
        all = false;
        scope = d.globs;
      } else {
        std::erase_if(scope, [&](const std::string& c) {
          return std::none_of(d.globs.begin(), d.globs.end(), [&](const std::string& e) {
            return catalog::ArnGlobsIntersect(c, e);
          });
        });
      }
    } else if (d.all_resources) {
      return false;
    } else if (!all) {
      std::erase_if(scope, [&](const std::string& c) {
        return std::any_of(d.globs.begin(), d.globs.end(),
                           [&](const std::string& e) { return catalog::ArnGlobContains(e, c); });
      });
    }
  }
  if (all) {
    return true;
  }
  // Resources an attacker can act on: ones of the action's types, not owned by AWS (AWS
  // managed policies cannot be versioned or edited by anyone else).
  std::erase_if(
      scope, [&](const std::string& c) { return AccountField(c) == "aws" || !MayTarget(id, c); });
  return !scope.empty();
}

bool PolicySet::WithinLimits(catalog::ActionId id) const {
  return std::all_of(limits_.begin(), limits_.end(), [&](const std::vector<StatementGrant>& limit) {
    return std::any_of(limit.begin(), limit.end(), [&](const StatementGrant& g) {
      return g.condition.kind != ConditionClass::kNeverTrue && g.actions.Contains(id);
    });
  });
}

Usable PolicySet::FindUsable(catalog::ActionId id, std::string_view passed_to_service) const {
  if (!WithinLimits(id)) {
    return {};
  }
  Usable best;
  for (const StatementGrant& g : allows_) {
    if (!g.actions.Contains(id)) {
      continue;
    }
    const ConditionClass cls = passed_to_service.empty() || g.statement->conditions.empty()
                                   ? g.condition.kind
                                   : AssessConditions(*g.statement, today_, passed_to_service).kind;
    if (cls == ConditionClass::kRestricting || cls == ConditionClass::kNeverTrue) {
      continue;
    }
    std::vector<std::string> scope;
    bool all = false;
    if (!RemainingScope(g, id, scope, all)) {
      continue;
    }
    if (all) {
      return {&g, true, {}};
    }
    if (!best) {
      best = {&g, false, std::move(scope)};
    }
  }
  return best;
}

catalog::ActionSet PolicySet::DeniedEverywhere(const StatementGrant& d) const {
  if (d.condition.kind != ConditionClass::kNone) {
    return catalog::ActionSet(catalog().action_count());
  }
  if (!d.statement->not_resource) {
    return d.all_resources ? d.actions : catalog::ActionSet(catalog().action_count());
  }
  // Denied everywhere but the listed resources: an action stays open only if one of them can
  // be a resource of that action. Decided once per resource type.
  const catalog::Catalog& cat = catalog();
  std::vector<char> type_open(cat.resource_type_count(), 0);
  for (catalog::ResourceTypeId t = 0; t < cat.resource_type_count(); ++t) {
    const std::string format = catalog::ArnFormatGlob(cat.ResourceTypeArn(t));
    type_open[t] = std::any_of(d.globs.begin(), d.globs.end(), [&](const std::string& g) {
      return catalog::ArnGlobsIntersect(g, format);
    });
  }
  const bool star_open = std::any_of(d.globs.begin(), d.globs.end(), [](const std::string& g) {
    return catalog::GlobMatch(g, "*", false);
  });
  catalog::ActionSet denied(cat.action_count());
  d.actions.ForEach([&](catalog::ActionId a) {
    const auto types = cat.ActionResourceTypes(a);
    const bool open = types.empty() ? star_open
                                    : std::any_of(types.begin(), types.end(),
                                                  [&](const catalog::ActionResource& r) {
                                                    return type_open[r.resource_type] != 0;
                                                  });
    if (!open) {
      denied.Add(a);
    }
  });
  return denied;
}

catalog::ActionSet PolicySet::Unrestricted() const {
  const size_t universe = catalog().action_count();
  auto unrestricted_union = [&](const std::vector<StatementGrant>& grants) {
    catalog::ActionSet set(universe);
    for (const StatementGrant& g : grants) {
      if (g.all_resources && (g.condition.kind == ConditionClass::kNone ||
                              g.condition.kind == ConditionClass::kUnrestricting)) {
        set |= g.actions;
      }
    }
    return set;
  };
  catalog::ActionSet allowed = unrestricted_union(allows_);
  for (const std::vector<StatementGrant>& limit : limits_) {
    allowed &= unrestricted_union(limit);
  }
  for (const StatementGrant& d : denies_) {
    allowed.Subtract(DeniedEverywhere(d));
  }
  return allowed;
}

catalog::ActionSet PolicySet::Reachable() const {
  const size_t universe = catalog().action_count();
  auto reachable_union = [&](const std::vector<StatementGrant>& grants) {
    catalog::ActionSet set(universe);
    for (const StatementGrant& g : grants) {
      if (g.condition.kind != ConditionClass::kNeverTrue) {
        set |= g.actions;
      }
    }
    return set;
  };
  catalog::ActionSet allowed = reachable_union(allows_);
  for (const std::vector<StatementGrant>& limit : limits_) {
    allowed &= reachable_union(limit);
  }
  for (const StatementGrant& d : denies_) {
    allowed.Subtract(DeniedEverywhere(d));
  }
  return allowed;
}

}  // namespace iamlint
