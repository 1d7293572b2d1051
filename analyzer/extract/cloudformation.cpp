#include "analyzer/extract/cloudformation.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

#include "analyzer/extract/sam_templates.h"

namespace iamlint::extract {
namespace {

using Kind = Value::Kind;

constexpr int kMaxDepth = 64;

// Where CloudFormation resources carry policies: type, property path ("[*]" for every element
// of a list), kind. Sources: the CloudFormation resource type schemas and cfn-lint's IAM
// rules.
struct Place {
  std::string_view type;
  std::string_view path;
  PolicyKind kind;
};

constexpr PolicyKind kId = PolicyKind::kIdentity;
constexpr PolicyKind kRes = PolicyKind::kResource;

constexpr std::array kPlaces{
    Place{"AWS::IAM::Role", "AssumeRolePolicyDocument", PolicyKind::kTrust},
    Place{"AWS::IAM::Role", "Policies[*].PolicyDocument", kId},
    Place{"AWS::IAM::User", "Policies[*].PolicyDocument", kId},
    Place{"AWS::IAM::Group", "Policies[*].PolicyDocument", kId},
    Place{"AWS::IAM::Policy", "PolicyDocument", kId},
    Place{"AWS::IAM::ManagedPolicy", "PolicyDocument", kId},
    Place{"AWS::IAM::RolePolicy", "PolicyDocument", kId},
    Place{"AWS::IAM::UserPolicy", "PolicyDocument", kId},
    Place{"AWS::IAM::GroupPolicy", "PolicyDocument", kId},
    Place{"AWS::SSO::PermissionSet", "InlinePolicy", kId},
    Place{"AWS::Transfer::User", "Policy", kId},
    Place{"AWS::RolesAnywhere::Profile", "SessionPolicy", kId},
    Place{"AWS::EKS::PodIdentityAssociation", "Policy", kId},
    Place{"AWS::S3::BucketPolicy", "PolicyDocument", kRes},
    Place{"AWS::S3::AccessPoint", "Policy", kRes},
    Place{"AWS::S3::MultiRegionAccessPointPolicy", "Policy", kRes},
    Place{"AWS::S3ObjectLambda::AccessPointPolicy", "PolicyDocument", kRes},
    Place{"AWS::S3Outposts::BucketPolicy", "PolicyDocument", kRes},
    Place{"AWS::S3Outposts::AccessPoint", "Policy", kRes},
    Place{"AWS::S3Express::BucketPolicy", "PolicyDocument", kRes},
    Place{"AWS::S3Express::AccessPoint", "Policy", kRes},
    Place{"AWS::S3Tables::TableBucketPolicy", "ResourcePolicy", kRes},
    Place{"AWS::S3Tables::TablePolicy", "ResourcePolicy", kRes},
    Place{"AWS::S3Vectors::VectorBucketPolicy", "Policy", kRes},
    Place{"AWS::S3Files::FileSystemPolicy", "Policy", kRes},
    Place{"AWS::SQS::QueuePolicy", "PolicyDocument", kRes},
    Place{"AWS::SQS::QueueInlinePolicy", "PolicyDocument", kRes},
    Place{"AWS::SNS::TopicPolicy", "PolicyDocument", kRes},
    Place{"AWS::SNS::TopicInlinePolicy", "PolicyDocument", kRes},
    Place{"AWS::KMS::Key", "KeyPolicy", kRes},
    Place{"AWS::KMS::ReplicaKey", "KeyPolicy", kRes},
    Place{"AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", kRes},
    Place{"AWS::ECR::Repository", "RepositoryPolicyText", kRes},
    Place{"AWS::ECR::PublicRepository", "RepositoryPolicyText", kRes},
    Place{"AWS::ECR::RegistryPolicy", "PolicyText", kRes},
    Place{"AWS::ECR::RepositoryCreationTemplate", "RepositoryPolicy", kRes},
    Place{"AWS::Logs::ResourcePolicy", "PolicyDocument", kRes},
    Place{"AWS::Logs::Destination", "DestinationPolicy", kRes},
    Place{"AWS::Logs::LogGroup", "ResourcePolicyDocument", kRes},
    Place{"AWS::Logs::DeliveryDestination", "DeliveryDestinationPolicy.DeliveryDestinationPolicy",
          kRes},
    Place{"AWS::OpenSearchService::Domain", "AccessPolicies", kRes},
    Place{"AWS::Elasticsearch::Domain", "AccessPolicies", kRes},
    Place{"AWS::ApiGateway::RestApi", "Policy", kRes},
    Place{"AWS::ApiGateway::DomainNameV2", "Policy", kRes},
    Place{"AWS::Backup::BackupVault", "AccessPolicy", kRes},
    Place{"AWS::Backup::LogicallyAirGappedBackupVault", "AccessPolicy", kRes},
    Place{"AWS::CodeArtifact::Domain", "PermissionsPolicyDocument", kRes},
    Place{"AWS::CodeArtifact::Repository", "PermissionsPolicyDocument", kRes},
    Place{"AWS::DynamoDB::Table", "ResourcePolicy.PolicyDocument", kRes},
    Place{"AWS::DynamoDB::Table", "StreamSpecification.ResourcePolicy.PolicyDocument", kRes},
    Place{"AWS::DynamoDB::GlobalTable", "Replicas[*].ResourcePolicy.PolicyDocument", kRes},
    Place{"AWS::DynamoDB::GlobalTable",
          "Replicas[*].ReplicaStreamSpecification.ResourcePolicy.PolicyDocument", kRes},
    Place{"AWS::Kinesis::ResourcePolicy", "ResourcePolicy", kRes},
    Place{"AWS::Lambda::ResourcePolicy", "PolicyDocument", kRes},
    Place{"AWS::EFS::FileSystem", "FileSystemPolicy", kRes},
    Place{"AWS::Events::EventBus", "Policy", kRes},
    Place{"AWS::EventSchemas::RegistryPolicy", "Policy", kRes},
    Place{"AWS::CloudTrail::ResourcePolicy", "ResourcePolicy", kRes},
    Place{"AWS::Bedrock::ResourcePolicy", "PolicyDocument", kRes},
    Place{"AWS::BedrockAgentCore::ResourcePolicy", "Policy", kRes},
    Place{"AWS::APS::ResourcePolicy", "PolicyDocument", kRes},
    Place{"AWS::XRay::ResourcePolicy", "PolicyDocument", kRes},
    Place{"AWS::DSQL::Cluster", "PolicyDocument", kRes},
    Place{"AWS::MSK::ClusterPolicy", "Policy", kRes},
    Place{"AWS::Redshift::Cluster", "NamespaceResourcePolicy", kRes},
    Place{"AWS::RedshiftServerless::Namespace", "NamespaceResourcePolicy", kRes},
    Place{"AWS::VpcLattice::AuthPolicy", "Policy", kRes},
    Place{"AWS::VpcLattice::ResourcePolicy", "Policy", kRes},
    Place{"AWS::Oam::Sink", "Policy", kRes},
    Place{"AWS::SSM::ResourcePolicy", "Policy", kRes},
    Place{"AWS::SageMaker::ModelPackageGroup", "ModelPackageGroupPolicy", kRes},
    Place{"AWS::MediaStore::Container", "Policy", kRes},
    Place{"AWS::MediaPackageV2::ChannelPolicy", "Policy", kRes},
    Place{"AWS::MediaPackageV2::OriginEndpointPolicy", "Policy", kRes},
    Place{"AWS::MediaTailor::ChannelPolicy", "Policy", kRes},
    Place{"AWS::Lex::ResourcePolicy", "Policy", kRes},
    Place{"AWS::SMSVOICE::ResourcePolicy", "PolicyDocument", kRes},
    Place{"AWS::OSIS::Pipeline", "ResourcePolicy.Policy", kRes},
    Place{"AWS::RUM::AppMonitor", "ResourcePolicy.PolicyDocument", kRes},
    Place{"AWS::Omics::SequenceStore", "S3AccessPolicy", kRes},
    Place{"AWS::FSx::S3AccessPointAttachment", "S3AccessPoint.Policy", kRes},
    Place{"AWS::AIOps::InvestigationGroup", "InvestigationGroupPolicy", kRes},
    Place{"AWS::Comprehend::DocumentClassifier", "ModelPolicy", kRes},
    Place{"AWS::PaymentCryptography::Key", "Policy", kRes},
    Place{"AWS::Organizations::ResourcePolicy", "Content", kRes},
    Place{"AWS::EC2::VPCEndpoint", "PolicyDocument", kRes},
    Place{"AWS::Serverless::Api", "Auth.ResourcePolicy.CustomStatements", kRes},
};

// Types whose Ref is the principal's name (for Roles/Users/Groups lists).
bool IsPrincipalType(std::string_view type) {
  return type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group";
}

std::string Placeholder(const std::string& what) {
  return std::string(kUnknownOpen) + what + std::string(kUnknownClose);
}

bool IsNoValue(const Value& v) {
  return v.kind == Kind::kNull && v.text == "AWS::NoValue";
}

class Template {
 public:
  Template(const SourceFile& file, const Value& root, Extraction& out) : file_(file), out_(out) {
    if (const Value* p = root.Find("Parameters"); p != nullptr && p->kind == Kind::kObject) {
      parameters_ = p;
    }
    if (const Value* m = root.Find("Mappings"); m != nullptr && m->kind == Kind::kObject) {
      mappings_ = m;
    }
    if (const Value* c = root.Find("Conditions"); c != nullptr && c->kind == Kind::kObject) {
      conditions_ = c;
    }
    if (const Value* r = root.Find("Resources"); r != nullptr && r->kind == Kind::kObject) {
      resources_ = r;
      for (const Value::Member& m : r->members) {
        resource_index_.emplace(m.key, &m.value);  // the first of duplicate ids wins, as Find
      }
    }
    const Value* transform = root.Find("Transform");
    if (transform != nullptr) {
      auto is_sam = [](const Value& v) {
        return v.is_string() && v.text.starts_with("AWS::Serverless");
      };
      sam_ = is_sam(*transform) ||
             std::any_of(transform->items.begin(), transform->items.end(), is_sam);
    }
  }

