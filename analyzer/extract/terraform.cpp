#include "analyzer/extract/terraform.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analyzer/extract/terraform_functions.h"
#include "analyzer/extract/terraform_places.h"
#include "analyzer/extract/value.h"
#include "analyzer/parse/hcl.h"

namespace iamlint::extract {
namespace {

using parse::ExprId;
using parse::HclBlock;
using parse::HclBody;
using parse::HclExpr;
using parse::HclExprKind;
using parse::HclFile;
using Kind = Value::Kind;

constexpr int kMaxEvalDepth = 64;
constexpr size_t kMaxCollection = 10000;  // for/dynamic expansion bound

struct ModuleFile {
  const SourceFile* source;
  HclFile hcl;
};

// A block and the file it is written in.
struct Located {
  const HclBlock* block;
  size_t file;
};

using Scope = std::map<std::string, Value, std::less<>>;

class Module {
 public:
  Module(const std::vector<const SourceFile*>& files, const TerraformOptions& options,
         Extraction& out)
      : options_(options), out_(out) {
    for (const SourceFile* f : files) {
      ModuleFile& mf = files_.emplace_back(ModuleFile{f, parse::ParseHcl(f->text())});
      for (const parse::HclError& e : mf.hcl.errors) {
        out_.errors.push_back({f->path(), e.range, e.message});
      }
    }
    if (!files.empty()) {
      dir_ = std::filesystem::path(files.front()->path()).parent_path();
    }
    Index();
    LoadVarFiles();
  }

  void Extract();

 private:
  // --- indexing ---
  void Index() {
    for (size_t i = 0; i < files_.size(); ++i) {
      for (const HclBlock& b : files_[i].hcl.body.blocks) {
        if (b.type == "variable" && b.labels.size() == 1) {
          variables_[b.labels[0]] = {&b, i};
        } else if (b.type == "locals") {
          for (const parse::HclAttribute& a : b.body.attributes) {
            locals_[a.name] = {a.expr, i};
          }
        } else if (b.type == "data" && b.labels.size() == 2) {
          data_[b.labels[0] + "." + b.labels[1]] = {&b, i};
        } else if (b.type == "resource" && b.labels.size() == 2) {
          resources_.push_back({&b, i});
          resource_index_[b.labels[0] + "." + b.labels[1]] = {&b, i};
        }
      }
    }
  }

  // terraform.tfvars, *.auto.tfvars, then --var-file (later wins, as in Terraform).
  void LoadVarFiles() {
    std::vector<std::filesystem::path> paths;
    std::error_code ec;
    if (std::filesystem::exists(dir_ / "terraform.tfvars", ec)) {
      paths.push_back(dir_ / "terraform.tfvars");
    }
    std::vector<std::filesystem::path> autos;
    for (std::filesystem::directory_iterator it(dir_.empty() ? "." : dir_, ec), end;
         !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.size() > 13 && name.ends_with(".auto.tfvars")) {
        autos.push_back(it->path());
      }
    }
    std::sort(autos.begin(), autos.end());
    paths.insert(paths.end(), autos.begin(), autos.end());
    for (const std::string& p : options_.var_files) {
      paths.emplace_back(p);
    }
    for (const std::filesystem::path& p : paths) {
      std::ifstream in(p, std::ios::binary);
      if (!in) {
        continue;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      auto source = std::make_unique<SourceFile>(p.string(), ss.str());
      var_files_.push_back(std::make_unique<ModuleFile>(ModuleFile{source.get(), {}}));
      ModuleFile& mf = *var_files_.back();
      mf.hcl = parse::ParseHcl(source->text());
      for (const parse::HclError& e : mf.hcl.errors) {
        out_.errors.push_back({source->path(), e.range, e.message});
      }
      out_.referenced_files.push_back(std::move(source));
      for (const parse::HclAttribute& a : mf.hcl.body.attributes) {
        tfvars_[a.name] = {a.expr, &mf};
      }
    }
  }

  // --- evaluation ---
  Value Eval(ExprId id, const ModuleFile& mf, const Scope& scope, int depth = 0);
  Value EvalTemplate(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth);
  Value EvalTraversal(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth);
  Value EvalCall(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth);
  Value EvalFor(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth);
  Value Step(Value base, const parse::TraversalStep& step, const ModuleFile& mf, const Scope& scope,
             int depth, const std::string& path);
  Value Variable(const std::string& name, const ModuleFile& mf, ByteRange at, int depth);
  Value LocalValue(const std::string& name, const ModuleFile& mf, ByteRange at, int depth);
  Value DataAttribute(const std::string& key, const std::string& attr, const ModuleFile& mf,
                      ByteRange at, int depth);
  Value ResourceAttribute(const std::string& key, const std::string& attr, const ModuleFile& mf,
                          ByteRange at, int depth);
  Value ReadFile(const Value& path, const ModuleFile& mf, ByteRange at, bool template_file,
                 const Value* vars);
  Value PolicyDocument(const Located& data, int depth);
  Value Statement(const HclBlock& block, const ModuleFile& mf, const Scope& scope, int depth);
  std::vector<std::pair<const HclBlock*, Scope>> ExpandDynamic(const HclBlock& dyn,
                                                               const ModuleFile& mf,
                                                               const Scope& scope, int depth);
  std::vector<std::pair<const HclBlock*, Scope>> NestedBlocks(const HclBlock& block,
                                                              const ModuleFile& mf,
                                                              const Scope& scope, int depth);
  void PrincipalBlock(const HclBlock& block, const ModuleFile& mf, const Scope& inner, int depth,
                      Value& map);
  void ConditionBlock(const HclBlock& block, const ModuleFile& mf, const Scope& inner, int depth,
                      Value& condition);
  void AddDocumentStatements(const HclBody& body, const ModuleFile& mf, const Scope& scope,
                             int depth, std::vector<Value>& statements);
  Value Attr(const HclBody& body, std::string_view name, const ModuleFile& mf, const Scope& scope,
             int depth) {
    const parse::HclAttribute* a = body.Attribute(name);
    if (a == nullptr) {
      Value v;
      v.kind = Kind::kNull;
      v.file = mf.source;
      return v;
    }
    return Eval(a->expr, mf, scope, depth + 1);
  }

  // --- extraction ---
  Value LambdaPermission(const HclBlock& block, const ModuleFile& mf);
  std::string OwnerOf(const HclBlock& b, const ModuleFile& mf);
  void SpecialPolicies(const HclBlock& b, const ModuleFile& mf, const std::string& address,
                       const std::string& principal, const std::string& note);
  std::string Reference(const HclBody& body, std::string_view attribute, const ModuleFile& mf,
                        std::string_view kind);
  void CollectPrincipals();
  void AddPolicy(const std::string& address, const std::string& attribute, PolicyKind kind,
                 const Value& value, const std::string& principal, const std::string& note);

