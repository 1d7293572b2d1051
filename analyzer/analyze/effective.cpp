#include "analyzer/analyze/effective.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint {

namespace {

// YYYY-MM-DD.
std::string IsoDate(const std::chrono::year_month_day& ymd) {
  std::array<char, 16> text{};
  const int written =
      std::snprintf(text.data(), text.size(), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return written > 0 ? std::string(text.data()) : std::string();
}

}  // namespace

std::string TodayUtc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return IsoDate(std::chrono::year_month_day{days});
}

namespace {

bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

// A condition value as YYYY-MM-DD: an ISO 8601 date or date-time, or epoch seconds; empty when
// it is neither.
std::string DateOf(std::string_view value) {
  auto digits = [&](size_t from, size_t count) {
    return std::all_of(value.begin() + static_cast<long>(from),
                       value.begin() + static_cast<long>(from + count), IsAsciiDigit);
  };
  if (value.size() >= 10 && value[4] == '-' && value[7] == '-' && digits(0, 4) && digits(5, 2) &&
      digits(8, 2)) {
    const int month = (value[5] - '0') * 10 + (value[6] - '0');
    const int day = (value[8] - '0') * 10 + (value[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? std::string(value.substr(0, 10))
                                                              : "";
  }
  if (value.empty() || value.size() > 12 || !digits(0, value.size())) {
    return "";
  }
  constexpr long long kLastSecondOf9999 = 253402300799;
  if (std::stoll(std::string(value)) > kLastSecondOf9999) {
    return "9999-12-31";  // beyond what a calendar year in the library holds: far future
  }
  const std::chrono::sys_seconds at{std::chrono::seconds{std::stoll(std::string(value))}};
  return IsoDate(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(at)});
}

// Keys whose value the caller chooses in the request: a test on them restricts nothing an
// attacker wants (they tag what they create, pick a region, use TLS).
bool CallerControlledKey(std::string_view key) {
  const std::string lower = ToLower(key);
  constexpr auto kPrefixes =
      std::to_array<std::string_view>({"aws:requesttag/", "aws:tagkeys", "aws:requestedregion",
                                       "aws:securetransport", "aws:useragent", "aws:referer"});
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
  bool always = false;  // holds for every request now (so a Deny with it always applies)
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
  // aws:TokenIssueTime is missing for long-term keys, where a test on it fails: only
  // aws:CurrentTime and aws:EpochTime always hold.
  const bool always_present = !EqualsIgnoreCase(key, "aws:TokenIssueTime") && !t.if_exists;
  if (greater && all_past) {
    return {ConditionClass::kUnrestricting,
            op + " " + key + " " + t.values[0].text + " is in the past: it always holds now",
            always_present};
  }
  if (less && all_future) {
    return {ConditionClass::kUnrestricting,
            op + " " + key + " holds until " + t.values[0].text + ": it grants now",
            always_present};
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
  // (iam:PassedToService is in every iam:PassRole request: IfExists changes nothing there.)
  if (allow && t.if_exists && key != "iam:passedtoservice") {
    // ...IfExists holds when the key is missing: long-term keys have no MFA key, anonymous
    // callers no organization. The caller can usually pick such a request.
    return {ConditionClass::kUnrestricting, t.operator_name.text + " on " + t.key.text +
                                                " holds when the request has no " + t.key.text +
                                                ": it does not restrict"};
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
  verdict.always_true = true;
  for (const ConditionTest& t : st.conditions) {
    TestVerdict v = ClassifyTest(t, st.Allows(), today, passed_to_service);
    verdict.always_true = verdict.always_true && v.always;
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
  static constexpr auto kKeys = std::to_array<std::string_view>({
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
  });
  for (const ConditionTest& t : st.conditions) {
    // Tests that hold for callers they were meant to keep out: ForAllValues and IfExists on a
    // missing key, a negated operator (everyone but one value), values that match anything.
    if (st.Allows() &&
        (t.qualifier == SetQualifier::kForAllValues || t.if_exists || IsNegated(t.base_operator))) {
      continue;
    }
    const bool any_value = std::any_of(t.values.begin(), t.values.end(), [](const Located& v) {
      return v.text.find_first_not_of("*?") == std::string::npos || v.text == "0.0.0.0/0" ||
             v.text == "::/0";
    });
    if (any_value || t.values.empty()) {
      continue;
    }
    const std::string key = ToLower(t.key.text);
    if (std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys)) {
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

// True when Deny `d` applies to every request for `id`: no condition, or one that always holds.
// The service field of an ARN glob ("s3" of "arn:aws:s3:::b/*"), or "" without one.
std::string_view ServiceField(std::string_view arn) {
  const size_t first = arn.find(':');
  const size_t second = first == std::string_view::npos ? first : arn.find(':', first + 1);
  const size_t third = second == std::string_view::npos ? second : arn.find(':', second + 1);
  return third == std::string_view::npos ? std::string_view()
                                         : arn.substr(second + 1, third - second - 1);
}

bool Applies(const StatementGrant& d) {
  return d.condition.kind == ConditionClass::kNone || d.condition.always_true;
}

bool Denies(const StatementGrant& d, catalog::ActionId id) {
  return Applies(d) && d.actions.Contains(id);
}

// A resource pattern that names only the caller itself: its user name or id by variable.
bool SelfOnly(std::string_view resource) {
  return resource.find("${aws:username}") != std::string_view::npos ||
         resource.find("${aws:userid}") != std::string_view::npos;
}

}  // namespace

PolicySet::PolicySet(catalog::ActionMatcher& matcher, std::string today)
    : matcher_(matcher), today_(std::move(today)) {}

StatementGrant PolicySet::MakeGrant(const SourceFile& file, const Policy& policy,
                                    const Statement& st, const catalog::ActionSet* granted) {
  StatementGrant g;
  g.file = &file;
  g.policy = &policy;
  g.statement = &st;
  if (granted != nullptr) {
    g.actions = *granted;
  } else {
    g.actions = catalog::ActionSet(catalog().action_count());
    for (const Located& pattern : st.actions) {
      matcher_.Expand(pattern.text).AddTo(g.actions);
    }
    if (st.not_action) {
      g.actions = g.actions.Complement();
    }
  }
  g.condition = AssessConditions(st, today_);
  const bool variables = policy.ExpandsVariables();
  for (const Located& r : st.resources) {
    // A value known only after apply (an ARN of the scanned code) may be any resource for an
    // Allow; for a Deny it denies nothing we can rely on. Likewise a policy variable: any
    // value for an Allow, only itself (never another name) for a Deny.
    if (st.Allows()) {
      if (r.text.find('*') != std::string::npos) {  // only a wildcard covers a whole type
        g.literal.push_back(catalog::ResourceGlob(r.text, false));
        g.literal_service.emplace_back(ServiceField(g.literal.back()));
      }
      g.globs.push_back(UnknownsAsWildcards(catalog::ResourceGlob(r.text, variables)));
      g.self.push_back(variables && SelfOnly(r.text));
    } else {
      g.globs.push_back(catalog::ResourceGlob(r.text, false));
      g.self.push_back(false);
    }
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

const std::string& ArnFormatGlobOf(const catalog::Catalog& cat, catalog::ResourceTypeId type) {
  // Per catalog, each type's glob made on first use (most runs need a handful of them).
  static std::map<const void*, std::vector<std::string>> cache;
  std::vector<std::string>& globs = cache[&cat];
  if (globs.size() != cat.resource_type_count()) {
    globs.assign(cat.resource_type_count(), std::string());
  }
  std::string& glob = globs[type];
  if (glob.empty()) {
    glob = catalog::ArnFormatGlob(cat.ResourceTypeArn(type));
  }
  return glob;
}

const std::string& PolicySet::FormatGlob(catalog::ResourceTypeId type) const {
  return ArnFormatGlobOf(catalog(), type);
}

void PolicySet::Add(const SourceFile& file, const Policy& policy,
                    const std::vector<const catalog::ActionSet*>* granted) {
  unrestricted_.reset();
  reachable_.reset();
  usable_.clear();
  whole_grants_.clear();
  for (size_t i = 0; i < policy.statements.size(); ++i) {
    const Statement& st = policy.statements[i];
    const catalog::ActionSet* given = granted != nullptr ? (*granted)[i] : nullptr;
    if (st.Allows()) {
      allows_.push_back(MakeGrant(file, policy, st, given));
    } else if (st.Denies()) {
      denies_.push_back(MakeGrant(file, policy, st, given));
    }
  }
}

void PolicySet::AddLimit(const SourceFile& file, const Policy& policy) {
  unrestricted_.reset();
  reachable_.reset();
  usable_.clear();
  std::vector<StatementGrant>& limit = limits_.emplace_back();
  for (const Statement& st : policy.statements) {
    if (st.Allows()) {
      limit.push_back(MakeGrant(file, policy, st));
    } else if (st.Denies()) {
      denies_.push_back(MakeGrant(file, policy, st));
    }
  }
}

std::string PolicySet::DescribeScope(const Usable& u) {
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
    // A literal action is compared by name (no catalog search); a wildcard through the
    // matcher's cache.
    const std::string name = catalog().FullActionName(id);
    for (const Located& pattern : st.actions) {
      const bool hit = catalog::HasWildcard(pattern.text)
                           ? matcher_.Expand(pattern.text).Contains(id)
                           : EqualsIgnoreCase(pattern.text, name);
      if (hit) {
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
    return catalog::ArnGlobsIntersect(glob, ArnFormatGlobOf(cat, t.resource_type));
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
  if (glob == "*") {
    return true;
  }
  return std::any_of(types.begin(), types.end(), [&](const catalog::ActionResource& t) {
    return is_own(t) && catalog::ArnGlobsIntersect(glob, FormatGlob(t.resource_type));
  });
}

bool PolicySet::GlobCoversType(const std::string& glob, catalog::ResourceTypeId type) const {
  const std::string& format = FormatGlob(type);
  const size_t colon = glob.find(':', 4);
  // A policy applies within one partition: the format's `*` partition takes the pattern's.
  return glob.starts_with("arn:") && format.starts_with("arn:*:") && colon != std::string::npos
             ? catalog::ArnGlobContains(glob, glob.substr(0, colon) + format.substr(5))
             : catalog::ArnGlobContains(glob, format);
}

bool PolicySet::TypeCovered(const StatementGrant& grant, catalog::ResourceTypeId type) const {
  const std::string_view service = ServiceField(FormatGlob(type));
  for (size_t i = 0; i < grant.literal.size(); ++i) {
    // A different literal service never contains the format: no comparison needed.
    const std::string_view own = grant.literal_service[i];
    if (own != service && own.find_first_of("*?") == std::string_view::npos) {
      continue;
    }
    if (GlobCoversType(grant.literal[i], type)) {
      return true;
    }
  }
  return false;
}

bool PolicySet::CoversEveryResourceOf(const StatementGrant& grant, catalog::ActionId id,
                                      std::vector<signed char>* memo) const {
  if (grant.all_resources) {
    return true;
  }
  if (grant.statement->not_resource || grant.globs.empty()) {
    return false;
  }
  // Every type the action requires; when it requires none (s3:GetObject takes an object or
  // an access-point object), one of its types whole is every resource in practice.
  const catalog::Catalog& cat = catalog();
  const auto types = cat.ActionResourceTypes(id);
  const bool any_required = std::any_of(
      types.begin(), types.end(), [](const catalog::ActionResource& t) { return t.required; });
  // The patterns as written (a policy variable or a value known only after apply is one
  // resource, never every one), decided once per statement and resource type.
  if (grant.literal.empty()) {
    return false;
  }
  auto whole = [&](const catalog::ActionResource& t) {
    if (memo != nullptr && (*memo)[t.resource_type] >= 0) {
      return (*memo)[t.resource_type] == 1;
    }
    const bool covered = TypeCovered(grant, t.resource_type);
    if (memo != nullptr) {
      (*memo)[t.resource_type] = covered ? 1 : 0;
    }
    return covered;
  };
  if (types.empty()) {
    return false;
  }
  if (!any_required) {
    return std::any_of(types.begin(), types.end(), whole);
  }
  return std::all_of(types.begin(), types.end(),
                     [&](const catalog::ActionResource& t) { return !t.required || whole(t); });
}

const catalog::ActionSet& PolicySet::WholeTypeGrants(size_t index,
                                                     const catalog::ActionSet& relevant) const {
  constexpr size_t kMaxCandidates = 500;
  if (whole_grants_.size() != allows_.size()) {
    whole_grants_.assign(allows_.size(), std::nullopt);
  }
  std::optional<catalog::ActionSet>& slot = whole_grants_[index];
  if (!slot) {
    const StatementGrant& g = allows_[index];
    slot.emplace(catalog().action_count());
    if (!g.all_resources && !g.literal.empty() && g.actions.Intersects(relevant)) {
      catalog::ActionSet candidates = g.actions;
      candidates &= relevant;
      candidates &= Reachable();
      // Decided once per resource type for this statement (-1: not yet).
      std::vector<signed char> memo(catalog().resource_type_count(), -1);
      if (candidates.Count() <= kMaxCandidates) {
        candidates.ForEach([&](catalog::ActionId a) {
          if (CoversEveryResourceOf(g, a, &memo)) {
            slot->Add(a);
          }
        });
      }
    }
  }
  return *slot;
}

bool PolicySet::ExcludedEverywhere(const StatementGrant& allow, catalog::ActionId id) const {
  // Allow with NotResource: everything but the listed resources. When they cover every
  // resource the action acts on, it is granted nowhere.
  const catalog::Catalog& cat = catalog();
  const auto types = cat.ActionResourceTypes(id);
  auto covered = [&](catalog::ResourceTypeId type) {
    return std::any_of(allow.globs.begin(), allow.globs.end(),
                       [&](const std::string& e) { return GlobCoversType(e, type); });
  };
  if (types.empty()) {  // takes only "*": excluded when an exclusion matches "*"
    return std::any_of(allow.globs.begin(), allow.globs.end(),
                       [](const std::string& e) { return catalog::GlobContains(e, "*"); });
  }
  const std::string own =
      "arn:${Partition}:" + std::string(cat.ServicePrefix(cat.ActionService(id))) + ":";
  bool any_own = false;
  for (const catalog::ActionResource& t : types) {
    if (cat.ResourceTypeArn(t.resource_type).starts_with(own)) {
      any_own = true;
      if (!covered(t.resource_type)) {
        return false;
      }
    }
  }
  return any_own || std::all_of(types.begin(), types.end(), [&](const catalog::ActionResource& t) {
           return covered(t.resource_type);
         });
}

bool PolicySet::RemainingScope(const StatementGrant& allow, catalog::ActionId id,
                               const std::vector<const StatementGrant*>& denies, bool others_only,
                               std::vector<std::string>& scope, bool& all) const {
  // Past this many pattern comparisons a Deny is not subtracted (the safe side for findings):
  // valid policies are far smaller, hostile ones must not take minutes.
  constexpr size_t kMaxComparisons = 200000;
  all = allow.all_resources;
  scope.clear();
  if (allow.statement->not_resource && ExcludedEverywhere(allow, id)) {
    return false;
  }
  if (!all) {
    for (size_t i = 0; i < allow.globs.size(); ++i) {
      if (!(others_only && allow.self[i])) {
        scope.push_back(allow.globs[i]);
      }
    }
  }
  // Denies with NotResource first (they narrow "every resource" to a list), then the others:
  // the order of statements does not matter to IAM.
  for (const bool not_resource : {true, false}) {
    for (const StatementGrant* d : denies) {
      if (d->statement->not_resource != not_resource) {
        continue;
      }
      if (scope.size() * std::max<size_t>(d->globs.size(), 1) > kMaxComparisons) {
        continue;
      }
      if (not_resource) {
        // Denied everywhere except the listed resources: only those stay open.
        if (all) {
          all = false;
          scope = d->globs;
        } else {
          std::erase_if(scope, [&](const std::string& c) {
            return std::none_of(d->globs.begin(), d->globs.end(), [&](const std::string& e) {
              return catalog::ArnGlobsIntersect(c, e);
            });
          });
        }
      } else if (d->all_resources) {
        return false;
      } else if (!all) {
        std::erase_if(scope, [&](const std::string& c) {
          return std::any_of(d->globs.begin(), d->globs.end(),
                             [&](const std::string& e) { return catalog::ArnGlobContains(e, c); });
        });
      }
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

Usable PolicySet::FindUsable(catalog::ActionId id, std::string_view passed_to_service,
                             bool others_only) const {
  const std::string key =
      std::to_string(id) + "|" + std::string(passed_to_service) + (others_only ? "|others" : "");
  if (const auto hit = usable_.find(key); hit != usable_.end()) {
    return hit->second;
  }
  Usable best;
  if (WithinLimits(id)) {
    std::vector<const StatementGrant*> denies;
    for (const StatementGrant& d : denies_) {
      if (Denies(d, id)) {
        denies.push_back(&d);
      }
    }
    // Grants on every resource first (the widest answer), then the first grant that remains
    // usable somewhere.
    for (const bool widest : {true, false}) {
      for (const StatementGrant& g : allows_) {
        if (g.all_resources != widest || !g.actions.Contains(id)) {
          continue;
        }
        const ConditionClass cls =
            passed_to_service.empty() || g.statement->conditions.empty()
                ? g.condition.kind
                : AssessConditions(*g.statement, today_, passed_to_service).kind;
        if (cls == ConditionClass::kRestricting || cls == ConditionClass::kNeverTrue) {
          continue;
        }
        std::vector<std::string> scope;
        bool all = false;
        if (RemainingScope(g, id, denies, others_only, scope, all)) {
          best = all ? Usable{&g, true, {}} : Usable{&g, false, std::move(scope)};
          break;
        }
      }
      if (best) {
        break;
      }
    }
  }
  usable_.emplace(key, best);
  return best;
}

std::vector<Usable> PolicySet::UsableGrants(catalog::ActionId id,
                                            std::string_view passed_to_service) const {
  std::vector<Usable> out;
  if (!WithinLimits(id)) {
    return out;
  }
  std::vector<const StatementGrant*> denies;
  for (const StatementGrant& d : denies_) {
    if (Denies(d, id)) {
      denies.push_back(&d);
    }
  }
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
    if (RemainingScope(g, id, denies, false, scope, all)) {
      out.push_back(all ? Usable{&g, true, {}} : Usable{&g, false, std::move(scope)});
    }
  }
  std::stable_partition(out.begin(), out.end(), [](const Usable& u) { return u.all_resources; });
  return out;
}

bool PolicySet::DeniedOn(catalog::ActionId id, std::string_view target) const {
  return std::any_of(denies_.begin(), denies_.end(), [&](const StatementGrant& d) {
    return Denies(d, id) && !d.statement->not_resource &&
           std::any_of(d.globs.begin(), d.globs.end(),
                       [&](const std::string& x) { return catalog::ArnGlobContains(x, target); });
  });
}

Usable PolicySet::UsableOnTarget(const std::vector<Usable>& grants, catalog::ActionId id,
                                 std::string_view target) const {
  for (const Usable& u : grants) {
    if (u.all_resources) {
      if (!DeniedOn(id, target)) {  // every resource, unless a Deny names the target itself
        return u;
      }
      continue;
    }
    std::vector<std::string> on;
    for (const std::string& s : u.scope) {
      if (catalog::ArnGlobsIntersect(s, target)) {
        on.push_back(s);
      }
    }
    if (!on.empty()) {
      return {u.grant, false, std::move(on)};
    }
  }
  return {};
}

Usable PolicySet::FindUsableOn(catalog::ActionId id, std::string_view target,
                               std::string_view passed_to_service) const {
  return UsableOnTarget(UsableGrants(id, passed_to_service), id, target);
}

catalog::ActionSet PolicySet::DeniedEverywhere(const StatementGrant& d) const {
  if (!Applies(d)) {
    return catalog::ActionSet(catalog().action_count());
  }
  if (!d.statement->not_resource) {
    return d.all_resources ? d.actions : catalog::ActionSet(catalog().action_count());
  }
  // Denied everywhere but the listed resources: an action stays open only if one of them can
  // be a resource of that action. Decided once per resource type.
  const catalog::Catalog& cat = catalog();
  // Decided once per resource type the Deny's actions use (-1: not decided yet).
  std::vector<signed char> type_open(cat.resource_type_count(), -1);
  // Past this many pattern comparisons the Deny is not subtracted (the safe side for
  // findings): a hostile NotResource list must not take minutes.
  constexpr size_t kMaxComparisons = 100000;
  size_t comparisons = 0;
  bool gave_up = false;
  auto open_type = [&](catalog::ResourceTypeId t) {
    if (type_open[t] < 0) {
      comparisons += d.globs.size();
      gave_up = gave_up || comparisons > kMaxComparisons;
      if (gave_up) {
        return true;
      }
      type_open[t] = std::any_of(d.globs.begin(), d.globs.end(),
                                 [&](const std::string& g) {
                                   return catalog::ArnGlobsIntersect(g, FormatGlob(t));
                                 })
                         ? 1
                         : 0;
    }
    return type_open[t] == 1;
  };
  const bool star_open = std::any_of(d.globs.begin(), d.globs.end(), [](const std::string& g) {
    return catalog::GlobMatch(g, "*", false);
  });
  catalog::ActionSet denied(cat.action_count());
  d.actions.ForEach([&](catalog::ActionId a) {
    const auto types = cat.ActionResourceTypes(a);
    const bool open = types.empty() ? star_open
                                    : std::any_of(types.begin(), types.end(),
                                                  [&](const catalog::ActionResource& r) {
                                                    return open_type(r.resource_type);
                                                  });
    if (!open) {
      denied.Add(a);
    }
  });
  return gave_up ? catalog::ActionSet(cat.action_count()) : denied;
}

const catalog::ActionSet& PolicySet::Unrestricted() const {
  if (unrestricted_) {
    return *unrestricted_;
  }
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
  unrestricted_ = std::move(allowed);
  return *unrestricted_;
}

const catalog::ActionSet& PolicySet::Reachable() const {
  if (reachable_) {
    return *reachable_;
  }
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
  reachable_ = std::move(allowed);
  return *reachable_;
}

}  // namespace iamlint