  void Extract();

 private:
  void Error(ByteRange at, std::string message) {
    out_.errors.push_back({file_.path(), at, std::move(message)});
  }

  const Value* Resource(std::string_view id) const {
    auto it = resource_index_.find(id);
    return it != resource_index_.end() ? it->second : nullptr;
  }
  std::string TypeOf(std::string_view id) const {
    const Value* r = Resource(id);
    const Value* t = r != nullptr ? r->Find("Type") : nullptr;
    return t != nullptr && t->is_string() ? t->text : "";
  }

  // ---- intrinsic functions ----
  Value Resolve(const Value& v, int depth = 0);
  Value ResolveIntrinsic(const std::string& fn, const Value& arg, const Value& whole, int depth);
  Value Ref(const std::string& name, ByteRange at, int depth);
  Value Sub(const Value& arg, ByteRange at, int depth);
  Value Join(const Value& arg, ByteRange at, int depth);
  Value GetAtt(const Value& arg, ByteRange at, int depth);
  Value Select(const Value& arg, ByteRange at, int depth);
  Value Split(const Value& arg, ByteRange at, int depth);
  Value If(const Value& arg, ByteRange at, int depth);
  Value FindInMap(const Value& arg, ByteRange at, int depth);
  std::optional<bool> Condition(const std::string& name, int depth);
  std::optional<bool> ConditionValue(const Value& v, int depth);

  // ---- extraction ----
  void Walk(const std::string& id, const Value& node, std::string_view path,
            const std::string& prefix, const Place& place, const std::string& principal,
            const std::string& construct);
  void AddPolicy(const std::string& address, PolicyKind kind, const Value& value,
                 const std::string& principal, const std::string& construct);
  void Serverless(const std::string& id, const Value& resource, const std::string& type,
                  const std::string& construct);
  ExtractedPrincipal& Principal(const std::string& address);
  std::string PrincipalArn(const std::string& id, const Value& resource);
  void Attachments(const std::string& id, const std::string& type, const Value& props);
  void PlacedPolicies(const std::string& id, const std::string& type, const Value& resolved,
                      const std::string& construct);
  void OrganizationsPolicy(const std::string& id, const Value& res, const std::string& construct);
  void LambdaPermission(const std::string& id, const Value::Member& r, const Value& res,
                        const std::string& construct);