  const TerraformOptions& options_;
  Extraction& out_;
  std::filesystem::path dir_;
  std::vector<ModuleFile> files_;
  std::vector<std::unique_ptr<ModuleFile>> var_files_;
  std::map<std::string, Located, std::less<>> variables_;
  std::map<std::string, std::pair<ExprId, size_t>, std::less<>> locals_;
  std::map<std::string, std::pair<ExprId, const ModuleFile*>, std::less<>> tfvars_;
  std::map<std::string, Located, std::less<>> data_;
  std::vector<Located> resources_;
  std::map<std::string, Located, std::less<>> resource_index_;
  std::set<std::string, std::less<>> evaluating_;  // locals and documents in progress (cycles)
  std::map<std::string, Value, std::less<>> local_cache_;
  std::map<std::string, Value, std::less<>> document_cache_;
  std::set<std::string> reported_cycles_;
  std::vector<std::unique_ptr<HclBlock>> dynamic_blocks_;  // content blocks renamed for reuse
};

// Policy variables are written &{...} in policy documents (Terraform would interpolate ${...});
// the provider turns them into ${...} in resources, identifiers and condition values.
Value PolicyVariables(Value v) {
  auto fix = [](Value& s) {
    for (size_t at = 0; (at = s.text.find("&{", at)) != std::string::npos; at += 2) {
      s.text[at] = '$';
    }
  };
  if (v.is_string()) {
    fix(v);
  }
  for (Value& item : v.items) {
    if (item.is_string()) {
      fix(item);
    }
  }
  return v;
}

Value Module::Eval(ExprId id, const ModuleFile& mf, const Scope& scope, int depth) {
  const HclExpr& e = mf.hcl.expr(id);
  if (depth > kMaxEvalDepth) {
    return Value::Unknown("expression nested too deeply", mf.source, e.range);
  }
  Value v;
  v.file = mf.source;
  v.range = e.range;
  switch (e.kind) {
    case HclExprKind::kString:
      return EvalTemplate(e, mf, scope, depth);
    case HclExprKind::kNumber:
      v.kind = Kind::kNumber;
      v.text = e.text;
      return v;
    case HclExprKind::kBool:
      v.kind = Kind::kBool;
      v.text = e.text;
      return v;
    case HclExprKind::kNull:
      v.kind = Kind::kNull;
      return v;
    case HclExprKind::kTuple:
      v.kind = Kind::kTuple;
      for (const ExprId item : e.items) {
        Value x = Eval(item, mf, scope, depth + 1);
        if (x.file != mf.source) {
          x.Rebase(mf.source, mf.hcl.expr(item).range);
        }
        v.items.push_back(std::move(x));
      }
      return v;
    case HclExprKind::kObject:
      v.kind = Kind::kObject;
      for (const auto& [k, val] : e.pairs) {
        const HclExpr& key = mf.hcl.expr(k);
        std::string name;
        if (key.kind == HclExprKind::kTraversal && key.steps.empty() && key.items.empty()) {
          name = key.text;  // bare identifier key
        } else {
          const Value kv = Eval(k, mf, scope, depth + 1);
          name = kv.known() ? kv.text
                            : std::string(kUnknownOpen) + kv.text + std::string(kUnknownClose);
        }
        Value x = Eval(val, mf, scope, depth + 1);
        if (x.file != mf.source) {
          x.Rebase(mf.source, mf.hcl.expr(val).range);
        }
        v.members.push_back({std::move(name), key.range, std::move(x)});
      }
      return v;
    case HclExprKind::kCall:
      return EvalCall(e, mf, scope, depth);
    case HclExprKind::kTraversal:
      return EvalTraversal(e, mf, scope, depth);
    case HclExprKind::kConditional: {
      const Value cond = Eval(e.items[0], mf, scope, depth + 1);
      if (cond.kind == Kind::kBool) {
        return Eval(e.items[cond.text == "true" ? 1 : 2], mf, scope, depth + 1);
      }
      return Value::Unknown("condition " + cond.text, mf.source, e.range);
    }
    case HclExprKind::kForTuple:
    case HclExprKind::kForObject:
      return EvalFor(e, mf, scope, depth);
    case HclExprKind::kOther:
      break;
  }
  return Value::Unknown("expression", mf.source, e.range);
}

Value Module::EvalTemplate(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth) {
  // A template that is a single interpolation keeps the value's type ("${var.list}").
  if (e.parts.size() == 1 && e.parts[0].expr != parse::kNoExpr) {
    return Eval(e.parts[0].expr, mf, scope, depth + 1);
  }
  Value v = Value::String("", mf.source, e.range);
  for (const parse::TemplatePart& part : e.parts) {
    if (part.expr == parse::kNoExpr) {
      v.text += part.text;
      for (size_t i = 0; i < part.text.size(); ++i) {
        const uint32_t next = part.offsets[i + 1];
        v.spans.push_back({part.offsets[i], std::max(part.offsets[i] + 1, next)});
      }
      continue;
    }
    const Value x = Eval(part.expr, mf, scope, depth + 1);
    std::string inserted;
    if (x.kind == Kind::kString || x.kind == Kind::kNumber || x.kind == Kind::kBool) {
      inserted = x.text;
    } else if (x.kind == Kind::kUnknown) {
      inserted = std::string(kUnknownOpen) + x.text + std::string(kUnknownClose);
    } else {
      inserted = std::string(kUnknownOpen) + "non-string value" + std::string(kUnknownClose);
    }
    // Inside one file a known string keeps its own spans; across files it points here.
    if (x.kind == Kind::kString && x.file == mf.source && x.spans.size() == x.text.size()) {
      v.spans.insert(v.spans.end(), x.spans.begin(), x.spans.end());
    } else {
      v.spans.insert(v.spans.end(), inserted.size(), part.range);
    }
    v.text += inserted;
  }
  return v;
}

Value Module::Step(Value base, const parse::TraversalStep& step, const ModuleFile& mf,
                   const Scope& scope, int depth, const std::string& path) {
  if (step.splat) {
    return Value::Unknown(path + "[*]", mf.source, step.range);
  }
  if (!base.known()) {
    return base;
  }
  if (!step.attr.empty() && base.kind == Kind::kObject) {
    if (const Value* m = base.Find(step.attr)) {
      return *m;
    }
    return Value::Unknown(path, mf.source, step.range);
  }
  if (step.index != parse::kNoExpr) {
    const Value index = Eval(step.index, mf, scope, depth + 1);
    if (base.kind == Kind::kTuple && index.kind == Kind::kNumber) {
      const size_t i = std::strtoul(index.text.c_str(), nullptr, 10);
      if (i < base.items.size()) {
        return base.items[i];
      }
    } else if (base.kind == Kind::kObject && index.kind == Kind::kString) {
      if (const Value* m = base.Find(index.text)) {
        return *m;
      }
    }
  }
  return Value::Unknown(path, mf.source, step.range);
}

Value Module::EvalTraversal(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth) {
  auto step_name = [&](size_t i) {
    return i < e.steps.size() ? e.steps[i].attr : std::string();
  };
  Value v;
  size_t consumed = 0;
  std::string path = e.text;
  if (!e.items.empty()) {  // (expression).attr
    v = Eval(e.items[0], mf, scope, depth + 1);
    path = "(expression)";
  } else if (auto it = scope.find(e.text); it != scope.end()) {
    v = it->second;
  } else if (e.text == "var" && !step_name(0).empty()) {
    v = Variable(step_name(0), mf, e.range, depth);
    consumed = 1;
    path = "var." + step_name(0);
  } else if (e.text == "local" && !step_name(0).empty()) {
    v = LocalValue(step_name(0), mf, e.range, depth);
    consumed = 1;
    path = "local." + step_name(0);
  } else if (e.text == "path" && !step_name(0).empty()) {
    v = Value::String(dir_.empty() ? "." : dir_.string(), mf.source, e.range);
    consumed = 1;
    path = "path." + step_name(0);
  } else if (e.text == "data" && e.steps.size() >= 2) {
    const std::string key = step_name(0) + "." + step_name(1);
    size_t attr_at = 2;
    if (attr_at < e.steps.size() && e.steps[attr_at].attr.empty()) {
      ++attr_at;  // data.x.y[0].json: instances of a counted data source share one body
    }
    path = "data." + key;
    v = DataAttribute(key, step_name(attr_at), mf, e.range, depth);
    consumed = attr_at + 1;
    if (!step_name(attr_at).empty()) {
      path += "." + step_name(attr_at);
    }
  } else if (e.text == "count" || e.text == "each" || e.text == "self" || e.text == "module" ||
             e.text == "terraform") {
    for (size_t i = 0; i < e.steps.size() && !e.steps[i].attr.empty(); ++i) {
      path += "." + e.steps[i].attr;
    }
    return Value::Unknown(path, mf.source, e.range);
  } else if (e.steps.size() >= 2 && !step_name(0).empty()) {
    const std::string key = e.text + "." + step_name(0);
    size_t attr_at = 1;
    if (e.steps[attr_at].attr.empty()) {
      ++attr_at;
    }
    path = key + (attr_at < e.steps.size() ? "." + step_name(attr_at) : "");
    v = ResourceAttribute(key, step_name(attr_at), mf, e.range, depth);
    consumed = attr_at + 1;
  } else {
    return Value::Unknown(path, mf.source, e.range);
  }
  for (size_t i = consumed; i < e.steps.size(); ++i) {
    if (!e.steps[i].attr.empty()) {
      path += "." + e.steps[i].attr;
    }
    v = Step(std::move(v), e.steps[i], mf, scope, depth, path);
  }
  if (!v.known() && v.range.begin == v.range.end) {
    v.range = e.range;
  }
  return v;
}

Value Module::Variable(const std::string& name, const ModuleFile& mf, ByteRange at, int depth) {
  if (auto t = tfvars_.find(name); t != tfvars_.end()) {
    return Eval(t->second.first, *t->second.second, {}, depth + 1);
  }
  if (auto it = variables_.find(name); it != variables_.end()) {
    const ModuleFile& vf = files_[it->second.file];
    if (const parse::HclAttribute* d = it->second.block->body.Attribute("default")) {
      return Eval(d->expr, vf, {}, depth + 1);
    }
  }
  return Value::Unknown("var." + name, mf.source, at);
}

Value Module::LocalValue(const std::string& name, const ModuleFile& mf, ByteRange at, int depth) {
  const std::string key = "local." + name;
  if (auto c = local_cache_.find(key); c != local_cache_.end()) {
    return c->second;
  }
  auto it = locals_.find(name);
  if (it == locals_.end()) {
    return Value::Unknown(key, mf.source, at);
  }
  if (evaluating_.contains(key)) {
    if (reported_cycles_.insert(key).second) {
      const ModuleFile& lf = files_[it->second.second];
      out_.errors.push_back({lf.source->path(), lf.hcl.expr(it->second.first).range,
                             "cyclic reference: " + key + " depends on itself"});
    }
    return Value::Unknown("cyclic " + key, mf.source, at);
  }
  evaluating_.insert(key);
  Value v = Eval(it->second.first, files_[it->second.second], {}, depth + 1);
  evaluating_.erase(key);
  local_cache_[key] = v;
  return v;
}

Value Module::ResourceAttribute(const std::string& key, const std::string& attr,
                                const ModuleFile& mf, ByteRange at, int depth) {
  // Names are often literal; ARNs are known only after apply (typed placeholder).
  auto it = resource_index_.find(key);
  if (it != resource_index_.end() && (attr == "name" || attr == "id" || attr == "bucket")) {
    const HclBlock& b = *it->second.block;
    const char* field = attr == "id" && b.labels[0] == "aws_s3_bucket" ? "bucket" : "name";
    if (attr == "bucket") {
      field = "bucket";
    }
    if (b.body.Attribute(field) != nullptr) {
      Value v = Attr(b.body, field, files_[it->second.file], {}, depth);
      if (v.is_string()) {
        return v;
      }
    }
  }
  if (it != resource_index_.end() && attr == "arn" &&
      it->second.block->labels[0] == "aws_s3_bucket") {
    Value bucket = Attr(it->second.block->body, "bucket", files_[it->second.file], {}, depth);
    if (bucket.is_string() && !HasUnknown(bucket.text)) {
      return Value::String("arn:aws:s3:::" + bucket.text, mf.source, at);
    }
  }
  if (it != resource_index_.end() && attr == "arn") {
    // IAM ARNs have a known shape: arn:<partition>:iam::<account>:<kind>/<path><name>.
    const HclBlock& b = *it->second.block;
    const std::string& type = b.labels[0];
    const char* kind = type == "aws_iam_role"     ? "role"
                       : type == "aws_iam_user"   ? "user"
                       : type == "aws_iam_group"  ? "group"
                       : type == "aws_iam_policy" ? "policy"
                                                  : nullptr;
    if (kind != nullptr && b.body.Attribute("name") != nullptr) {
      const ModuleFile& rf = files_[it->second.file];
      const Value name = Attr(b.body, "name", rf, {}, depth);
      const Value path = b.body.Attribute("path") != nullptr ? Attr(b.body, "path", rf, {}, depth)
                                                             : Value::String("/", rf.source, {});
      if (name.is_string() && path.is_string()) {
        auto placeholder = [](const char* what) {
          return std::string(kUnknownOpen) + what + std::string(kUnknownClose);
        };
        return Value::String("arn:" + placeholder("@partition") + ":iam::" +
                                 placeholder("@account") + ":" + kind + path.text + name.text,
                             mf.source, at);
      }
    }
  }
  // A resource of this module: a specific, opaque value ('@': identified, not a wildcard).
  const std::string prefix = it != resource_index_.end() ? "@" : "";
  return Value::Unknown(prefix + key + (attr.empty() ? "" : "." + attr), mf.source, at);
}

Value Module::DataAttribute(const std::string& key, const std::string& attr, const ModuleFile& mf,
                            ByteRange at, int depth) {
  auto it = data_.find(key);
  const std::string name = "data." + key + (attr.empty() ? "" : "." + attr);
  if (it == data_.end()) {
    return Value::Unknown(name, mf.source, at);
  }
  const std::string& type = it->second.block->labels[0];
  if (type == "aws_iam_policy_document" && (attr == "json" || attr == "minified_json")) {
    return PolicyDocument(it->second, depth);
  }
  if (type == "aws_partition" && attr == "partition") {
    return Value::Unknown("@partition", mf.source, at);
  }
  if (type == "aws_caller_identity" && attr == "account_id") {
    return Value::Unknown("@account", mf.source, at);
  }
  if (type == "aws_region" && (attr == "name" || attr == "region")) {
    return Value::Unknown("@region", mf.source, at);
  }
  return Value::Unknown(name, mf.source, at);
}

Value Module::EvalCall(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth) {
  std::vector<Value> args;
  args.reserve(e.items.size());
  for (const ExprId a : e.items) {
    args.push_back(Eval(a, mf, scope, depth + 1));
  }
  if ((e.text == "file" || e.text == "templatefile") && !args.empty()) {
    return ReadFile(args[0], mf, e.range, e.text == "templatefile",
                    args.size() > 1 ? &args[1] : nullptr);
  }
  if (std::optional<Value> v = CallBuiltin(e.text, args, mf.source, e.range)) {
    return std::move(*v);
  }
  if (e.text == "jsonencode" && args.size() == 1) {
    return Value::Unknown("jsonencode(" + args[0].text + ")", mf.source, e.range);
  }
  return Value::Unknown(e.text + "()", mf.source, e.range);
}

Value Module::EvalFor(const HclExpr& e, const ModuleFile& mf, const Scope& scope, int depth) {
  const Value collection = Eval(e.items[0], mf, scope, depth + 1);
  const bool object = e.kind == HclExprKind::kForObject;
  if (collection.kind != Kind::kTuple && collection.kind != Kind::kObject) {
    return Value::Unknown("for over " + collection.text, mf.source, e.range);
  }
  Value v;
  v.kind = object ? Kind::kObject : Kind::kTuple;
  v.file = mf.source;
  v.range = e.range;
  const size_t n =
      std::min(kMaxCollection, collection.kind == Kind::kTuple ? collection.items.size()
                                                               : collection.members.size());
  for (size_t i = 0; i < n; ++i) {
    Scope inner = scope;
    Value key;
    Value value;
    if (collection.kind == Kind::kTuple) {
      key.kind = Kind::kNumber;
      key.text = std::to_string(i);
      value = collection.items[i];
    } else {
      key = Value::String(collection.members[i].key, mf.source, e.range);
      value = collection.members[i].value;
    }
    if (!e.key_var.empty()) {
      inner[e.key_var] = key;
    }
    inner[e.value_var] = value;
    const ExprId cond = e.items.back();
    if (cond != parse::kNoExpr) {
      const Value c = Eval(cond, mf, inner, depth + 1);
      if (c.kind == Kind::kBool && c.text == "false") {
        continue;
      }
    }
    Value result = Eval(e.items[1], mf, inner, depth + 1);
    if (result.file != mf.source) {
      result.Rebase(mf.source, mf.hcl.expr(e.items[1]).range);
    }
    if (object) {
      const Value body = Eval(e.items[2], mf, inner, depth + 1);
      v.members.push_back({result.text, result.range, body});
    } else {
      v.items.push_back(std::move(result));
    }
  }
  return v;
}

// templatefile: ${name} and ${name.attr} from `vars`, %{ for x in name }...%{ endfor } loops;
// anything else becomes an unknown segment. Positions are those of the template file.
Value RenderTemplate(const SourceFile* file, const Value* vars) {
  const std::string_view text = file->text();
  Value v = Value::String("", file, {0, static_cast<uint32_t>(text.size())});
  auto lookup = [&](std::string_view expr, const Scope& loop) -> std::optional<Value> {
    std::string name(expr);
    name.erase(0, name.find_first_not_of(" \t~"));
    name.erase(name.find_last_not_of(" \t~") + 1);
    std::string attr;
    if (const size_t dot = name.find('.'); dot != std::string::npos) {
      attr = name.substr(dot + 1);
      name.resize(dot);
    }
    const Value* base = nullptr;
    if (auto it = loop.find(name); it != loop.end()) {
      base = &it->second;
    } else if (vars != nullptr && vars->kind == Kind::kObject) {
      base = vars->Find(name);
    }
    if (base == nullptr) {
      return std::nullopt;
    }
    if (!attr.empty()) {
      base = base->Find(attr);
    }
    return base == nullptr ? std::nullopt : std::optional<Value>(*base);
  };
  struct Loop {
    size_t body;  // offset after the for directive
    std::string var;
    std::vector<Value> items;
    size_t next;
  };
  std::vector<Loop> loops;
  Scope loop_scope;
  size_t i = 0;
  size_t guard = 0;
  while (i < text.size() && ++guard < 10'000'000) {
    const bool dollar = text.compare(i, 2, "${") == 0;
    const bool percent = text.compare(i, 2, "%{") == 0;
    if ((text.compare(i, 3, "$${") == 0) || (text.compare(i, 3, "%%{") == 0)) {
      v.text += text.substr(i + 1, 2);
      v.spans.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 3)});
      v.spans.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 3)});
      i += 3;
      continue;
    }
    if (!dollar && !percent) {
      v.text += text[i];
      v.spans.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)});
      ++i;
      continue;
    }
    const size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      v.text += text.substr(i);
      break;
    }
    const std::string_view inner = text.substr(i + 2, close - i - 2);
    const ByteRange span{static_cast<uint32_t>(i), static_cast<uint32_t>(close + 1)};
    if (dollar) {
      const std::optional<Value> x = lookup(inner, loop_scope);
      const std::string inserted =
          x && (x->is_string() || x->kind == Kind::kNumber || x->kind == Kind::kBool)
              ? x->text
              : std::string(kUnknownOpen) + std::string(inner) + std::string(kUnknownClose);
      v.text += inserted;
      v.spans.insert(v.spans.end(), inserted.size(), span);
      i = close + 1;
      continue;
    }
    std::string directive(inner);
    directive.erase(0, directive.find_first_not_of(" \t~"));
    if (directive.starts_with("for ")) {
      std::istringstream words(directive.substr(4));
      std::string var;
      std::string in_word;
      std::string coll;
      words >> var >> in_word >> coll;
      const std::optional<Value> c = lookup(coll, loop_scope);
      Loop loop{close + 1, var, {}, 0};
      if (c && c->kind == Kind::kTuple) {
        loop.items = c->items;
      }
      if (loop.items.empty()) {  // skip to the matching endfor
        const size_t end = text.find("endfor", close);
        const size_t end_close = end == std::string_view::npos ? text.size() : text.find('}', end);
        i = end_close == std::string_view::npos ? text.size() : end_close + 1;
        continue;
      }
      loop_scope[var] = loop.items[0];
      loop.next = 1;
      loops.push_back(std::move(loop));
      i = close + 1;
      continue;
    }
    if (directive.starts_with("endfor") && !loops.empty()) {
      Loop& loop = loops.back();
      if (loop.next < loop.items.size()) {
        loop_scope[loop.var] = loop.items[loop.next++];
        i = loop.body;
        continue;
      }
      loop_scope.erase(loop.var);
      loops.pop_back();
      i = close + 1;
      continue;
    }
    const std::string unknown =
        std::string(kUnknownOpen) + "template directive" + std::string(kUnknownClose);
    v.text += unknown;
    v.spans.insert(v.spans.end(), unknown.size(), span);
    i = close + 1;
  }
  return v;
}

