#include "analyzer/activity/event_map.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analyzer/activity/activity.h"
#include "analyzer/parse/json.h"

extern const char kIamlintCloudTrailEventsJson[];

namespace iamlint::activity {
namespace {

// The data file, parsed once (our data, checked by tests).
struct EventData {
  std::unordered_map<std::string, std::string> source_prefix;
  std::unordered_map<std::string, std::vector<std::string>> event_actions;  // "source:name"
  std::unordered_set<std::string> no_permission;                            // "source:name"
  std::unordered_map<std::string, std::string> versioned;                   // source -> suffix
  // source -> (event name prefix, HTTP verb), longest prefix first
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> verbs;
};

EventData Load() {
  EventData data;
  const parse::JsonParseResult parsed = parse::ParseJson(kIamlintCloudTrailEventsJson);
  if (!parsed.document) {
    return data;
  }
  const parse::JsonDocument& doc = *parsed.document;
  auto each = [&](const char* list, auto&& fn) {
    const auto array = doc.Find(doc.root(), list);
    for (uint32_t i = 0; array && i < doc.size(*array); ++i) {
      fn(doc.Element(*array, i));
    }
  };
  auto text = [&](parse::NodeId object, const char* key) {
    const auto value = doc.Find(object, key);
    return value ? std::string(doc.Text(*value)) : std::string();
  };
  each("event_sources",
       [&](parse::NodeId e) { data.source_prefix[text(e, "event_source")] = text(e, "prefix"); });
  each("events", [&](parse::NodeId e) {
    std::vector<std::string>& actions = data.event_actions[text(e, "event")];
    const auto list = doc.Find(e, "actions");
    for (uint32_t i = 0; list && i < doc.size(*list); ++i) {
      actions.emplace_back(doc.Text(doc.Element(*list, i)));
    }
  });
  each("no_permission", [&](parse::NodeId e) { data.no_permission.insert(text(e, "event")); });
  each("versioned_names",
       [&](parse::NodeId e) { data.versioned[text(e, "event_source")] = text(e, "suffix"); });
  each("http_verb_actions", [&](parse::NodeId e) {
    auto& verbs = data.verbs[text(e, "event_source")];
    const auto map = doc.Find(e, "verbs");
    for (uint32_t i = 0; map && i < doc.size(*map); ++i) {
      const auto member = doc.MemberAt(*map, i);
      verbs.emplace_back(doc.Text(member.key), doc.Text(member.value));
    }
    std::sort(verbs.begin(), verbs.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  });
  return data;
}

const EventData& Data() {
  static std::once_flag once;
  static EventData data;
  std::call_once(once, [] { data = Load(); });
  return data;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "GetFunction20150331v2" -> "GetFunction" (suffix "yyyymmdd", optional "v<digits>");
// "CreateDistribution2020_05_31" -> "CreateDistribution" ("yyyy_mm_dd"). Unchanged if absent.
std::string_view StripVersion(std::string_view name, std::string_view suffix) {
  if (suffix == "yyyymmdd") {
    std::string_view base = name;
    const size_t v = base.rfind('v');
    if (v != std::string_view::npos && v + 1 < base.size() && AllDigits(base.substr(v + 1))) {
      base = base.substr(0, v);
    }
    if (base.size() > 8 && AllDigits(base.substr(base.size() - 8))) {
      return base.substr(0, base.size() - 8);
    }
  } else if (suffix == "yyyy_mm_dd" && name.size() > 10) {
    const std::string_view tail = name.substr(name.size() - 10);
    if (AllDigits(tail.substr(0, 4)) && tail[4] == '_' && AllDigits(tail.substr(5, 2)) &&
        tail[7] == '_' && AllDigits(tail.substr(8, 2))) {
      return name.substr(0, name.size() - 10);
    }
  }
  return name;
}

}  // namespace

std::string_view EventSourcePrefix(std::string_view event_source) {
  const EventData& data = Data();
  const auto it = data.source_prefix.find(std::string(event_source));
  if (it != data.source_prefix.end()) {
    return it->second;
  }
  constexpr std::string_view kDomain = ".amazonaws.com";
  if (event_source.size() <= kDomain.size() || !event_source.ends_with(kDomain)) {
    return {};
  }
  std::string_view host = event_source.substr(0, event_source.size() - kDomain.size());
  const size_t dot = host.rfind('.');
  return dot == std::string_view::npos ? host : host.substr(dot + 1);
}

EventMapping MapEvent(const catalog::Catalog& cat, std::string_view event_source,
                      std::string_view event_name) {
  const EventData& data = Data();
  EventMapping out;
  std::string key(event_source);
  key += ':';
  key += event_name;
  if (data.no_permission.contains(key)) {
    out.kind = EventMapping::Kind::kNoPermission;
    return out;
  }
  if (const auto it = data.event_actions.find(key); it != data.event_actions.end()) {
    for (const std::string& name : it->second) {
      if (const auto id = cat.FindAction(name)) {
        out.actions.push_back(*id);
      }
    }
    out.kind = out.actions.empty() ? EventMapping::Kind::kUnknown : EventMapping::Kind::kActions;
    return out;
  }
  const std::string_view prefix = EventSourcePrefix(event_source);
  const auto service = prefix.empty() ? std::nullopt : cat.FindService(prefix);
  if (!service || event_name.empty()) {
    return out;
  }
  std::optional<catalog::ActionId> id = cat.FindAction(*service, event_name);
  if (!id) {
    if (const auto v = data.versioned.find(std::string(event_source)); v != data.versioned.end()) {
      const std::string_view base = StripVersion(event_name, v->second);
      if (base.size() != event_name.size()) {
        id = cat.FindAction(*service, base);
      }
    }
  }
  if (!id) {
    if (const auto v = data.verbs.find(std::string(event_source)); v != data.verbs.end()) {
      for (const auto& [start, verb] : v->second) {
        if (event_name.starts_with(start)) {
          id = cat.FindAction(*service, verb);
          break;
        }
      }
    }
  }
  if (id) {
    out.kind = EventMapping::Kind::kActions;
    out.actions.push_back(*id);
  }
  return out;
}

std::vector<catalog::ActionId> ActionsForEvent(const catalog::Catalog& cat,
                                               std::string_view event_source,
                                               std::string_view event_name) {
  return MapEvent(cat, event_source, event_name).actions;
}

}  // namespace iamlint::activity