  const SourceFile& file_;
  Extraction& out_;
  const Value* parameters_ = nullptr;
  const Value* mappings_ = nullptr;
  const Value* conditions_ = nullptr;
  const Value* resources_ = nullptr;
  std::map<std::string_view, const Value*, std::less<>> resource_index_;  // large templates
  std::map<std::string, size_t, std::less<>> principal_index_;            // into out_.principals
  bool sam_ = false;
  std::set<std::string> evaluating_conditions_;
  std::set<std::string> used_defaults_;  // parameters resolved to their Default (said in notes)
  std::set<std::string> unknown_conditions_;  // Fn::If conditions not known: both branches
};

std::optional<bool> Template::Condition(const std::string& name, int depth) {
  if (conditions_ == nullptr || depth > kMaxDepth || evaluating_conditions_.contains(name)) {
    return std::nullopt;
  }
  const Value* c = conditions_->Find(name);
  if (c == nullptr) {
    return std::nullopt;
  }
  evaluating_conditions_.insert(name);
  const std::optional<bool> result = ConditionValue(*c, depth + 1);
  evaluating_conditions_.erase(name);
  return result;
}

// Three-valued: true, false, or unknown (nullopt).
std::optional<bool> Template::ConditionValue(const Value& v, int depth) {
  if (v.kind != Kind::kObject || v.members.size() != 1 || depth > kMaxDepth) {
    return std::nullopt;
  }
  const std::string& fn = v.members[0].key;
  const Value& arg = v.members[0].value;
  if (fn == "Condition" && arg.is_string()) {
    return Condition(arg.text, depth + 1);
  }
  if (fn == "Fn::Equals" && arg.kind == Kind::kTuple && arg.items.size() == 2) {
    const Value a = Resolve(arg.items[0], depth + 1);
    const Value b = Resolve(arg.items[1], depth + 1);
    if (a.is_string() && b.is_string() && !HasUnknown(a.text) && !HasUnknown(b.text)) {
      return a.text == b.text;
    }
    return std::nullopt;
  }
  if ((fn == "Fn::And" || fn == "Fn::Or") && arg.kind == Kind::kTuple) {
    const bool is_and = fn == "Fn::And";
    bool unknown = false;
    for (const Value& item : arg.items) {
      const std::optional<bool> r = ConditionValue(item, depth + 1);
      if (!r) {
        unknown = true;
      } else if (*r != is_and) {
        return !is_and;
      }
    }
    return unknown ? std::nullopt : std::optional<bool>(is_and);
  }
  if (fn == "Fn::Not" && arg.kind == Kind::kTuple && arg.items.size() == 1) {
    const std::optional<bool> r = ConditionValue(arg.items[0], depth + 1);
    return r ? std::optional<bool>(!*r) : std::nullopt;
  }
  return std::nullopt;
}

Value Template::Ref(const std::string& name, ByteRange at, int depth) {
  static const std::map<std::string_view, const char*, std::less<>> kPseudo{
      {"AWS::AccountId", "@AWS::AccountId"}, {"AWS::Partition", "@AWS::Partition"},
      {"AWS::Region", "@AWS::Region"},       {"AWS::StackName", "@AWS::StackName"},
      {"AWS::StackId", "@AWS::StackId"},     {"AWS::NotificationARNs", "@AWS::NotificationARNs"},
  };
  if (name == "AWS::NoValue") {
    Value v;
    v.kind = Kind::kNull;
    v.text = "AWS::NoValue";
    v.file = &file_;
    v.range = at;
    return v;
  }
  if (name == "AWS::URLSuffix") {
    return Value::String("amazonaws.com", &file_, at);
  }
  if (auto p = kPseudo.find(name); p != kPseudo.end()) {
    return Value::Unknown(p->second, &file_, at);
  }
  if (parameters_ != nullptr) {
    if (const Value* p = parameters_->Find(name)) {
      if (const Value* d = p->Find("Default"); d != nullptr && d->kind != Kind::kNull) {
        used_defaults_.insert(name);
        Value v = Resolve(*d, depth + 1);
        if (v.is_string()) {
          // A list parameter's default is a comma-separated string.
          const Value* type = p->Find("Type");
          if (type != nullptr && type->is_string() &&
              (type->text == "CommaDelimitedList" || type->text.starts_with("List<"))) {
            Value list;
            list.kind = Kind::kTuple;
            list.file = v.file;
            list.range = v.range;
            size_t start = 0;
            while (start <= v.text.size()) {
              size_t comma = v.text.find(',', start);
              comma = comma == std::string::npos ? v.text.size() : comma;
              Value item = Value::String(v.text.substr(start, comma - start), v.file, v.range);
              item.spans.assign(v.spans.begin() + static_cast<std::ptrdiff_t>(start),
                                v.spans.begin() + static_cast<std::ptrdiff_t>(comma));
              list.items.push_back(std::move(item));
              start = comma + 1;
            }
            return list;
          }
        }
        return v;
      }
      return Value::Unknown("parameter " + name, &file_, at);
    }
  }
  if (Resource(name) != nullptr) {
    return Value::Unknown("@Ref " + name, &file_, at);
  }
  return Value::Unknown("Ref " + name, &file_, at);
}

// ${Name}, ${Res.Attr}, ${AWS::Region}, ${!Literal}; [template, {Var: value}] form.
Value Template::Sub(const Value& arg, ByteRange at, int depth) {
  const Value* text = &arg;
  const Value* vars = nullptr;
  if (arg.kind == Kind::kTuple && !arg.items.empty()) {
    text = arg.items.data();
    vars = arg.items.size() > 1 ? &arg.items[1] : nullptr;
  }
  if (!text->is_string()) {
    return Value::Unknown("Fn::Sub of a non-string", &file_, at);
  }
  const std::string& s = text->text;
  auto span = [&](size_t b, size_t e) {
    return text->SpanOf(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
  };
  Value out = Value::String("", text->file, text->range);
  out.spans.clear();
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "${") != 0) {
      out.text += s[i];
      out.spans.push_back(i < text->spans.size() ? text->spans[i] : text->range);
      ++i;
      continue;
    }
    const size_t close = s.find('}', i + 2);
    if (close == std::string::npos) {
      out.text += s.substr(i);
      for (size_t k = i; k < s.size(); ++k) {
        out.spans.push_back(k < text->spans.size() ? text->spans[k] : text->range);
      }
      break;
    }
    const std::string name = s.substr(i + 2, close - i - 2);
    const ByteRange where = span(i, close + 1);
    if (!name.empty() && name[0] == '!') {  // ${!Literal} is the text ${Literal}
      const std::string literal = "${" + name.substr(1) + "}";
      out.text += literal;
      out.spans.insert(out.spans.end(), literal.size(), where);
      i = close + 1;
      continue;
    }
    Value value;
    const Value* var = vars != nullptr ? vars->Find(name) : nullptr;
    if (var != nullptr) {
      value = Resolve(*var, depth + 1);
    } else if (name.find("::") != std::string::npos || Resource(name) != nullptr ||
               (parameters_ != nullptr && parameters_->Find(name) != nullptr)) {
      value = Ref(name, where, depth);
    } else if (const size_t dot = name.find('.');
               dot != std::string::npos && Resource(name.substr(0, dot)) != nullptr) {
      value = Value::Unknown("@GetAtt " + name, &file_, where);
    } else {
      if (name.find(':') != std::string::npos) {
        std::string message = "Fn::Sub: ${" + name;
        message += "} is not a parameter, resource or pseudo parameter, so CloudFormation ";
        message += "rejects the template; write ${!" + name + "} for the IAM policy variable";
        Error(where, std::move(message));
      } else {
        Error(where, "Fn::Sub: ${" + name + "} names no parameter or resource of the template");
      }
      value = Value::Unknown("unresolved " + name, &file_, where);
    }
    const std::string inserted =
        value.is_string() || value.kind == Kind::kNumber
            ? value.text
            : Placeholder(value.kind == Kind::kUnknown ? value.text : "value");
    out.text += inserted;
    out.spans.insert(out.spans.end(), inserted.size(), where);
    i = close + 1;
  }
  out.range = at;
  return out;
}