// file()/templatefile(): only inside the root (a scan of untrusted code must not read other
// files); the content is a new source file, so findings point into it.
Value Module::ReadFile(const Value& path, const ModuleFile& mf, ByteRange at, bool template_file,
                       const Value* vars) {
  const char* fn = template_file ? "templatefile" : "file";
  if (!path.is_string() || HasUnknown(path.text)) {
    return Value::Unknown(std::string(fn) + "(" + DisplayText(path.text) + ")", mf.source, at);
  }
  // "${path.module}/x" already starts with the module's directory; a bare relative path is
  // taken from the module's directory (where Terraform runs for a root module).
  std::filesystem::path p(path.text);
  std::error_code ec;
  const std::string dir = dir_.string();
  if (p.is_relative() && !dir.empty() && dir != "." && !path.text.starts_with(dir + "/")) {
    p = dir_ / p;
  }
  const std::filesystem::path real = std::filesystem::weakly_canonical(p, ec);
  // No root given: the module's directory. Never an empty root (which would contain all).
  const std::filesystem::path given =
      !options_.root.empty() ? options_.root : (dir_.empty() ? std::filesystem::path(".") : dir_);
  const std::filesystem::path root = std::filesystem::weakly_canonical(given, ec);
  auto inside = [&] {
    auto r = root.begin();
    auto x = real.begin();
    for (; r != root.end(); ++r, ++x) {
      if (x == real.end() || *r != *x) {
        return false;
      }
    }
    return true;
  };
  if (path.text.starts_with("/") && !options_.allow_outside_root && !inside()) {
    return Value::Unknown(std::string(fn) + "(\"" + path.text +
                              "\"): absolute path outside the scanned root, not read "
                              "(--allow-outside-root reads it)",
                          mf.source, at);
  }
  if (!options_.allow_outside_root && !inside()) {
    return Value::Unknown(std::string(fn) + "(\"" + path.text +
                              "\"): outside the scanned root, not read (--allow-outside-root "
                              "reads it)",
                          mf.source, at);
  }
  std::ifstream in(real, std::ios::binary);
  if (!in || std::filesystem::is_directory(real, ec)) {
    out_.errors.push_back(
        {mf.source->path(), at, std::string(fn) + "(\"" + path.text + "\"): no such file"});
    return Value::Unknown(std::string(fn) + "(\"" + path.text + "\"): missing file", mf.source, at);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string display = p.string();
  auto source = std::make_unique<SourceFile>(display, ss.str());
  const SourceFile* file = source.get();
  out_.referenced_files.push_back(std::move(source));
  const std::string_view text = file->text();
  if (!template_file) {
    Value v = Value::String(std::string(text), file, {0, static_cast<uint32_t>(text.size())});
    for (uint32_t i = 0; i < v.spans.size(); ++i) {
      v.spans[i] = {i, i + 1};
    }
    return v;
  }
  return RenderTemplate(file, vars);
}

// --- aws_iam_policy_document ---

// The blocks inside a statement, dynamic ones expanded over their for_each (each with the
// scope its content is evaluated in; an unknown collection gives one unknown element).
// A dynamic block expanded over its for_each: its content (renamed to the block's label), once
// per element, each with the scope that binds the iterator (`label.key`, `label.value`). An
// unknown collection gives one element whose key and value are unknown.
std::vector<std::pair<const HclBlock*, Scope>> Module::ExpandDynamic(const HclBlock& dyn,
                                                                     const ModuleFile& mf,
                                                                     const Scope& scope,
                                                                     int depth) {
  std::vector<std::pair<const HclBlock*, Scope>> out;
  const parse::HclAttribute* for_each = dyn.body.Attribute("for_each");
  const auto content = std::find_if(dyn.body.blocks.begin(), dyn.body.blocks.end(),
                                    [](const HclBlock& c) { return c.type == "content"; });
  if (dyn.labels.size() != 1 || for_each == nullptr || content == dyn.body.blocks.end()) {
    return out;
  }
  std::string iterator = dyn.labels[0];
  if (const parse::HclAttribute* it = dyn.body.Attribute("iterator");
      it != nullptr && mf.hcl.expr(it->expr).kind == HclExprKind::kTraversal) {
    iterator = mf.hcl.expr(it->expr).text;
  }
  HclBlock renamed = *content;
  renamed.type = dyn.labels[0];
  dynamic_blocks_.push_back(std::make_unique<HclBlock>(std::move(renamed)));
  const HclBlock* body = dynamic_blocks_.back().get();
  auto bind = [&](Value key, Value value) {
    Scope inner = scope;
    Value it;
    it.kind = Kind::kObject;
    it.file = mf.source;
    it.members.push_back({"key", key.range, std::move(key)});
    it.members.push_back({"value", value.range, std::move(value)});
    inner[iterator] = std::move(it);
    out.emplace_back(body, std::move(inner));
  };
  const Value coll = Eval(for_each->expr, mf, scope, depth + 1);
  if (coll.kind == Kind::kTuple) {
    for (size_t i = 0; i < std::min(kMaxCollection, coll.items.size()); ++i) {
      bind(coll.items[i], coll.items[i]);
    }
  } else if (coll.kind == Kind::kObject) {
    for (size_t i = 0; i < std::min(kMaxCollection, coll.members.size()); ++i) {
      bind(Value::String(coll.members[i].key, mf.source, coll.members[i].key_range),
           coll.members[i].value);
    }
  } else {
    bind(Value::Unknown(iterator + ".key", mf.source, for_each->name_range),
         Value::Unknown("each element of " + DisplayText(coll.text), mf.source,
                        for_each->name_range));
  }
  return out;
}

// The blocks inside a statement, dynamic ones expanded (each with the scope its content is
// evaluated in).
std::vector<std::pair<const HclBlock*, Scope>> Module::NestedBlocks(const HclBlock& block,
                                                                    const ModuleFile& mf,
                                                                    const Scope& scope, int depth) {
  std::vector<std::pair<const HclBlock*, Scope>> nested;
  for (const HclBlock& b : block.body.blocks) {
    if (b.type == "dynamic") {
      for (auto& expanded : ExpandDynamic(b, mf, scope, depth)) {
        nested.push_back(std::move(expanded));
      }
    } else {
      nested.emplace_back(&b, scope);
    }
  }
  return nested;
}

// A principals / not_principals block merged into the statement's map (same type: identifiers
// concatenated; type "*" with identifier "*" is "Principal": "*").
void Module::PrincipalBlock(const HclBlock& block, const ModuleFile& mf, const Scope& inner,
                            int depth, Value& map) {
  const HclBlock* b = &block;
  map.range = map.members.empty() ? b->range : map.range;
  const Value type = Attr(b->body, "type", mf, inner, depth);
  Value ids = PolicyVariables(Attr(b->body, "identifiers", mf, inner, depth));
  if (ids.file != mf.source) {
    ids.Rebase(mf.source, b->range);
  }
  const std::string key = type.known() ? type.text : "AWS";
  if (key == "*" && ids.kind == Kind::kTuple && ids.items.size() == 1 && ids.items[0].text == "*") {
    map = ids.items[0];  // "Principal": "*"
    return;
  }
  if (map.kind != Kind::kObject) {
    return;
  }
  Value* existing = nullptr;
  for (Value::Member& m : map.members) {
    if (m.key == key) {
      existing = &m.value;
    }
  }
  if (existing != nullptr && existing->kind == Kind::kTuple && ids.kind == Kind::kTuple) {
    existing->items.insert(existing->items.end(), ids.items.begin(), ids.items.end());
  } else {
    map.members.push_back({key, type.range, std::move(ids)});
  }
}

// A condition block merged into the statement's Condition map (blocks with the same test share
// an operator; values keep their order).
void Module::ConditionBlock(const HclBlock& block, const ModuleFile& mf, const Scope& inner,
                            int depth, Value& condition) {
  const HclBlock* b = &block;
  condition.range = condition.members.empty() ? b->range : condition.range;
  const Value test = Attr(b->body, "test", mf, inner, depth);
  const Value variable = Attr(b->body, "variable", mf, inner, depth);
  Value values = PolicyVariables(Attr(b->body, "values", mf, inner, depth));
  if (values.file != mf.source) {
    values.Rebase(mf.source, b->range);
  }
  const std::string op =
      test.known() ? test.text : std::string(kUnknownOpen) + test.text + std::string(kUnknownClose);
  Value* op_map = nullptr;
  for (Value::Member& m : condition.members) {
    if (m.key == op) {
      op_map = &m.value;
    }
  }
  if (op_map == nullptr) {
    Value fresh;
    fresh.kind = Kind::kObject;
    fresh.file = mf.source;
    fresh.range = b->range;
    condition.members.push_back({op, test.range, std::move(fresh)});
    op_map = &condition.members.back().value;
  }
  const std::string key =
      variable.known() ? variable.text
                       : std::string(kUnknownOpen) + variable.text + std::string(kUnknownClose);
  op_map->members.push_back({key, variable.range, std::move(values)});
}

Value Module::Statement(const HclBlock& block, const ModuleFile& mf, const Scope& scope,
                        int depth) {
  Value st;
  st.kind = Kind::kObject;
  st.file = mf.source;
  st.range = block.range;
  auto add = [&](const char* key, ByteRange key_range, Value value) {
    if (value.file != mf.source) {
      value.Rebase(mf.source, key_range);
    }
    st.members.push_back({key, key_range, std::move(value)});
  };

  static constexpr std::array<std::pair<const char*, const char*>, 6> kFields{{
      {"sid", "Sid"},
      {"effect", "Effect"},
      {"actions", "Action"},
      {"not_actions", "NotAction"},
      {"resources", "Resource"},
      {"not_resources", "NotResource"},
  }};
  for (const auto& [hcl, json] : kFields) {
    if (hcl == nullptr) {
      continue;
    }
    if (const parse::HclAttribute* a = block.body.Attribute(hcl)) {
      Value v = Eval(a->expr, mf, scope, depth + 1);
      if (std::string_view(hcl).find("resources") != std::string_view::npos) {
        v = PolicyVariables(std::move(v));
      }
      add(json, a->name_range, std::move(v));
    }
  }
  if (block.body.Attribute("effect") == nullptr) {
    add("Effect", block.type_range, Value::String("Allow", mf.source, block.type_range));
  }
  // principals / not_principals / condition blocks, static and dynamic.
  const std::vector<std::pair<const HclBlock*, Scope>> nested =
      NestedBlocks(block, mf, scope, depth);
  Value principals;
  Value not_principals;
  Value condition;
  for (Value* map : {&principals, &not_principals, &condition}) {
    map->kind = Kind::kObject;
    map->file = mf.source;
  }
  for (const auto& [b, inner] : nested) {
    if (b->type == "principals" || b->type == "not_principals") {
      PrincipalBlock(*b, mf, inner, depth, b->type == "principals" ? principals : not_principals);
    } else if (b->type == "condition") {
      ConditionBlock(*b, mf, inner, depth, condition);
    }
  }
  if (principals.kind != Kind::kObject || !principals.members.empty()) {
    st.members.push_back({"Principal", principals.range, std::move(principals)});
  }
  if (not_principals.kind != Kind::kObject || !not_principals.members.empty()) {
    st.members.push_back({"NotPrincipal", not_principals.range, std::move(not_principals)});
  }
  if (!condition.members.empty()) {
    st.members.push_back({"Condition", condition.range, std::move(condition)});
  }
  return st;
}

void Module::AddDocumentStatements(const HclBody& body, const ModuleFile& mf, const Scope& scope,
                                   int depth, std::vector<Value>& statements) {
  for (const HclBlock& b : body.blocks) {
    if (b.type == "statement") {
      statements.push_back(Statement(b, mf, scope, depth));
    } else if (b.type == "dynamic" && !b.labels.empty() && b.labels[0] == "statement") {
      for (const auto& [content, inner] : ExpandDynamic(b, mf, scope, depth)) {
        statements.push_back(Statement(*content, mf, inner, depth));
      }
    }
  }
}

Value Module::PolicyDocument(const Located& data, int depth) {
  const HclBlock& block = *data.block;
  const ModuleFile& mf = files_[data.file];
  const std::string key = "data." + block.labels[0] + "." + block.labels[1];
  if (auto c = document_cache_.find(key); c != document_cache_.end()) {
    return c->second;
  }
  if (evaluating_.contains(key)) {
    if (reported_cycles_.insert(key).second) {
      out_.errors.push_back(
          {mf.source->path(), block.type_range, "cyclic reference: " + key + " includes itself"});
    }
    return Value::Unknown("cyclic " + key, mf.source, block.range);
  }
  evaluating_.insert(key);
  std::vector<Value> statements;
  auto merge = [&](const parse::HclAttribute* list, bool override) {
    if (list == nullptr) {
      return;
    }
    const Value docs = Eval(list->expr, mf, {}, depth + 1);
    for (const Value& d : docs.kind == Kind::kTuple ? docs.items : std::vector<Value>{docs}) {
      std::optional<Value> parsed;
      if (d.kind == Kind::kObject) {
        parsed = d;
      } else if (d.is_string()) {
        parsed = JsonStringToValue(d);
      }
      const Value* sts = parsed ? parsed->Find("Statement") : nullptr;
      if (sts == nullptr) {
        continue;
      }
      for (const Value& s : sts->kind == Kind::kTuple ? sts->items : std::vector<Value>{*sts}) {
        const Value* sid = s.Find("Sid");
        auto same = std::find_if(statements.begin(), statements.end(), [&](const Value& x) {
          const Value* xs = x.Find("Sid");
          return override && sid != nullptr && xs != nullptr && !sid->text.empty() &&
                 xs->text == sid->text;
        });
        if (same != statements.end()) {
          *same = s;
        } else {
          statements.push_back(s);
        }
      }
    }
  };
  merge(block.body.Attribute("source_policy_documents"), false);
  std::vector<Value> own;
  AddDocumentStatements(block.body, mf, {}, depth, own);
  for (Value& s : own) {
    const Value* sid = s.Find("Sid");
    auto same = std::find_if(statements.begin(), statements.end(), [&](const Value& x) {
      const Value* xs = x.Find("Sid");
      return sid != nullptr && xs != nullptr && !sid->text.empty() && xs->text == sid->text;
    });
    if (same != statements.end()) {
      *same = std::move(s);
    } else {
      statements.push_back(std::move(s));
    }
  }
  merge(block.body.Attribute("override_policy_documents"), true);
  Value doc;
  doc.kind = Kind::kObject;
  doc.encoded = true;
  doc.file = mf.source;
  doc.range = block.range;
  Value version = block.body.Attribute("version") != nullptr
                      ? Attr(block.body, "version", mf, {}, depth)
                      : Value::String("2012-10-17", mf.source, block.type_range);
  doc.members.push_back({"Version", version.range, std::move(version)});
  if (block.body.Attribute("policy_id") != nullptr) {
    Value id = Attr(block.body, "policy_id", mf, {}, depth);
    doc.members.push_back({"Id", id.range, std::move(id)});
  }
  Value list;
  list.kind = Kind::kTuple;
  list.file = mf.source;
  list.range = block.range;
  for (Value& s : statements) {
    if (s.file != mf.source) {
      s.Rebase(mf.source, block.type_range);
    }
    list.items.push_back(std::move(s));
  }
  doc.members.push_back({"Statement", block.type_range, std::move(list)});
  evaluating_.erase(key);
  document_cache_[key] = doc;
  return doc;
}

// --- extraction ---

void Module::AddPolicy(const std::string& address, const std::string& attribute, PolicyKind kind,
                       const Value& value, const std::string& principal, const std::string& note) {
  ExtractedPolicy p;
  p.address = address;
  p.attribute = attribute;
  p.kind = kind;
  p.principal = principal;
  p.note = note;
  p.file = value.file;
  if (value.kind == Kind::kNull) {
    return;  // not configured
  }
  if (value.kind == Kind::kObject && value.encoded) {
    p.document = JsonFromValue(value);
  } else if (value.is_string()) {
    if (value.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return;
    }
    parse::JsonParseResult parsed = parse::ParseJson(value.text);
    if (parsed.document) {
      p.document =
          parsed.document->Relocated([&](ByteRange r) { return value.SpanOf(r.begin, r.end); });
    } else if (HasUnknown(value.text)) {
      p.unresolved_range = value.range;
      p.unresolved_reason =
          "the policy JSON depends on unknown values: " +
          DisplayText(std::string(kUnknownOpen) + UnknownNames(value.text).front() +
                      std::string(kUnknownClose));
    } else {
      const ByteRange at = parsed.error
                               ? value.SpanOf(parsed.error->range.begin, parsed.error->range.end)
                               : value.range;
      out_.errors.push_back({value.file->path(), at,
                             "invalid policy JSON in " + address + "." + attribute + ": " +
                                 (parsed.error ? parsed.error->message : "")});
      return;
    }
  } else if (value.kind == Kind::kUnknown) {
    p.unresolved_range = value.range;
    p.unresolved_reason = "the policy depends on an unknown value: " + DisplayText(value.text);
  } else {
    out_.errors.push_back(
        {value.file->path(), value.range, address + "." + attribute + " must be a JSON string"});
    return;
  }
  out_.policies.push_back(std::move(p));
}

// aws_lambda_permission carries no JSON: the statement Lambda adds to the function's policy is
// built from its fields, each located at its attribute.
Value Module::LambdaPermission(const HclBlock& block, const ModuleFile& mf) {
  auto object = [&](ByteRange range) {
    Value v;
    v.kind = Kind::kObject;
    v.file = mf.source;
    v.range = range;
    return v;
  };
  auto attr = [&](std::string_view name) {
    return Attr(block.body, name, mf, {}, 0);
  };
  auto located = [&](Value v, std::string_view name) {
    if (const parse::HclAttribute* a = block.body.Attribute(name);
        a != nullptr && v.file != mf.source) {
      v.Rebase(mf.source, mf.hcl.expr(a->expr).range);
    }
    return v;
  };
  Value st = object(block.range);
  if (block.body.Attribute("statement_id") != nullptr) {
    st.members.push_back({"Sid", block.type_range, located(attr("statement_id"), "statement_id")});
  }
  st.members.push_back(
      {"Effect", block.type_range, Value::String("Allow", mf.source, block.type_range)});
  st.members.push_back({"Action", block.type_range, located(attr("action"), "action")});
  Value principal = located(attr("principal"), "principal");
  if (principal.is_string() && principal.text == "*") {
    st.members.push_back({"Principal", principal.range, principal});
  } else {
    Value map = object(principal.range);
    const bool service = principal.is_string() && principal.text.ends_with(".amazonaws.com");
    map.members.push_back({service ? "Service" : "AWS", principal.range, principal});
    st.members.push_back({"Principal", principal.range, std::move(map)});
  }
  const Value function = located(attr("function_name"), "function_name");
  std::string arn = function.is_string() ? function.text : "";
  if (!arn.starts_with("arn:")) {
    auto placeholder = [](const std::string& what) {
      return std::string(kUnknownOpen) + what + std::string(kUnknownClose);
    };
    arn = "arn:" + placeholder("@partition") + ":lambda:" + placeholder("@region") + ":" +
          placeholder("@account") + ":function:" +
          (function.is_string() ? function.text : placeholder("@" + DisplayText(function.text)));
  }
  st.members.push_back({"Resource", function.range, Value::String(arn, mf.source, function.range)});
  Value condition = object(block.range);
  auto test = [&](const char* op, const char* key, std::string_view field) {
    if (block.body.Attribute(field) == nullptr) {
      return;
    }
    Value value = located(attr(field), field);
    Value op_map = object(value.range);
    op_map.members.push_back({key, value.range, std::move(value)});
    condition.members.push_back({op, op_map.range, std::move(op_map)});
  };
  test("ArnLike", "AWS:SourceArn", "source_arn");
  test("StringEquals", "AWS:SourceAccount", "source_account");
  test("StringEquals", "aws:PrincipalOrgID", "principal_org_id");
  test("StringEquals", "lambda:EventSourceToken", "event_source_token");
  test("StringEquals", "lambda:FunctionUrlAuthType", "function_url_auth_type");
  if (!condition.members.empty()) {
    st.members.push_back({"Condition", condition.range, std::move(condition)});
  }
  Value doc = object(block.range);
  doc.encoded = true;
  doc.members.push_back(
      {"Version", block.type_range, Value::String("2012-10-17", mf.source, block.type_range)});
  Value list;
  list.kind = Kind::kTuple;
  list.file = mf.source;
  list.range = block.range;
  list.items.push_back(std::move(st));
  doc.members.push_back({"Statement", block.type_range, std::move(list)});
  return doc;
}

// The principal or policy an argument names: a reference to a resource of this module
// (aws_iam_role.x.name -> aws_iam_role.x), else the literal (`aws_iam_role "x"`, or an ARN).
std::string Module::Reference(const HclBody& body, std::string_view attribute, const ModuleFile& mf,
                              std::string_view kind) {
  const parse::HclAttribute* a = body.Attribute(attribute);
  if (a == nullptr) {
    return "";
  }
  const HclExpr& e = mf.hcl.expr(a->expr);
  if (e.kind == HclExprKind::kTraversal && !e.steps.empty() && e.text != "var" &&
      e.text != "local" && e.text != "data") {
    return e.text + "." + e.steps[0].attr;
  }
  const Value v = Eval(a->expr, mf, {}, 0);
  if (!v.is_string()) {
    return DisplayText(std::string(kUnknownOpen) + v.text + std::string(kUnknownClose));
  }
  if (v.text.starts_with("arn:") || kind.empty()) {
    return DisplayText(v.text);
  }
  return std::string(kind) + " \"" + v.text + "\"";
}

void Module::CollectPrincipals() {
  std::vector<ExtractedPrincipal>& principals = out_.principals;
  auto principal = [&](const std::string& address) -> ExtractedPrincipal& {
    for (ExtractedPrincipal& p : principals) {
      if (p.address == address) {
        return p;
      }
    }
    principals.push_back({address, {}, {}, "", {}, {}, {}, "", {}});
    return principals.back();
  };
  auto attach = [](ExtractedPrincipal& p, std::string what, Site at) {
    p.attached.push_back(std::move(what));
    p.attached_at.push_back(at);
  };
  for (const ExtractedPolicy& p : out_.policies) {
    if (!p.principal.empty()) {
      principal(p.principal).policies.push_back(p.address + "." + p.attribute);
    }
  }
  for (const Located& r : resources_) {
    const HclBlock& b = *r.block;
    const ModuleFile& mf = files_[r.file];
    const std::string& type = b.labels[0];
    const std::string address = type + "." + b.labels[1];
    auto site_of = [&](const char* attribute) {
      const parse::HclAttribute* a = b.body.Attribute(attribute);
      return a == nullptr ? Site{mf.source, b.type_range}
                          : Site{mf.source, mf.hcl.expr(a->expr).range};
    };
    if (type == "aws_iam_role" || type == "aws_iam_user" || type == "aws_iam_group") {
      ExtractedPrincipal& p = principal(address);
      p.defined_at = {mf.source, b.type_range};
      const Value own_arn = ResourceAttribute(address, "arn", mf, b.type_range, 0);
      p.arn = own_arn.is_string()
                  ? own_arn.text
                  : "arn:" + std::string(kUnknownOpen) + "@partition" + std::string(kUnknownClose) +
                        ":iam::" + std::string(kUnknownOpen) + "@account" +
                        std::string(kUnknownClose) + ":" + type.substr(8) + "/" +
                        std::string(kUnknownOpen) + address + ".name" + std::string(kUnknownClose);
      p.boundary = Reference(b.body, "permissions_boundary", mf, "");
      p.boundary_at = site_of("permissions_boundary");
      const Value arns = Attr(b.body, "managed_policy_arns", mf, {}, 0);
      for (const Value& arn : arns.items) {
        attach(p, DisplayText(arn.is_string() ? arn.text : "${" + arn.text + "}"),
               {arn.file != nullptr ? arn.file : mf.source, arn.range});
      }
    }
    for (const char* kind : {"role", "user", "group"}) {
      if (type == std::string("aws_iam_") + kind + "_policy_attachment") {
        const std::string who = Reference(b.body, kind, mf, std::string("aws_iam_") + kind);
        const std::string what = Reference(b.body, "policy_arn", mf, "");
        if (!who.empty()) {
          attach(principal(who), what, site_of("policy_arn"));
        }
      }
    }
    // Group membership: a user holds its groups' policies.
    auto list_refs = [&](const char* attribute, const std::string& kind) {
      std::vector<std::string> out;
      if (const parse::HclAttribute* a = b.body.Attribute(attribute)) {
        for (const ExprId item : mf.hcl.expr(a->expr).items) {
          const HclExpr& x = mf.hcl.expr(item);
          if (x.kind == HclExprKind::kTraversal && !x.steps.empty() && x.text.starts_with("aws_")) {
            out.push_back(x.text + "." + x.steps[0].attr);
          } else {
            const Value v = Eval(item, mf, {}, 0);
            out.push_back(kind + " \"" + DisplayText(v.text) + "\"");
          }
        }
      }
      return out;
    };
    if (type == "aws_iam_user_group_membership") {
      const std::string user = Reference(b.body, "user", mf, "aws_iam_user");
      for (const std::string& group : list_refs("groups", "aws_iam_group")) {
        principal(user).groups.push_back(group);
      }
    }
    if (type == "aws_iam_group_membership") {
      const std::string group = Reference(b.body, "group", mf, "aws_iam_group");
      for (const std::string& user : list_refs("users", "aws_iam_user")) {
        principal(user).groups.push_back(group);
      }
    }
    if (type == "aws_iam_policy_attachment") {
      const std::string what = Reference(b.body, "policy_arn", mf, "");
      for (const char* list : {"roles", "users", "groups"}) {
        if (const parse::HclAttribute* a = b.body.Attribute(list)) {
          const HclExpr& e = mf.hcl.expr(a->expr);
          for (const ExprId item : e.items) {
            const HclExpr& x = mf.hcl.expr(item);
            const std::string kind =
                std::string("aws_iam_") + std::string(list).substr(0, std::strlen(list) - 1);
            std::string who;
            if (x.kind == HclExprKind::kTraversal && !x.steps.empty() &&
                x.text.starts_with("aws_")) {
              who = x.text + "." + x.steps[0].attr;
            } else {
              const Value v = Eval(item, mf, {}, 0);
              who = kind + " \"" + DisplayText(v.text) + "\"";
            }
            attach(principal(who), what, site_of("policy_arn"));
          }
        }
      }
    }
  }
}

// The role, user or group a resource's policy belongs to: the resource itself, or the one its
// role/user/group argument names (a reference, or a literal name).
std::string Module::OwnerOf(const HclBlock& b, const ModuleFile& mf) {
  const std::string& type = b.labels[0];
  if (type == "aws_iam_role" || type == "aws_iam_user" || type == "aws_iam_group") {
    return type + "." + b.labels[1];
  }
  std::string principal;
  for (const char* ref : {"role", "user", "group"}) {
    const parse::HclAttribute* a = b.body.Attribute(ref);
    if (a == nullptr) {
      continue;
    }
    const HclExpr& e = mf.hcl.expr(a->expr);
    if (e.kind == HclExprKind::kTraversal && !e.steps.empty()) {
      principal = e.text + "." + e.steps[0].attr;
    } else {
      const Value v = Eval(a->expr, mf, {}, 0);
      principal = v.is_string() ? "aws_iam_" + std::string(ref) + " \"" + v.text + "\"" : "";
    }
  }
  return principal;
}

// Policies in nested blocks and synthesized ones: inline_policy, SCP/RCP content, Lambda
// permissions, multi-region access point details.
void Module::SpecialPolicies(const HclBlock& b, const ModuleFile& mf, const std::string& address,
                             const std::string& principal, const std::string& note) {
  const std::string& type = b.labels[0];
  auto blocks = [&](const char* block_type, const char* attribute, PolicyKind kind,
                    const std::string& owner) {
    for (const HclBlock& inner : b.body.blocks) {
      if (inner.type == block_type && inner.body.Attribute("policy") != nullptr) {
        AddPolicy(address, attribute, kind, Attr(inner.body, "policy", mf, {}, 0), owner, note);
      }
    }
  };
  if (type == "aws_iam_role") {
    blocks("inline_policy", "inline_policy.policy", PolicyKind::kIdentity, principal);
  }
  if (type == "aws_s3control_multi_region_access_point_policy") {
    blocks("details", "details.policy", PolicyKind::kResource, "");
  }
  if (type == "aws_organizations_policy" && b.body.Attribute("content") != nullptr) {
    const Value kind = Attr(b.body, "type", mf, {}, 0);
    const std::string t = kind.is_string() ? kind.text : "SERVICE_CONTROL_POLICY";
    if (t == "SERVICE_CONTROL_POLICY" || t == "RESOURCE_CONTROL_POLICY") {
      AddPolicy(address, "content",
                t == "SERVICE_CONTROL_POLICY" ? PolicyKind::kScp : PolicyKind::kRcp,
                Attr(b.body, "content", mf, {}, 0), "", note);
    }
  }
  if (type == "aws_lambda_permission") {
    AddPolicy(address, "(synthesized)", PolicyKind::kResource, LambdaPermission(b, mf), "", note);
  }
}

void Module::Extract() {
  for (const Located& r : resources_) {
    const HclBlock& b = *r.block;
    const ModuleFile& mf = files_[r.file];
    const std::string& type = b.labels[0];
    const std::string address = type + "." + b.labels[1];
    std::string note;
    if (b.body.Attribute("count") != nullptr || b.body.Attribute("for_each") != nullptr) {
      const bool count = b.body.Attribute("count") != nullptr;
      note = std::string(count ? "count" : "for_each") +
             ": the body is analysed once for all instances";
      const Value n = count ? Attr(b.body, "count", mf, {}, 0) : Value{};
      if (n.kind == Kind::kNumber && n.text == "0") {
        continue;  // count = 0: nothing is created
      }
    }
    const std::string principal = OwnerOf(b, mf);
    for (const PolicyPlace& place : kPolicyPlaces) {
      if (place.type == type && b.body.Attribute(place.attribute) != nullptr) {
        AddPolicy(address, std::string(place.attribute), place.kind,
                  Attr(b.body, place.attribute, mf, {}, 0), principal, note);
      }
    }
    SpecialPolicies(b, mf, address, principal, note);
  }
  CollectPrincipals();
  // A policy document that no resource uses is still checked on its own.
  std::set<std::string> used;
  for (const auto& [key, doc] : document_cache_) {
    used.insert(key);
  }
  for (const auto& [key, data] : data_) {
    if (data.block->labels[0] == "aws_iam_policy_document" && !used.contains("data." + key)) {
      const Value doc = PolicyDocument(data, 0);
      AddPolicy("data." + key, "json", PolicyKind::kUnknown, doc, "", "");
    }
  }
}

// --- plan JSON ---

class PlanReader {
 public:
  PlanReader(const SourceFile& file, const parse::JsonDocument& doc, Extraction& out)
      : file_(file), doc_(doc), out_(out) {}

  void Module(parse::NodeId module, int depth) {
    if (depth > 64 || doc_.type(module) != parse::JsonType::kObject) {
      return;
    }
    if (auto resources = doc_.Find(module, "resources")) {
      for (uint32_t i = 0;
           i < doc_.size(*resources) && doc_.type(*resources) == parse::JsonType::kArray; ++i) {
        Resource(doc_.Element(*resources, i));
      }
    }
    if (auto children = doc_.Find(module, "child_modules")) {
      for (uint32_t i = 0;
           i < doc_.size(*children) && doc_.type(*children) == parse::JsonType::kArray; ++i) {
        Module(doc_.Element(*children, i), depth + 1);
      }
    }
  }

 private:
  std::string Str(parse::NodeId obj, std::string_view key) const {
    auto v = doc_.Find(obj, key);
    return v && doc_.type(*v) == parse::JsonType::kString ? std::string(doc_.Text(*v)) : "";
  }

  void Add(const std::string& address, const std::string& attribute, PolicyKind kind,
           parse::NodeId node) {
    if (doc_.type(node) != parse::JsonType::kString) {
      return;  // null: unknown until apply, or not set
    }
    const Value s = DecodeJsonString(file_, doc_.range(node));
    if (s.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return;
    }
    parse::JsonParseResult parsed = parse::ParseJson(s.text);
    if (!parsed.document) {
      out_.errors.push_back({file_.path(), doc_.range(node),
                             "invalid policy JSON in " + address + "." + attribute + ": " +
                                 (parsed.error ? parsed.error->message : "")});
      return;
    }
    ExtractedPolicy p;
    p.address = address;
    p.attribute = attribute;
    p.kind = kind;
    p.file = &file_;
    p.document = parsed.document->Relocated([&](ByteRange r) { return s.SpanOf(r.begin, r.end); });
    out_.policies.push_back(std::move(p));
  }

  void Resource(parse::NodeId r) {
    if (doc_.type(r) != parse::JsonType::kObject || Str(r, "mode") == "data") {
      return;
    }
    const std::string type = Str(r, "type");
    const std::string address = Str(r, "address");
    const auto values = doc_.Find(r, "values");
    if (!values || doc_.type(*values) != parse::JsonType::kObject) {
      return;
    }
    for (const PolicyPlace& place : kPolicyPlaces) {
      if (place.type == type) {
        if (auto v = doc_.Find(*values, place.attribute)) {
          Add(address, std::string(place.attribute), place.kind, *v);
        }
      }
    }
    if (type == "aws_iam_role") {
      if (auto list = doc_.Find(*values, "inline_policy");
          list && doc_.type(*list) == parse::JsonType::kArray) {
        for (uint32_t i = 0; i < doc_.size(*list); ++i) {
          const parse::NodeId item = doc_.Element(*list, i);
          if (doc_.type(item) == parse::JsonType::kObject) {
            if (auto v = doc_.Find(item, "policy")) {
              Add(address, "inline_policy.policy", PolicyKind::kIdentity, *v);
            }
          }
        }
      }
    }
    if (type == "aws_organizations_policy") {
      const std::string t = Str(*values, "type");
      if (auto v = doc_.Find(*values, "content");
          v && (t.empty() || t == "SERVICE_CONTROL_POLICY" || t == "RESOURCE_CONTROL_POLICY")) {
        Add(address, "content",
            t == "RESOURCE_CONTROL_POLICY" ? PolicyKind::kRcp : PolicyKind::kScp, *v);
      }
    }
  }

  const SourceFile& file_;
  const parse::JsonDocument& doc_;
  Extraction& out_;
};

}  // namespace

