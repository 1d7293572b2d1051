// `aws iam get-service-last-accessed-details` output: when each service (and, at ACTION_LEVEL
// granularity, each tracked action) was last used by the entity or policy the job ran for.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html

#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "analyzer/activity/activity.h"
#include "analyzer/activity/usage.h"
#include "analyzer/parse/json.h"

namespace iamlint::activity {
namespace {

class LastAccessedReader {
 public:
  LastAccessedReader(const SourceFile& file, const std::string& principal_arn,
                     const catalog::Catalog& cat, const Window& window, Activity& activity)
      : file_(file),
        principal_arn_(principal_arn),
        cat_(cat),
        window_(window),
        activity_(activity) {}

  bool Run();

 private:
  void Error(ByteRange range, std::string_view message);
  std::optional<std::string_view> Text(parse::NodeId object, std::string_view key) const;
  bool TimeOf(parse::NodeId object, std::string_view key, Time* out);
  void ReadService(parse::NodeId service);
  void ReadAction(parse::NodeId action, std::string_view prefix, std::string_view service_entity);

  const SourceFile& file_;
  const std::string& principal_arn_;
  const catalog::Catalog& cat_;
  const Window& window_;
  Activity& activity_;
  parse::JsonParseResult parsed_;
  const parse::JsonDocument* doc_ = nullptr;  // in parsed_
};

void LastAccessedReader::Error(ByteRange range, std::string_view message) {
  activity_.errors.push_back(
      {file_.path(), range, std::string(message), file_.Locate(range.begin)});
}

std::optional<std::string_view> LastAccessedReader::Text(parse::NodeId object,
                                                         std::string_view key) const {
  const auto value = doc_->Find(object, key);
  if (!value || doc_->type(*value) != parse::JsonType::kString) {
    return std::nullopt;
  }
  return doc_->Text(*value);
}

// False when the key is absent (never accessed); an unreadable time is an error, also false.
bool LastAccessedReader::TimeOf(parse::NodeId object, std::string_view key, Time* out) {
  const auto value = doc_->Find(object, key);
  if (!value || doc_->type(*value) == parse::JsonType::kNull) {
    return false;
  }
  if (doc_->type(*value) != parse::JsonType::kString || !ParseTime(doc_->Text(*value), out)) {
    std::string message(key);
    message += " is not an ISO 8601 time";
    Error(doc_->range(*value), message);
    return false;
  }
  return true;
}

bool LastAccessedReader::Run() {
  parsed_ = parse::ParseJson(file_.text());
  if (!parsed_.document) {
    Error(parsed_.error->range, parsed_.error->message);
    return false;
  }
  doc_ = &*parsed_.document;
  const parse::NodeId root = doc_->root();
  const auto services = doc_->type(root) == parse::JsonType::kObject
                            ? doc_->Find(root, "ServicesLastAccessed")
                            : std::nullopt;
  if (!services || doc_->type(*services) != parse::JsonType::kArray) {
    Error(doc_->range(root),
          "not a last-accessed report (no ServicesLastAccessed array; expected the output of "
          "aws iam get-service-last-accessed-details)");
    return false;
  }
  for (uint32_t i = 0; i < doc_->size(*services); ++i) {
    const parse::NodeId service = doc_->Element(*services, i);
    if (doc_->type(service) != parse::JsonType::kObject) {
      Error(doc_->range(service), "expected a service entry (an object)");
      continue;
    }
    ReadService(service);
  }
  return true;
}

void LastAccessedReader::ReadService(parse::NodeId service) {
  const auto prefix = Text(service, "ServiceNamespace");
  if (!prefix || prefix->empty()) {
    Error(doc_->range(service), "service entry without ServiceNamespace");
    return;
  }
  const std::string_view entity = Text(service, "LastAuthenticatedEntity").value_or("");
  if (const auto actions = doc_->Find(service, "TrackedActionsLastAccessed");
      actions && doc_->type(*actions) == parse::JsonType::kArray) {
    for (uint32_t i = 0; i < doc_->size(*actions); ++i) {
      ReadAction(doc_->Element(*actions, i), *prefix, entity);
    }
  }
  Time t = 0;
  if (!TimeOf(service, "LastAuthenticated", &t) || !window_.Contains(t)) {
    return;
  }
  const std::string_view arn = principal_arn_.empty() ? entity : principal_arn_;
  if (arn.empty()) {
    Error(doc_->range(service), "no LastAuthenticatedEntity: name the principal the report is for");
    return;
  }
  PrincipalActivity& principal = PrincipalFor(activity_, arn);
  Time& last = principal.services[std::string(*prefix)];
  if (last == kNever || t > last) {
    last = t;
  }
  Widen(t, &principal.first_seen, &principal.last_seen);
}

void LastAccessedReader::ReadAction(parse::NodeId action, std::string_view prefix,
                                    std::string_view service_entity) {
  if (doc_->type(action) != parse::JsonType::kObject) {
    Error(doc_->range(action), "expected a tracked action entry (an object)");
    return;
  }
  const auto name = Text(action, "ActionName");
  if (!name || name->empty()) {
    Error(doc_->range(action), "tracked action without ActionName");
    return;
  }
  Time t = 0;
  if (!TimeOf(action, "LastAccessedTime", &t) || !window_.Contains(t)) {
    return;
  }
  std::string full;
  if (name->find(':') == std::string_view::npos) {
    full.append(prefix);
    full += ':';
  }
  full.append(*name);
  const auto id = cat_.FindAction(full);
  if (!id) {
    ++activity_.unmapped;
    ++activity_.unmapped_events[full];
    return;
  }
  std::string_view arn = principal_arn_;
  if (arn.empty()) {
    arn = Text(action, "LastAccessedEntity").value_or(service_entity);
  }
  if (arn.empty()) {
    Error(doc_->range(action), "no LastAccessedEntity: name the principal the report is for");
    return;
  }
  PrincipalActivity& principal = PrincipalFor(activity_, arn);
  ActionUse& use = principal.actions[*id];
  ++use.count;
  Widen(t, &use.first, &use.last);
  use.resource_unknown = true;
  Widen(t, &principal.first_seen, &principal.last_seen);
}

}  // namespace

bool ReadLastAccessed(const std::string& path, const std::string& principal_arn,
                      const catalog::Catalog& cat, const Window& window, Activity& activity) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    activity.errors.push_back({path, std::nullopt, "cannot read the file"});
    return false;
  }
  const SourceFile file(path, std::string(std::istreambuf_iterator<char>(in), {}));
  LastAccessedReader reader(file, principal_arn, cat, window, activity);
  return reader.Run();
}

}  // namespace iamlint::activity