Value Template::Join(const Value& arg, ByteRange at, int depth) {
  if (arg.kind != Kind::kTuple || arg.items.size() != 2) {
    return Value::Unknown("Fn::Join", &file_, at);
  }
  const Value delimiter = Resolve(arg.items[0], depth + 1);
  const Value list = Resolve(arg.items[1], depth + 1);
  if (!delimiter.is_string() || list.kind != Kind::kTuple) {
    return Value::Unknown("Fn::Join of " + (list.kind == Kind::kUnknown ? list.text : "a value"),
                          &file_, at);
  }
  Value out = Value::String("", &file_, at);
  out.spans.clear();
  for (size_t k = 0; k < list.items.size(); ++k) {
    const Value& item = list.items[k];
    if (k > 0) {
      out.text += delimiter.text;
      out.spans.insert(out.spans.end(), delimiter.text.size(), delimiter.range);
    }
    if (item.is_string() && item.file == &file_ && item.spans.size() == item.text.size()) {
      out.text += item.text;
      out.spans.insert(out.spans.end(), item.spans.begin(), item.spans.end());
    } else {
      const std::string inserted =
          item.is_string() || item.kind == Kind::kNumber ? item.text : Placeholder(item.text);
      out.text += inserted;
      out.spans.insert(out.spans.end(), inserted.size(), item.range);
    }
  }
  return out;
}

Value Template::GetAtt(const Value& arg, ByteRange at, int depth) {
  std::string name;
  if (arg.is_string()) {
    name = arg.text;
  } else if (arg.kind == Kind::kTuple && arg.items.size() == 2 && arg.items[0].is_string()) {
    const Value attr = Resolve(arg.items[1], depth + 1);
    name = arg.items[0].text + "." + (attr.is_string() ? attr.text : Placeholder(attr.text));
  }
  const std::string id = name.substr(0, name.find('.'));
  return Value::Unknown((Resource(id) != nullptr ? "@GetAtt " : "GetAtt ") + name, &file_, at);
}

Value Template::Select(const Value& arg, ByteRange at, int depth) {
  if (arg.kind != Kind::kTuple || arg.items.size() != 2) {
    return Value::Unknown("Fn::Select", &file_, at);
  }
  const Value index = Resolve(arg.items[0], depth + 1);
  const Value list = Resolve(arg.items[1], depth + 1);
  if ((index.is_string() || index.kind == Kind::kNumber) && list.kind == Kind::kTuple) {
    const size_t i = std::strtoul(index.text.c_str(), nullptr, 10);
    if (i < list.items.size()) {
      return list.items[i];
    }
  }
  return Value::Unknown("Fn::Select", &file_, at);
}

Value Template::Split(const Value& arg, ByteRange at, int depth) {
  if (arg.kind != Kind::kTuple || arg.items.size() != 2) {
    return Value::Unknown("Fn::Split", &file_, at);
  }
  const Value delimiter = Resolve(arg.items[0], depth + 1);
  const Value text = Resolve(arg.items[1], depth + 1);
  if (!delimiter.is_string() || !text.is_string() || delimiter.text.empty()) {
    return Value::Unknown("Fn::Split", &file_, at);
  }
  Value list;
  list.kind = Kind::kTuple;
  list.file = &file_;
  list.range = at;
  size_t start = 0;
  while (start <= text.text.size()) {
    size_t cut = text.text.find(delimiter.text, start);
    cut = cut == std::string::npos ? text.text.size() : cut;
    Value item = Value::String(text.text.substr(start, cut - start), text.file, text.range);
    for (size_t k = start; k < cut && k < text.spans.size(); ++k) {
      item.spans[k - start] = text.spans[k];
    }
    list.items.push_back(std::move(item));
    start = cut + delimiter.text.size();
  }
  return list;
}