bool LooksLikeTerraformPlan(const parse::JsonDocument& doc) {
  const parse::NodeId root = doc.root();
  return doc.type(root) == parse::JsonType::kObject && doc.Find(root, "format_version") &&
         (doc.Find(root, "planned_values") || doc.Find(root, "terraform_version"));
}

// Whether the configuration section sets `attribute` on the resource at `address`
// ("module.a.aws_iam_role.r[0]"); nullopt when the plan has no configuration for it. Needed
// because Optional+Computed attributes (aws_s3_bucket.policy, aws_kms_key.policy...) are
// unknown in every plan, configured or not.
std::optional<bool> Configured(const parse::JsonDocument& doc, std::string_view address,
                               std::string_view attribute) {
  using parse::JsonType;
  auto config = doc.Find(doc.root(), "configuration");
  if (!config) {
    return std::nullopt;
  }
  auto module = doc.Find(*config, "root_module");
  // Strip instance keys: module.a["x"].aws_iam_role.r[0] -> module.a.aws_iam_role.r
  std::string plain;
  int bracket = 0;
  for (const char c : address) {
    bracket += c == '[' ? 1 : c == ']' ? -1 : 0;
    if (bracket == 0 && c != ']') {
      plain += c;
    }
  }
  std::string_view rest = plain;
  while (module && rest.starts_with("module.")) {
    rest.remove_prefix(7);
    const size_t dot = rest.find('.');
    if (dot == std::string_view::npos) {
      return std::nullopt;
    }
    const std::string name(rest.substr(0, dot));
    rest.remove_prefix(dot + 1);
    auto calls = doc.Find(*module, "module_calls");
    auto call = calls ? doc.Find(*calls, name) : std::nullopt;
    module = call ? doc.Find(*call, "module") : std::nullopt;
  }
  if (!module) {
    return std::nullopt;
  }
  auto resources = doc.Find(*module, "resources");
  if (!resources || doc.type(*resources) != JsonType::kArray) {
    return std::nullopt;
  }
  for (uint32_t i = 0; i < doc.size(*resources); ++i) {
    const parse::NodeId r = doc.Element(*resources, i);
    auto a = doc.Find(r, "address");
    if (a && doc.Text(*a) == rest) {
      auto expressions = doc.Find(r, "expressions");
      return expressions && doc.Find(*expressions, attribute).has_value();
    }
  }
  return std::nullopt;
}

