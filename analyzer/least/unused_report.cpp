// Text and JSON for `iamlint unused`.

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "analyzer/core/strings.h"
#include "analyzer/least/unused.h"

namespace iamlint::least {

using activity::FormatTime;
using activity::kNever;

namespace {

constexpr std::array kLevels = {
    catalog::AccessLevel::kList, catalog::AccessLevel::kRead, catalog::AccessLevel::kWrite,
    catalog::AccessLevel::kPermissionsManagement, catalog::AccessLevel::kTagging};

// "role/service/lambda/fn-a": the ARN's resource part, as people name principals.
std::string ShortName(const account::AccountPrincipal& p) {
  const size_t colon = p.arn.rfind(':');
  return colon == std::string::npos ? p.arn : p.arn.substr(colon + 1);
}

std::string Location(const account::Snapshot& snapshot, const account::AccountPrincipal& p) {
  const SourceFile& file = *snapshot.files.front();
  const LineColumn at = file.Locate(p.range.begin);
  return Concat({file.path(), ":", std::to_string(at.line), ":", std::to_string(at.column)});
}

std::string TimeOrNever(activity::Time t) {
  return t == kNever ? "never" : FormatTime(t);
}

// "GetObject, PutObject and 3 more", at most `limit` names.
std::string NameList(const std::vector<catalog::ActionId>& ids, const catalog::Catalog& cat,
                     size_t limit) {
  std::string out;
  for (size_t i = 0; i < ids.size() && i < limit; ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += cat.ActionName(ids[i]);
  }
  if (ids.size() > limit) {
    out += " and ";
    out += std::to_string(ids.size() - limit);
    out += " more";
  }
  return out;
}

void AppendServiceLines(const PrincipalUsage& u, const catalog::Catalog& cat, bool verbose,
                        std::string& out) {
  std::vector<std::string> whole;  // services granted and not used at all
  for (const ServiceUsage& s : u.services) {
    if (s.unused.empty()) {
      continue;
    }
    if (s.used == 0 && !verbose) {
      whole.push_back(s.service);
      continue;
    }
    out += Concat({"    ", s.service, ": ", std::to_string(s.unused.size()), " of ",
                   std::to_string(s.granted), " unused"});
    // A few actions are named; many are counted per access level (--verbose names them all).
    const bool name_them = verbose || s.unused.size() <= 8;
    for (const catalog::AccessLevel level : kLevels) {
      std::vector<catalog::ActionId> ids;
      std::copy_if(s.unused.begin(), s.unused.end(), std::back_inserter(ids),
                   [&](catalog::ActionId id) { return cat.ActionAccessLevel(id) == level; });
      if (ids.empty()) {
        continue;
      }
      out += Concat({"; ", catalog::AccessLevelName(level), ": ",
                     name_them ? NameList(ids, cat, ids.size()) : std::to_string(ids.size())});
    }
    out += "\n";
  }
  if (!whole.empty()) {
    const size_t limit = 12;
    std::vector<std::string> shown(
        whole.begin(), whole.begin() + static_cast<long>(std::min(limit, whole.size())));
    out += Concat(
        {"    ", Plural(whole.size(), "service"), " granted and never used: ", Join(shown, ", ")});
    if (whole.size() > limit) {
      out += Concat({" and ", std::to_string(whole.size() - limit), " more"});
    }
    out += "\n";
  }
}

}  // namespace

std::string UnusedText(const UnusedReport& report, const account::Snapshot& snapshot,
                       const activity::Activity& activity, const UnusedOptions& options,
                       const catalog::Catalog& cat, bool verbose) {
  std::string out;
  size_t principals_with_unused = 0;
  size_t never_active = 0;
  for (const PrincipalUsage& u : report.principals) {
    const account::AccountPrincipal& p = *u.principal;
    if (u.state == PrincipalState::kNeverActive) {
      ++never_active;
      out += Concat({Location(snapshot, p), ": unused ", account::KindName(p.kind), " '",
                     ShortName(p), "': no activity from ", FormatTime(options.window.since), " to ",
                     FormatTime(options.window.until), " (last seen ", TimeOrNever(u.last_seen),
                     "); it grants ", Plural(u.granted, "action"), " [unused-principal]\n",
                     "    remove it, or detach its policies until it is needed\n"});
      continue;
    }
    if (u.state != PrincipalState::kActive || u.unused == 0) {
      continue;
    }
    ++principals_with_unused;
    out += Concat({Location(snapshot, p), ": ", account::KindName(p.kind), " '", ShortName(p),
                   "' used ", std::to_string(u.used), " of ", Plural(u.granted, "granted action"),
                   "; ", std::to_string(u.unused), " unused (last seen ", TimeOrNever(u.last_seen),
                   ") [unused-permissions]\n"});
    AppendServiceLines(u, cat, verbose, out);
    if (!u.not_granted.empty()) {
      out += Concat({"    used but not granted by its policies here: ",
                     NameList(u.not_granted, cat, verbose ? u.not_granted.size() : 8), "\n"});
    }
    out += Concat(
        {"    `iamlint generate --principal ", p.arn, "` writes a policy of what it used\n"});
  }
  for (const CredentialUsage& c : report.credentials) {
    const std::string when = c.last_used == kNever
                                 ? Concat({"never used, since ", FormatTime(c.since)})
                                 : Concat({"last used ", FormatTime(c.last_used)});
    out += Concat({options.credential_report, ":", std::to_string(c.line), ": user '", c.user,
                   "': ", c.credential, " unused for ", std::to_string(c.days_unused), " days (",
                   when, ") [unused-credential]\n"});
  }
  for (const std::string& name : report.unknown_principals) {
    out +=
        Concat({"error: no user or role '", name, "' in ", snapshot.files.front()->path(), "\n"});
  }
  out += Concat({"\n", Plural(activity.records, "CloudTrail record"), " read, ",
                 std::to_string(activity.in_window), " in the window, ",
                 std::to_string(activity.attributed), " by IAM users and roles (",
                 std::to_string(activity.denied), " denied, ", std::to_string(activity.unmapped),
                 " without an IAM action); ", Plural(principals_with_unused, "principal"),
                 " with unused permissions, ", std::to_string(never_active), " unused, ",
                 Plural(report.credentials.size(), "unused credential"), "\n"});
  return out;
}

std::string UnusedJson(const UnusedReport& report, const account::Snapshot& snapshot,
                       const activity::Activity& activity, const UnusedOptions& options,
                       const catalog::Catalog& cat) {
  using nlohmann::ordered_json;
  const auto time_or_null = [](activity::Time t) {
    return t == kNever ? ordered_json(nullptr) : ordered_json(FormatTime(t));
  };
  ordered_json root;
  root["schema"] = 1;
  root["kind"] = "unused";
  root["window"] = {{"since", FormatTime(options.window.since)},
                    {"until", FormatTime(options.window.until)}};
  ordered_json unmapped = ordered_json::object();
  for (const auto& [event, count] : activity.unmapped_events) {
    unmapped[event] = count;
  }
  root["activity"] = {
      {"records", activity.records},       {"in_window", activity.in_window},
      {"attributed", activity.attributed}, {"denied", activity.denied},
      {"failed", activity.failed},         {"not_iam", activity.not_iam},
      {"unmapped", activity.unmapped},     {"no_permission", activity.no_permission},
      {"unmapped_events", unmapped}};
  const SourceFile& file = *snapshot.files.front();
  ordered_json principals = ordered_json::array();
  for (const PrincipalUsage& u : report.principals) {
    const account::AccountPrincipal& p = *u.principal;
    const LineRange at = file.Locate(p.range);
    ordered_json services = ordered_json::array();
    for (const ServiceUsage& s : u.services) {
      ordered_json unused = ordered_json::object();
      for (const catalog::AccessLevel level : kLevels) {
        ordered_json names = ordered_json::array();
        for (const catalog::ActionId id : s.unused) {
          if (cat.ActionAccessLevel(id) == level) {
            names.push_back(cat.FullActionName(id));
          }
        }
        if (!names.empty()) {
          unused[std::string(catalog::AccessLevelName(level))] = std::move(names);
        }
      }
      services.push_back({{"service", s.service},
                          {"granted", s.granted},
                          {"used", s.used},
                          {"service_level", s.service_level},
                          {"last_used", time_or_null(s.last_used)},
                          {"unused", std::move(unused)}});
    }
    ordered_json not_granted = ordered_json::array();
    for (const catalog::ActionId id : u.not_granted) {
      not_granted.push_back(cat.FullActionName(id));
    }
    principals.push_back({{"arn", p.arn},
                          {"name", p.name},
                          {"type", account::KindName(p.kind)},
                          {"state", PrincipalStateName(u.state)},
                          {"last_seen", time_or_null(u.last_seen)},
                          {"path", file.path()},
                          {"range",
                           {{"start", {{"line", at.start.line}, {"column", at.start.column}}},
                            {"end", {{"line", at.end.line}, {"column", at.end.column}}}}},
                          {"granted", u.granted},
                          {"used", u.used},
                          {"unused", u.unused},
                          {"services", std::move(services)},
                          {"used_not_granted", std::move(not_granted)}});
  }
  root["principals"] = std::move(principals);
  ordered_json credentials = ordered_json::array();
  for (const CredentialUsage& c : report.credentials) {
    credentials.push_back({{"user", c.user},
                           {"arn", c.arn},
                           {"credential", c.credential},
                           {"last_used", time_or_null(c.last_used)},
                           {"days_unused", c.days_unused},
                           {"path", options.credential_report},
                           {"line", c.line}});
  }
  root["credentials"] = std::move(credentials);
  root["unknown_principals"] = report.unknown_principals;
  return root.dump(2) + "\n";
}

}  // namespace iamlint::least