Value Template::If(const Value& arg, ByteRange at, int depth) {
  if (arg.kind != Kind::kTuple || arg.items.size() != 3 || !arg.items[0].is_string()) {
    return Value::Unknown("Fn::If", &file_, at);
  }
  const std::optional<bool> cond = Condition(arg.items[0].text, depth + 1);
  if (cond) {
    return Resolve(arg.items[*cond ? 1 : 2], depth + 1);
  }
  unknown_conditions_.insert(arg.items[0].text);
  Value both;
  both.kind = Kind::kTuple;
  both.alternatives = true;
  both.file = &file_;
  both.range = at;
  both.text = arg.items[0].text;  // the condition, for messages
  for (int k = 1; k <= 2; ++k) {
    Value branch = Resolve(arg.items[static_cast<size_t>(k)], depth + 1);
    if (!IsNoValue(branch)) {
      both.items.push_back(std::move(branch));
    }
  }
  return both;
}

Value Template::FindInMap(const Value& arg, ByteRange at, int depth) {
  if (arg.kind != Kind::kTuple || arg.items.size() < 3) {
    return Value::Unknown("Fn::FindInMap", &file_, at);
  }
  const Value map = Resolve(arg.items[0], depth + 1);
  const Value top = Resolve(arg.items[1], depth + 1);
  const Value second = Resolve(arg.items[2], depth + 1);
  if (mappings_ != nullptr && map.is_string() && top.is_string() && second.is_string()) {
    const Value* m = mappings_->Find(map.text);
    const Value* t = m != nullptr ? m->Find(top.text) : nullptr;
    const Value* v = t != nullptr ? t->Find(second.text) : nullptr;
    if (v != nullptr) {
      return Resolve(*v, depth + 1);
    }
  }
  if (arg.items.size() > 3) {
    if (const Value* d = arg.items[3].Find("DefaultValue")) {
      return Resolve(*d, depth + 1);
    }
  }
  return Value::Unknown("Fn::FindInMap", &file_, at);
}

Value Template::ResolveIntrinsic(const std::string& fn, const Value& arg, const Value& whole,
                                 int depth) {
  const ByteRange at = whole.range;
  if (fn == "Ref") {
    return arg.is_string() ? Ref(arg.text, at, depth) : Value::Unknown("Ref", &file_, at);
  }
  if (fn == "Fn::Sub") {
    Value resolved_arg = arg;
    if (arg.kind == Kind::kTuple && arg.items.size() == 2) {
      resolved_arg.items[0] = Resolve(arg.items[0], depth + 1);
    } else {
      resolved_arg = Resolve(arg, depth + 1);
    }
    return Sub(resolved_arg, at, depth);
  }
  if (fn == "Fn::GetAtt") {
    return GetAtt(arg, at, depth);
  }
  if (fn == "Fn::Join") {
    return Join(arg, at, depth);
  }
  if (fn == "Fn::Select") {
    return Select(arg, at, depth);
  }
  if (fn == "Fn::Split") {
    return Split(arg, at, depth);
  }
  if (fn == "Fn::If") {
    return If(arg, at, depth);
  }
  if (fn == "Fn::FindInMap") {
    return FindInMap(arg, at, depth);
  }
  if (fn == "Fn::ImportValue") {
    const Value name = Resolve(arg, depth + 1);
    return Value::Unknown("@ImportValue " + DisplayText(name.text), &file_, at);
  }
  if (fn == "Fn::ToJsonString") {
    Value v = Resolve(arg, depth + 1);
    v.encoded = true;
    return v;
  }
  if (fn == "Fn::Base64" || fn == "Fn::Cidr" || fn == "Fn::GetAZs" || fn == "Fn::GetStackOutput" ||
      fn == "Fn::Length") {
    return Value::Unknown("@" + fn, &file_, at);
  }
  if (fn == "Fn::Transform") {
    return Value::Unknown("Fn::Transform (a macro or AWS::Include, not expanded offline)", &file_,
                          at);
  }
  return Value::Unknown(fn, &file_, at);
}

Value Template::Resolve(const Value& v, int depth) {
  if (depth > kMaxDepth) {
    return Value::Unknown("intrinsic functions nested too deeply", &file_, v.range);
  }
  if (v.kind == Kind::kObject && v.members.size() == 1 &&
      (v.members[0].key == "Ref" || v.members[0].key.starts_with("Fn::"))) {
    return ResolveIntrinsic(v.members[0].key, v.members[0].value, v, depth + 1);
  }
  if (v.kind == Kind::kTuple) {
    Value out = v;
    out.items.clear();
    for (const Value& item : v.items) {
      Value r = Resolve(item, depth + 1);
      if (IsNoValue(r)) {
        continue;
      }
      if (r.alternatives) {  // a list element under an unknown condition: both branches
        for (Value& branch : r.items) {
          out.items.push_back(std::move(branch));
        }
        continue;
      }
      out.items.push_back(std::move(r));
    }
    return out;
  }
  if (v.kind == Kind::kObject) {
    Value out = v;
    out.members.clear();
    for (const Value::Member& m : v.members) {
      Value r = Resolve(m.value, depth + 1);
      if (IsNoValue(r)) {
        continue;
      }
      if (r.alternatives) {
        // Scalars (Action, Resource, condition values): either branch may apply, so both.
        // Objects: the first branch (a list cannot stand for an object).
        const bool scalars = std::all_of(r.items.begin(), r.items.end(), [](const Value& b) {
          return b.kind == Kind::kString || b.kind == Kind::kUnknown || b.kind == Kind::kTuple;
        });
        if (r.items.empty()) {
          continue;
        }
        if (scalars) {
          Value list;
          list.kind = Kind::kTuple;
          list.file = r.file;
          list.range = r.range;
          for (Value& b : r.items) {
            if (b.kind == Kind::kTuple) {
              for (Value& x : b.items) {
                list.items.push_back(std::move(x));
              }
            } else {
              list.items.push_back(std::move(b));
            }
          }
          r = std::move(list);
        } else {
          r = Value(r.items[0]);
        }
      }
      out.members.push_back({m.key, m.key_range, std::move(r)});
    }
    return out;
  }
  return v;
}

