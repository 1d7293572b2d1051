#include "analyzer/diff/render.h"

#include <algorithm>
#include <array>
#include <map>

#include <nlohmann/json.hpp>

#include "analyzer/core/strings.h"

namespace iamlint::diff {
namespace {

using nlohmann::ordered_json;

constexpr int kSchema = 1;
constexpr size_t kTextServices = 6;
constexpr size_t kTextNames = 8;
constexpr size_t kInlineActions = 5;     // Markdown: longer lists go in <details>
constexpr size_t kDetailsServices = 20;  // ... within a comment's size limit
constexpr size_t kDetailsNames = 30;

enum class Side { kAdded, kRemoved, kAccepted };

std::string_view SideName(Side side) {
  return side == Side::kAdded     ? "new access"
         : side == Side::kRemoved ? "removed access"
                                  : "accepted";
}

const std::vector<Change>& ChangesOf(const PolicyDiff& d, Side side) {
  return side == Side::kAdded ? d.added : side == Side::kRemoved ? d.removed : d.accepted;
}

// The version the changes of `side` point into.
const Version& VersionOf(const DiffReport& r, Side side) {
  return side == Side::kRemoved ? *r.before : *r.after;
}

// The file and range shown for a change: its value, or where an AWS managed policy is attached.
struct Place {
  const SourceFile* file = nullptr;
  ByteRange range;
};

Place PlaceOf(const PolicyDiff& d, const Change& c) {
  if (d.site_file != nullptr || d.status == "attached" || d.status == "detached") {
    return {d.site_file, d.site_range};
  }
  return {c.cell->file, c.range};
}

std::string Where(const DiffReport& r, Side side, const Place& p) {
  if (p.file == nullptr) {
    return "<unknown>";
  }
  const LineColumn at = p.file->Locate(p.range.begin);
  return Concat({ShownPath(*p.file, VersionOf(r, side)), ":", std::to_string(at.line), ":",
                 std::to_string(at.column)});
}

std::string ActionNames(const catalog::Catalog& cat, const catalog::ActionSet& actions) {
  std::string out;
  actions.ForEach([&](catalog::ActionId a) {
    out += out.empty() ? "" : ", ";
    out += cat.FullActionName(a);
  });
  return out;
}

std::string TestText(const ConditionTest& t) {
  std::string out = t.operator_name.text;
  out += ' ';
  out += t.key.text;
  out += " [";
  for (size_t i = 0; i < t.values.size(); ++i) {
    out += i == 0 ? "" : ", ";
    out += t.values[i].text;
  }
  out += ']';
  return out;
}

// What the earlier version had that explains the change, for messages ("" when nothing).
std::string Detail(const DiffReport& r, Side side, const PolicyDiff& d, const Change& c) {
  if (c.condition != nullptr) {
    return Concat({side == Side::kRemoved ? "now: " : "was: ", TestText(*c.condition)});
  }
  if (c.deny != nullptr) {
    const Side other = side == Side::kRemoved ? Side::kAdded : Side::kRemoved;
    std::string out = "Deny statement ";
    out += c.deny->statement->Label();
    out += " at ";
    out += Where(r, other, {c.deny->file, c.deny->statement->range});
    return out;
  }
  if (d.status == "attached" || d.status == "detached") {
    return Concat({"AWS managed policy ", d.name, " ", d.status});
  }
  return {};
}

std::string Counted(size_t n, std::string_view noun) {
  return Plural(n, noun);
}

// The resources of a change, as written.
std::string Resources(const Change& c) {
  std::string out;
  for (const ResourceScope* r : c.resources) {
    out += out.empty() ? "" : ", ";
    out += r->Display();
  }
  return out.empty() ? c.cell->resource.Display() : out;
}

// "policy NAME " when the policy has a name of its own (infrastructure code), "" for a file.
std::string Named(const DiffReport& r, const PolicyDiff& d) {
  if (d.status == "attached" || d.status == "detached") {
    return Concat({d.principal, ": "});
  }
  if ((d.new_file != nullptr && d.name == ShownPath(*d.new_file, *r.after)) ||
      (d.old_file != nullptr && d.name == ShownPath(*d.old_file, *r.before))) {
    return {};
  }
  return Concat({d.name, ": "});
}

// What a Markdown section is about: the principal of an attachment, the policy's name, or
// the file of that side.
std::string Subject(const DiffReport& r, Side side, const PolicyDiff& d) {
  if (d.status == "attached" || d.status == "detached") {
    return d.principal;
  }
  const SourceFile* file = side == Side::kRemoved ? d.old_file : d.new_file;
  if (Named(r, d).empty() && file != nullptr) {
    return ShownPath(*file, VersionOf(r, side));
  }
  return d.name;
}

// Access levels with counts: "Read 10, Write 2".
std::string LevelCounts(const std::array<size_t, 5>& by_level) {
  std::string out;
  for (size_t level = 0; level < by_level.size(); ++level) {
    if (by_level[level] > 0) {
      out += out.empty() ? "" : ", ";
      out += catalog::AccessLevelName(static_cast<catalog::AccessLevel>(level));
      out += ' ';
      out += std::to_string(by_level[level]);
    }
  }
  return out;
}

void PrintChange(std::ostream& out, const DiffReport& r, Side side, const PolicyDiff& d,
                 const Change& c) {
  const catalog::Catalog& cat = *r.catalog;
  const size_t n = c.actions.Count();
  out << Where(r, side, PlaceOf(d, c)) << ": " << SideName(side) << ": "
      << ChangeKindName(c.kind, side == Side::kRemoved) << ": " << Named(r, d) << "statement "
      << c.cell->statement->Label() << ": "
      << (n == 1 ? ActionNames(cat, c.actions) : Counted(n, "action")) << " on " << Resources(c);
  if (c.cell->principal.present) {
    out << " to " << c.cell->principal.Display();
  }
  const std::string detail = Detail(r, side, d, c);
  if (!detail.empty()) {
    out << " (" << detail << ")";
  }
  out << '\n';
  if (n > 1) {
    for (const std::string& line : DescribeActions(cat, c.actions, kTextServices, kTextNames)) {
      out << "    " << line << '\n';
    }
  }
}

ordered_json ChangeJson(const DiffReport& r, Side side, const PolicyDiff& d, const Change& c) {
  const Place p = PlaceOf(d, c);
  ordered_json entry = {
      {"policy", d.name},
      {"principal", d.principal.empty() ? ordered_json() : ordered_json(d.principal)},
      {"status", d.status},
      {"change", ChangeKindName(c.kind, side == Side::kRemoved)},
      {"path", p.file != nullptr ? ShownPath(*p.file, VersionOf(r, side)) : ""}};
  if (p.file != nullptr) {
    const LineRange lr = p.file->Locate(p.range);
    entry["range"] = {{"start", {{"line", lr.start.line}, {"column", lr.start.column}}},
                      {"end", {{"line", lr.end.line}, {"column", lr.end.column}}}};
  }
  entry["statement"] = c.cell->statement->Label();
  ordered_json resources = ordered_json::array();
  for (const ResourceScope* res : c.resources) {
    resources.push_back(res->Display());
  }
  entry["resources"] = std::move(resources);
  entry["principal_entry"] =
      c.cell->principal.present ? ordered_json(c.cell->principal.Display()) : ordered_json();
  const std::string detail = Detail(r, side, d, c);
  entry["detail"] = detail.empty() ? ordered_json() : ordered_json(detail);
  entry["action_count"] = c.actions.Count();
  ordered_json names = ordered_json::array();
  c.actions.ForEach([&](catalog::ActionId a) { names.push_back(r.catalog->FullActionName(a)); });
  entry["actions"] = std::move(names);
  return entry;
}

// A Markdown table cell: `|` escaped.
std::string TableCell(std::string_view text) {
  std::string escaped;
  for (const char ch : text) {
    if (ch == '|') {
      escaped += '\\';
    }
    escaped += ch;
  }
  return escaped;
}

std::string ActionsCell(const catalog::Catalog& cat, const catalog::ActionSet& actions) {
  const size_t n = actions.Count();
  if (n <= kInlineActions) {
    return Concat({"`", ActionNames(cat, actions), "`"});
  }
  std::string list = Concat({"<details><summary>", Counted(n, "action"), "</summary>"});
  for (const std::string& line : DescribeActions(cat, actions, kDetailsServices, kDetailsNames)) {
    list += line;
    list += "<br>";
  }
  list += "</details>";
  return list;
}

void PrintSection(std::ostream& out, const DiffReport& r, Side side, const PolicyDiff& d) {
  const std::vector<Change>& changes = ChangesOf(d, side);
  if (changes.empty()) {
    return;
  }
  out << "#### "
      << (side == Side::kAdded     ? "New access"
          : side == Side::kRemoved ? "Removed access"
                                   : "Accepted by --allow")
      << ": `" << Subject(r, side, d) << "`";
  if (d.status == "attached" || d.status == "detached") {
    out << " (" << d.name << " " << d.status << ")";
  } else if (!d.principal.empty()) {
    out << " (of `" << d.principal << "`)";
  }
  out << "\n\n| Change | Statement | Resource | Principal | Actions | Where |\n"
      << "|---|---|---|---|---|---|\n";
  for (const Change& c : changes) {
    std::string change(ChangeKindName(c.kind, side == Side::kRemoved));
    const std::string detail = Detail(r, side, d, c);
    if (!detail.empty()) {
      change += Concat({" (", detail, ")"});
    }
    out << "| " << TableCell(change) << " | " << TableCell(c.cell->statement->Label()) << " | `"
        << TableCell(Resources(c)) << "` | "
        << (c.cell->principal.present ? Concat({"`", TableCell(c.cell->principal.Display()), "`"})
                                      : "")
        << " | " << ActionsCell(*r.catalog, c.actions) << " | "
        << TableCell(Where(r, side, PlaceOf(d, c))) << " |\n";
  }
  out << '\n';
}

}  // namespace

bool HasNewAccess(const std::vector<PolicyDiff>& diffs) {
  return std::any_of(diffs.begin(), diffs.end(),
                     [](const PolicyDiff& d) { return !d.added.empty(); });
}

std::vector<std::string> DescribeActions(const catalog::Catalog& cat,
                                         const catalog::ActionSet& actions, size_t max_services,
                                         size_t max_names) {
  struct Service {
    std::array<size_t, 5> by_level{};
    std::vector<catalog::ActionId> ids;
  };
  std::map<std::string, Service> services;
  actions.ForEach([&](catalog::ActionId a) {
    Service& s = services[std::string(cat.ServicePrefix(cat.ActionService(a)))];
    ++s.by_level[static_cast<size_t>(cat.ActionAccessLevel(a))];
    s.ids.push_back(a);
  });
  std::vector<std::string> lines;
  for (const auto& [prefix, s] : services) {
    if (lines.size() == max_services) {
      lines.push_back(Concat({"... ", Counted(services.size() - max_services, "more service")}));
      break;
    }
    std::string line = Concat({prefix, ": ", Counted(s.ids.size(), "action"), " ("});
    line += LevelCounts(s.by_level);
    line += "): ";
    for (size_t i = 0; i < s.ids.size() && i < max_names; ++i) {
      line += i == 0 ? "" : ", ";
      line += cat.ActionName(s.ids[i]);
    }
    if (s.ids.size() > max_names) {
      line += Concat({", ... (+", std::to_string(s.ids.size() - max_names), ")"});
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

void RenderText(std::ostream& out, const DiffReport& r) {
  std::array<size_t, 3> counts{};  // changes per Side
  size_t added_actions = 0;
  for (const Side side : {Side::kAdded, Side::kAccepted, Side::kRemoved}) {
    for (const PolicyDiff& d : *r.diffs) {
      for (const Change& c : ChangesOf(d, side)) {
        PrintChange(out, r, side, d, c);
        ++counts[static_cast<size_t>(side)];
        added_actions += side == Side::kAdded ? c.actions.Count() : 0;
      }
    }
  }
  for (const InputError& e : r.errors) {
    out << e.path << ": error: " << e.message << '\n';
  }
  const size_t added = counts[static_cast<size_t>(Side::kAdded)];
  const size_t accepted = counts[static_cast<size_t>(Side::kAccepted)];
  if (added == 0) {
    out << "no new access";
  } else {
    out << Counted(added, "change") << " granting new access (" << Counted(added_actions, "action")
        << ")";
  }
  if (accepted > 0) {
    out << ", " << accepted << " accepted by --allow";
  }
  out << ", " << Counted(counts[static_cast<size_t>(Side::kRemoved)], "change")
      << " removing access\n";
}

void RenderJson(std::ostream& out, const DiffReport& r) {
  ordered_json doc = {{"schema", kSchema}};
  std::array<size_t, 3> counts{};
  for (const Side side : {Side::kAdded, Side::kRemoved, Side::kAccepted}) {
    ordered_json list = ordered_json::array();
    for (const PolicyDiff& d : *r.diffs) {
      for (const Change& c : ChangesOf(d, side)) {
        list.push_back(ChangeJson(r, side, d, c));
        ++counts[static_cast<size_t>(side)];
      }
    }
    doc[side == Side::kAdded     ? "new_access"
        : side == Side::kRemoved ? "removed_access"
                                 : "accepted"] = std::move(list);
  }
  ordered_json errors = ordered_json::array();
  for (const InputError& e : r.errors) {
    errors.push_back({{"path", e.path}, {"message", e.message}});
  }
  doc["errors"] = std::move(errors);
  doc["summary"] = {{"new_access", counts[0]},
                    {"removed_access", counts[1]},
                    {"accepted", counts[2]},
                    {"gate", HasNewAccess(*r.diffs) ? "fail" : "pass"}};
  out << doc.dump(2) << '\n';
}

void RenderMarkdown(std::ostream& out, const DiffReport& r) {
  size_t policies = 0;
  size_t actions = 0;
  for (const PolicyDiff& d : *r.diffs) {
    policies += d.added.empty() ? 0 : 1;
    for (const Change& c : d.added) {
      actions += c.actions.Count();
    }
  }
  size_t removed = 0;
  for (const PolicyDiff& d : *r.diffs) {
    removed += d.removed.size();
  }
  if (policies == 0) {
    out << "### iamlint diff: no new access";
  } else {
    out << "### iamlint diff: new access in " << policies
        << (policies == 1 ? " policy (" : " policies (") << Counted(actions, "action") << ")";
  }
  if (removed > 0) {
    out << "; " << Counted(removed, "change") << " removing access";
  }
  out << "\n\n";
  for (const Side side : {Side::kAdded, Side::kAccepted, Side::kRemoved}) {
    for (const PolicyDiff& d : *r.diffs) {
      PrintSection(out, r, side, d);
    }
  }
  for (const InputError& e : r.errors) {
    out << "> error: " << e.path << ": " << e.message << "\n";
  }
}

}  // namespace iamlint::diff