// Policies the plan cannot show: resource_changes marks them known only after apply
// (after_unknown), typically because they interpolate an attribute of a resource not yet created.
void PlanUnknowns(const SourceFile& file, const parse::JsonDocument& doc, Extraction& out) {
  using parse::JsonType;
  const auto changes = doc.Find(doc.root(), "resource_changes");
  if (!changes || doc.type(*changes) != JsonType::kArray) {
    return;
  }
  for (uint32_t i = 0; i < doc.size(*changes); ++i) {
    const parse::NodeId rc = doc.Element(*changes, i);
    if (doc.type(rc) != JsonType::kObject) {
      continue;
    }
    const auto address = doc.Find(rc, "address");
    const auto type = doc.Find(rc, "type");
    const auto change = doc.Find(rc, "change");
    if (!address || !type || !change || doc.type(*change) != JsonType::kObject) {
      continue;
    }
    const auto unknown = doc.Find(*change, "after_unknown");
    if (!unknown || doc.type(*unknown) != JsonType::kObject) {
      continue;
    }
    for (const PolicyPlace& place : kPolicyPlaces) {
      if (place.type != doc.Text(*type)) {
        continue;
      }
      const auto flag = doc.Find(*unknown, place.attribute);
      if (!flag || doc.type(*flag) != JsonType::kBool || !doc.node(*flag).bool_value) {
        continue;
      }
      const std::string addr(doc.Text(*address));
      if (Configured(doc, addr, place.attribute) == false) {
        continue;  // Optional+Computed and not set: nothing to analyse
      }
      const bool known =
          std::any_of(out.policies.begin(), out.policies.end(), [&](const ExtractedPolicy& p) {
            return p.address == addr && p.attribute == place.attribute && p.document;
          });
      if (known) {
        continue;
      }
      ExtractedPolicy p;
      p.address = addr;
      p.attribute = std::string(place.attribute);
      p.kind = place.kind;
      p.file = &file;
      p.unresolved_range = doc.range(*flag);
      p.unresolved_reason =
          "known only after apply (resource_changes after_unknown); scan the "
          ".tf files to analyse it with placeholders";
      out.policies.push_back(std::move(p));
    }
  }
}

Extraction ExtractTerraformPlan(const SourceFile& file, const parse::JsonDocument& doc) {
  Extraction out;
  if (auto planned = doc.Find(doc.root(), "planned_values")) {
    if (auto root = doc.Find(*planned, "root_module")) {
      PlanReader(file, doc, out).Module(*root, 0);
    }
  }
  PlanUnknowns(file, doc, out);
  return out;
}

Extraction ExtractTerraformModule(const std::vector<const SourceFile*>& files,
                                  const TerraformOptions& options) {
  Extraction out;
  Module module(files, options, out);
  module.Extract();
  return out;
}

}  // namespace iamlint::extract