// ---- extraction ----

// The ARN of a role, user or group of the template: its name and path when given, else the
// name CloudFormation generates ("<stack>-<LogicalId>-<random>"), partition and account
// unknown.
std::string Template::PrincipalArn(const std::string& id, const Value& resource) {
  const Value* type = resource.Find("Type");
  if (type == nullptr || !type->is_string()) {
    return "";
  }
  const std::string kind = type->text == "AWS::IAM::Role"    ? "role"
                           : type->text == "AWS::IAM::User"  ? "user"
                           : type->text == "AWS::IAM::Group" ? "group"
                                                             : "";
  if (kind.empty()) {
    return "";
  }
  const Value* props = resource.Find("Properties");
  const char* name_key = kind == "role" ? "RoleName" : kind == "user" ? "UserName" : "GroupName";
  std::string name = "\x2A-" + id + "-\x2A";  // *-Id-* : CloudFormation's generated name
  std::string path = "/";
  if (props != nullptr) {
    const Value resolved = Resolve(*props);
    if (const Value* n = resolved.Find(name_key); n != nullptr && n->is_string()) {
      name = n->text;
    }
    if (const Value* p = resolved.Find("Path"); p != nullptr && p->is_string()) {
      path = p->text;
    }
  }
  return "arn:" + std::string(kUnknownOpen) + "@partition" + std::string(kUnknownClose) +
         ":iam::" + std::string(kUnknownOpen) + "@account" + std::string(kUnknownClose) + ":" +
         kind + path + name;
}

ExtractedPrincipal& Template::Principal(const std::string& address) {
  auto [it, added] = principal_index_.emplace(address, out_.principals.size());
  if (added) {
    out_.principals.push_back({address, {}, {}, "", {}, {}, {}, "", {}});
    if (const Value* defined = Resource(address)) {
      out_.principals.back().defined_at = {&file_, defined->range};
      out_.principals.back().arn = PrincipalArn(address, *defined);
    }
  }
  return out_.principals[it->second];
}

void Template::AddPolicy(const std::string& address, PolicyKind kind, const Value& value,
                         const std::string& principal, const std::string& construct) {
  ExtractedPolicy p;
  p.address = address;
  p.attribute = address.substr(address.find('.') == std::string::npos ? 0 : address.find('.') + 1);
  p.kind = kind;
  if (!used_defaults_.empty()) {
    p.note = "parameters resolved to their Default:";
    for (const std::string& name : used_defaults_) {
      p.note += " " + name;
    }
  }
  if (!unknown_conditions_.empty()) {
    p.note += std::string(p.note.empty() ? "" : "; ") +
              "both branches analysed for the conditions not known before deployment:";
    for (const std::string& name : unknown_conditions_) {
      p.note += " " + name;
    }
  }
  p.principal = principal;
  p.construct = construct;
  p.file = &file_;
  if (value.kind == Kind::kObject || (value.kind == Kind::kTuple && value.encoded)) {
    p.document = JsonFromValue(value);
  } else if (value.is_string()) {
    const parse::JsonParseResult parsed = parse::ParseJson(value.text);
    if (parsed.document) {
      p.document =
          parsed.document->Relocated([&](ByteRange r) { return value.SpanOf(r.begin, r.end); });
    } else if (HasUnknown(value.text)) {
      p.unresolved_range = value.range;
      p.unresolved_reason = "the policy text depends on values known only at deploy time: " +
                            DisplayText(Placeholder(UnknownNames(value.text).front()));
    } else {
      const ByteRange at = parsed.error
                               ? value.SpanOf(parsed.error->range.begin, parsed.error->range.end)
                               : value.range;
      Error(at, "invalid policy JSON in " + address + ": " +
                    (parsed.error ? parsed.error->message : std::string()));
      return;
    }
  } else if (value.kind == Kind::kUnknown) {
    p.unresolved_range = value.range;
    p.unresolved_reason = "the policy is " + DisplayText(Placeholder(value.text));
  } else if (value.kind == Kind::kNull) {
    return;
  } else {
    Error(value.range, address + " must be a policy document (an object or a JSON string)");
    return;
  }
  if (!principal.empty()) {
    Principal(principal).policies.push_back(address);
  }
  out_.policies.push_back(std::move(p));
}

// Follows `path` ("Policies[*].PolicyDocument") through resolved properties.
void Template::Walk(const std::string& id, const Value& node, std::string_view path,
                    const std::string& prefix, const Place& place, const std::string& principal,
                    const std::string& construct) {
  if (path.empty()) {
    const size_t before = out_.policies.size();
    AddPolicy(id + "." + prefix, place.kind, node, principal, construct);
    if (out_.policies.size() > before) {
      out_.policies.back().holder_type = place.type;
    }
    return;
  }
  const size_t dot = path.find('.');
  std::string_view segment = path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  const bool each = segment.ends_with("[*]");
  if (each) {
    segment.remove_suffix(3);
  }
  const Value* child = node.Find(segment);
  if (child == nullptr) {
    return;
  }
  const std::string here =
      prefix.empty() ? std::string(segment) : prefix + "." + std::string(segment);
  if (!each) {
    Walk(id, *child, rest, here, place, principal, construct);
    return;
  }
  for (size_t i = 0; i < child->items.size(); ++i) {
    Walk(id, child->items[i], rest, here + "[" + std::to_string(i) + "]", place, principal,
         construct);
  }
}

