#include "analyzer/catalog/managed_policies.h"

#include <fstream>
#include <string>
#include <string_view>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace iamlint::catalog {
namespace {

constexpr std::string_view kAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";
constexpr std::string_view kLambdaBasicExecution =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

TEST_CASE("managed policies: AdministratorAccess by ARN and by name") {
  const auto by_arn = FindManagedPolicy(kAdministratorAccess);
  REQUIRE(by_arn.has_value());
  CHECK(by_arn->name == "AdministratorAccess");
  CHECK(by_arn->arn == kAdministratorAccess);
  CHECK(by_arn->version.starts_with('v'));
  CHECK(by_arn->document.find("\"Action\":\"*\"") != std::string_view::npos);

  const auto by_name = FindManagedPolicy("AdministratorAccess");
  REQUIRE(by_name.has_value());
  CHECK(by_name->arn == by_arn->arn);
  CHECK(by_name->document.data() == by_arn->document.data());
}

TEST_CASE("managed policies: an ARN must match the path") {
  const auto policy = FindManagedPolicy(kLambdaBasicExecution);
  REQUIRE(policy.has_value());
  CHECK(policy->name == "AWSLambdaBasicExecutionRole");
  CHECK(policy->arn == kLambdaBasicExecution);
  CHECK(FindManagedPolicy("AWSLambdaBasicExecutionRole").has_value());

  // The right name under the wrong path, or without its path.
  CHECK_FALSE(FindManagedPolicy("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"));
  CHECK_FALSE(
      FindManagedPolicy("arn:aws:iam::aws:policy/job-function/AWSLambdaBasicExecutionRole"));
  CHECK_FALSE(FindManagedPolicy("arn:aws:iam::aws:policy/service-role/AdministratorAccess"));
}

TEST_CASE("managed policies: unknown names and other ARNs are not found") {
  CHECK_FALSE(FindManagedPolicy("NoSuchPolicyAnywhere"));
  CHECK_FALSE(FindManagedPolicy("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere"));
  CHECK_FALSE(FindManagedPolicy(""));
  CHECK_FALSE(FindManagedPolicy("administratoraccess"));  // names are case-sensitive
  CHECK_FALSE(FindManagedPolicy("arn:aws:iam::aws:policy/"));
  CHECK_FALSE(FindManagedPolicy("arn:aws:iam::123456789012:policy/AdministratorAccess"));
  CHECK_FALSE(FindManagedPolicy("arn:aws:iam::aws:role/AdministratorAccess"));
  CHECK_FALSE(FindManagedPolicy("arn:aws:s3:::aws:policy/AdministratorAccess"));
  CHECK_FALSE(FindManagedPolicy("arn:other:iam::aws:policy/AdministratorAccess"));
  CHECK_FALSE(FindManagedPolicy("arn::iam::aws:policy/AdministratorAccess"));
}

TEST_CASE("managed policies: every AWS partition") {
  for (const std::string partition : {"aws", "aws-cn", "aws-us-gov", "aws-iso-b"}) {
    CAPTURE(partition);
    const auto admin =
        FindManagedPolicy("arn:" + partition + ":iam::aws:policy/AdministratorAccess");
    REQUIRE(admin.has_value());
    CHECK(admin->arn == kAdministratorAccess);
    const auto lambda = FindManagedPolicy(
        "arn:" + partition + ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    REQUIRE(lambda.has_value());
    CHECK(lambda->name == "AWSLambdaBasicExecutionRole");
  }
}

TEST_CASE("managed policies: every policy, sorted, each a valid policy document") {
  CHECK(ManagedPolicyCount() >= 1500);
  CHECK_FALSE(ManagedPoliciesVersion().empty());

  // The header's count agrees with the lines indexed.
  std::ifstream tsv(std::string(IAMLINT_SOURCE_DIR) +
                    "/analyzer/catalog/data/managed-policies.tsv");
  std::string header;
  REQUIRE(std::getline(tsv, header));
  CHECK(header.find(" count=" + std::to_string(ManagedPolicyCount()) + " ") != std::string::npos);

  size_t seen = 0;
  std::string_view previous;
  ForEachManagedPolicy([&](const ManagedPolicy& policy) {
    CAPTURE(policy.name);
    ++seen;
    CHECK(previous < policy.name);  // strictly increasing: the binary search relies on it
    previous = policy.name;
    CHECK(policy.arn.starts_with("arn:aws:iam::aws:policy/"));
    // The name ends the ARN, after the path (GCC 12 misreads "/" + name: -Wrestrict).
    REQUIRE(policy.arn.size() > policy.name.size());
    CHECK(policy.arn.ends_with(policy.name));
    CHECK(policy.arn[policy.arn.size() - policy.name.size() - 1] == '/');
    const auto found = FindManagedPolicy(policy.arn);
    REQUIRE(found.has_value());
    CHECK(found->name == policy.name);

    const nlohmann::json document = nlohmann::json::parse(policy.document, nullptr, false);
    REQUIRE_FALSE(document.is_discarded());
    REQUIRE(document.is_object());
    CHECK(document.contains("Statement"));
  });
  CHECK(seen == ManagedPolicyCount());
}

}  // namespace
}  // namespace iamlint::catalog