void Template::Attachments(const std::string& id, const std::string& type, const Value& props) {
  // The names in a list property, with where each is written.
  auto names = [&](const char* key) {
    std::vector<std::pair<std::string, Site>> out;
    const Value* list = props.Find(key);
    if (list == nullptr) {
      return out;
    }
    for (const Value& v : list->kind == Kind::kTuple ? list->items : std::vector<Value>{*list}) {
      const Site at{v.file != nullptr ? v.file : &file_, v.range};
      if (v.kind == Kind::kUnknown && v.text.starts_with("@Ref ")) {
        out.emplace_back(v.text.substr(5), at);  // Ref of a role/user/group is its name
      } else if (v.is_string()) {
        out.emplace_back(v.text, at);
      }
    }
    return out;
  };
  if (IsPrincipalType(type)) {
    ExtractedPrincipal& p = Principal(id);
    for (const auto& [arn, at] : names("ManagedPolicyArns")) {
      p.attached.push_back(DisplayText(arn));
      p.attached_at.push_back(at);
    }
    if (const Value* b = props.Find("PermissionsBoundary")) {
      p.boundary = DisplayText(b->is_string() ? b->text : Placeholder(b->text));
      p.boundary_at = {b->file != nullptr ? b->file : &file_, b->range};
    }
  }
  // Group membership: a user holds its groups' policies.
  if (type == "AWS::IAM::User") {
    for (const auto& [group, at] : names("Groups")) {
      Principal(id).groups.push_back(group);
    }
  }
  if (type == "AWS::IAM::UserToGroupAddition") {
    if (const Value* g = props.Find("GroupName"); g != nullptr) {
      const std::string group =
          g->kind == Kind::kUnknown && g->text.starts_with("@Ref ") ? g->text.substr(5) : g->text;
      for (const auto& [user, at] : names("Users")) {
        Principal(user).groups.push_back(group);
      }
    }
  }
  if (type == "AWS::IAM::Policy" || type == "AWS::IAM::ManagedPolicy") {
    for (const char* key : {"Roles", "Users", "Groups"}) {
      for (const auto& [who, at] : names(key)) {
        ExtractedPrincipal& p = Principal(
            Resource(who) != nullptr ? who : std::string(key) + " \"" + DisplayText(who) + "\"");
        p.attached.push_back(id);
        p.attached_at.push_back(at);
      }
    }
  }
}

// SAM Function/StateMachine: the generated role <Id>Role gets Policies (managed names, inline
// documents, policy templates).
void Template::Serverless(const std::string& id, const Value& resource, const std::string& type,
                          const std::string& construct) {
  const Value* props = resource.Find("Properties");
  if (props == nullptr ||
      (type != "AWS::Serverless::Function" && type != "AWS::Serverless::StateMachine")) {
    return;
  }
  if (props->Find("Role") != nullptr) {
    return;  // an existing role: SAM generates none and ignores Policies
  }
  const std::string role = id + "Role";
  ExtractedPrincipal& principal = Principal(role);
  if (principal.defined_at.file == nullptr) {
    principal.defined_at = {&file_, resource.range};  // the function that generates it
  }
  const Value resolved = Resolve(*props);
  if (const Value* b = resolved.Find("PermissionsBoundary")) {
    principal.boundary = DisplayText(b->is_string() ? b->text : Placeholder(b->text));
    principal.boundary_at = {b->file != nullptr ? b->file : &file_, b->range};
  }
  const Value* policies = resolved.Find("Policies");
  if (policies == nullptr) {
    return;
  }
  const std::vector<Value> entries =
      policies->kind == Kind::kTuple ? policies->items : std::vector<Value>{*policies};
  for (size_t i = 0; i < entries.size(); ++i) {
    const Value& entry = entries[i];
    const std::string address = id + ".Policies[" + std::to_string(i) + "]";
    if (entry.is_string() || entry.kind == Kind::kUnknown) {
      const std::string name = entry.is_string() ? entry.text : Placeholder(entry.text);
      Principal(role).attached.push_back(DisplayText(name.starts_with("arn:") || !entry.is_string()
                                                         ? name
                                                         : "arn:aws:iam::aws:policy/" + name));
      Principal(role).attached_at.push_back(
          {entry.file != nullptr ? entry.file : &file_, entry.range});
      continue;
    }
    if (entry.kind != Kind::kObject) {
      continue;
    }
    if (entry.Find("Statement") != nullptr) {
      AddPolicy(address, PolicyKind::kIdentity, entry, role, construct);
      continue;
    }
    if (entry.members.size() != 1) {
      Error(entry.range, "SAM Policies entry is neither a policy document nor a policy template");
      continue;
    }
    const Value::Member& m = entry.members[0];
    const std::optional<Value> expanded = ExpandSamTemplate(m.key, m.value, m.key_range, file_);
    if (!expanded) {
      Error(m.key_range, "unknown SAM policy template '" + m.key + "'");
      continue;
    }
    const size_t before = out_.policies.size();
    AddPolicy(address + "." + m.key, PolicyKind::kIdentity, *expanded, role, construct);
    if (out_.policies.size() > before) {
      out_.policies.back().generated = true;
    }
  }
}

// Organizations policies: only service and resource control policies are IAM grammar.
void Template::OrganizationsPolicy(const std::string& id, const Value& res,
                                   const std::string& construct) {
  const Value* t = res.Find("Type");
  const std::string kind = t != nullptr && t->is_string() ? t->text : "";
  if (const Value* content = res.Find("Content");
      content != nullptr &&
      (kind == "SERVICE_CONTROL_POLICY" || kind == "RESOURCE_CONTROL_POLICY")) {
    AddPolicy(id + ".Content",
              kind == "SERVICE_CONTROL_POLICY" ? PolicyKind::kScp : PolicyKind::kRcp, *content, "",
              construct);
  }
}

// AWS::Lambda::Permission carries no JSON: the statement Lambda adds to the function's policy
// is built from its properties, each located at its property.
void Template::LambdaPermission(const std::string& id, const Value::Member& r, const Value& res,
                                const std::string& construct) {
  Value st;
  st.kind = Kind::kObject;
  st.file = &file_;
  st.range = r.value.range;
  auto copy = [&](const char* from, const char* to) {
    if (const Value* v = res.Find(from)) {
      st.members.push_back({to, v->range, *v});
    }
  };
  st.members.push_back({"Effect", r.key_range, Value::String("Allow", &file_, r.key_range)});
  copy("Action", "Action");
  if (const Value* pr = res.Find("Principal")) {
    if (pr->is_string() && pr->text == "*") {
      st.members.push_back({"Principal", pr->range, *pr});
    } else {
      Value map;
      map.kind = Kind::kObject;
      map.file = &file_;
      map.range = pr->range;
      const bool service = pr->is_string() && pr->text.ends_with(".amazonaws.com");
      map.members.push_back({service ? "Service" : "AWS", pr->range, *pr});
      st.members.push_back({"Principal", pr->range, std::move(map)});
    }
  }
  if (const Value* fn = res.Find("FunctionName")) {
    std::string arn = fn->is_string() ? fn->text : Placeholder(fn->text);
    if (!arn.starts_with("arn:")) {
      std::string full = "arn:" + Placeholder("@AWS::Partition");
      full += ":lambda:" + Placeholder("@AWS::Region");
      full += ":" + Placeholder("@AWS::AccountId") + ":function:" + arn;
      arn = std::move(full);
    }
    st.members.push_back({"Resource", fn->range, Value::String(arn, &file_, fn->range)});
  }
  Value condition;
  condition.kind = Kind::kObject;
  condition.file = &file_;
  condition.range = r.value.range;
  auto test = [&](const char* op, const char* key, const char* field) {
    if (const Value* v = res.Find(field)) {
      Value m;
      m.kind = Kind::kObject;
      m.file = &file_;
      m.range = v->range;
      m.members.push_back({key, v->range, *v});
      condition.members.push_back({op, v->range, std::move(m)});
    }
  };
  test("ArnLike", "AWS:SourceArn", "SourceArn");
  test("StringEquals", "AWS:SourceAccount", "SourceAccount");
  test("StringEquals", "aws:PrincipalOrgID", "PrincipalOrgID");
  test("StringEquals", "lambda:FunctionUrlAuthType", "FunctionUrlAuthType");
  if (!condition.members.empty()) {
    st.members.push_back({"Condition", condition.range, std::move(condition)});
  }
  Value doc;
  doc.kind = Kind::kObject;
  doc.file = &file_;
  doc.range = r.value.range;
  doc.members.push_back({"Version", r.key_range, Value::String("2012-10-17", &file_, r.key_range)});
  Value list;
  list.kind = Kind::kTuple;
  list.file = &file_;
  list.range = r.value.range;
  list.items.push_back(std::move(st));
  doc.members.push_back({"Statement", r.key_range, std::move(list)});
  AddPolicy(id + ".(synthesized)", kRes, doc, "", construct);
}

// The policies at the property paths of `type` (kPlaces).
void Template::PlacedPolicies(const std::string& id, const std::string& type, const Value& resolved,
                              const std::string& construct) {
  const std::string principal = IsPrincipalType(type) ? id : "";
  for (const Place& place : kPlaces) {
    if (place.type != type) {
      continue;
    }
    if (type == "AWS::Serverless::Api") {
      // CustomStatements: statements, not a document.
      const Value* auth = resolved.Find("Auth");
      const Value* rp = auth != nullptr ? auth->Find("ResourcePolicy") : nullptr;
      const Value* cs = rp != nullptr ? rp->Find("CustomStatements") : nullptr;
      if (cs != nullptr) {
        Value doc;
        doc.kind = Kind::kObject;
        doc.file = &file_;
        doc.range = cs->range;
        doc.members.push_back(
            {"Version", cs->range, Value::String("2012-10-17", &file_, cs->range)});
        doc.members.push_back({"Statement", cs->range, *cs});
        AddPolicy(id + ".Auth.ResourcePolicy.CustomStatements", kRes, doc, "", construct);
      }
      continue;
    }
    std::string principal_for = principal;
    if (principal_for.empty() && (type == "AWS::IAM::RolePolicy")) {
      if (const Value* role = resolved.Find("RoleName");
          role != nullptr && role->kind == Kind::kUnknown && role->text.starts_with("@Ref ")) {
        principal_for = role->text.substr(5);
      }
    }
    Walk(id, resolved, place.path, "", place, principal_for, construct);
  }
}

void Template::Extract() {
  if (resources_ == nullptr) {
    return;
  }
  for (const Value::Member& r : resources_->members) {
    const std::string& id = r.key;
    const Value* type_value = r.value.Find("Type");
    if (type_value == nullptr || !type_value->is_string()) {
      continue;
    }
    const std::string& type = type_value->text;
    used_defaults_.clear();
    unknown_conditions_.clear();
    std::string construct;
    if (const Value* meta = r.value.Find("Metadata")) {
      if (const Value* cdk = meta->Find("aws:cdk:path"); cdk != nullptr && cdk->is_string()) {
        construct = cdk->text;
      }
    }
    if (sam_ && type.starts_with("AWS::Serverless::")) {
      Serverless(id, r.value, type, construct);
    }
    const Value* props = r.value.Find("Properties");
    if (props == nullptr) {
      continue;
    }
    // Resolved once per resource: errors (an unresolvable ${...}) are reported once.
    const Value resolved = Resolve(*props);
    PlacedPolicies(id, type, resolved, construct);
    if (type == "AWS::Organizations::Policy") {
      OrganizationsPolicy(id, resolved, construct);
    }
    if (type == "AWS::Lambda::Permission") {
      LambdaPermission(id, r, resolved, construct);
    }
    Attachments(id, type, resolved);
  }
}

}  // namespace

bool LooksLikeTemplate(const Value& root) {
  if (root.kind != Kind::kObject) {
    return false;
  }
  if (root.Find("AWSTemplateFormatVersion") != nullptr) {
    return true;
  }
  const Value* resources = root.Find("Resources");
  if (resources == nullptr || resources->kind != Kind::kObject) {
    return false;
  }
  return std::any_of(resources->members.begin(), resources->members.end(),
                     [](const Value::Member& m) {
                       const Value* t = m.value.Find("Type");
                       return t != nullptr && t->is_string() &&
                              (t->text.starts_with("AWS::") || t->text.starts_with("Custom::"));
                     });
}

Extraction ExtractCloudFormation(const SourceFile& file, const Value& root) {
  Extraction out;
  Template t(file, root, out);
  t.Extract();
  return out;
}

}  // namespace iamlint::extract
