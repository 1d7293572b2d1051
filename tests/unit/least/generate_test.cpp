// Policy generation: resources generalized from what was seen, bounded by today's policy.

#include "analyzer/least/generate.h"

#include <doctest/doctest.h>

#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/source_file.h"
#include "analyzer/normalize/normalize.h"

namespace iamlint::least {
namespace {

const catalog::Catalog& Cat() {
  return catalog::Catalog::Embedded();
}

catalog::ActionId Id(std::string_view name) {
  return *Cat().FindAction(name);
}

activity::PrincipalActivity Used(
    std::initializer_list<std::pair<std::string_view, std::vector<std::string>>> uses,
    bool unknown = false) {
  activity::PrincipalActivity p;
  p.arn = "arn:aws:iam::111122223333:role/app";
  for (const auto& [action, resources] : uses) {
    activity::ActionUse& use = p.actions[Id(action)];
    use.count = 1;
    use.resources = resources;
    use.resource_unknown = unknown || resources.empty();
  }
  return p;
}

// The resources the generated policy grants `action` on.
std::vector<std::string> ResourcesOf(const GeneratedPolicy& policy, std::string_view action) {
  std::vector<std::string> out;
  for (const auto& doc : policy.documents) {
    for (const GeneratedStatement& st : doc) {
      for (const std::string& a : st.actions) {
        if (a == action) {
          out.insert(out.end(), st.resources.begin(), st.resources.end());
        }
      }
    }
  }
  return out;
}

TEST_CASE("S3 objects become bucket and top-level prefix patterns; buckets stay exact") {
  const auto used = Used({{"s3:GetObject",
                           {"arn:aws:s3:::orders/incoming/", "arn:aws:s3:::orders/archive/",
                            "arn:aws:s3:::orders", "arn:aws:s3:::flat/"}},
                          {"s3:ListBucket", {"arn:aws:s3:::orders"}}});
  const GeneratedPolicy policy = GeneratePolicy(used, Cat(), nullptr, {});
  CHECK(ResourcesOf(policy, "s3:GetObject") ==
        std::vector<std::string>{"arn:aws:s3:::flat/*", "arn:aws:s3:::orders/archive/*",
                                 "arn:aws:s3:::orders/incoming/*"});
  CHECK(ResourcesOf(policy, "s3:ListBucket") == std::vector<std::string>{"arn:aws:s3:::orders"});
  CHECK(policy.observed == 2);
}

TEST_CASE("Many top-level prefixes in one bucket become the bucket") {
  const auto used = Used(
      {{"s3:PutObject",
        {"arn:aws:s3:::b/a/", "arn:aws:s3:::b/c/", "arn:aws:s3:::b/d/", "arn:aws:s3:::b/e/"}}});
  CHECK(ResourcesOf(GeneratePolicy(used, Cat(), nullptr, {}), "s3:PutObject") ==
        std::vector<std::string>{"arn:aws:s3:::b/*"});
}

TEST_CASE("More ARNs of one type than max_arns become the type's pattern with what they share") {
  std::vector<std::string> tables;
  tables.reserve(13);
  for (int i = 0; i < 12; ++i) {
    tables.push_back("arn:aws:dynamodb:eu-west-1:111122223333:table/t" + std::to_string(i));
  }
  const GeneratedPolicy policy =
      GeneratePolicy(Used({{"dynamodb:GetItem", tables}}), Cat(), nullptr, {});
  CHECK(ResourcesOf(policy, "dynamodb:GetItem") ==
        std::vector<std::string>{"arn:aws:dynamodb:eu-west-1:111122223333:table/*"});
  CHECK_FALSE(policy.notes.empty());
  tables.resize(3);
  CHECK(ResourcesOf(GeneratePolicy(Used({{"dynamodb:GetItem", tables}}), Cat(), nullptr, {}),
                    "dynamodb:GetItem") == tables);
}

TEST_CASE(
    "An action without resource types gets \"*\"; one seen without a resource gets its "
    "types within the account") {
  const GeneratedPolicy policy = GeneratePolicy(
      Used({{"ec2:DescribeInstances", {}}, {"ssm:GetParameter", {}}}), Cat(), nullptr, {});
  CHECK(ResourcesOf(policy, "ec2:DescribeInstances") == std::vector<std::string>{"*"});
  const auto ssm = ResourcesOf(policy, "ssm:GetParameter");
  REQUIRE(ssm.size() == 1);
  CHECK(ssm.front() == "arn:aws:ssm:*:111122223333:parameter/*");
}

TEST_CASE("Statements group a service's actions by resources, with readable Sids") {
  const GeneratedPolicy policy =
      GeneratePolicy(Used({{"sqs:ReceiveMessage", {"arn:aws:sqs:us-east-1:111122223333:q"}},
                           {"sqs:DeleteMessage", {"arn:aws:sqs:us-east-1:111122223333:q"}},
                           {"sqs:GetQueueUrl", {"arn:aws:sqs:us-east-1:111122223333:q"}}}),
                     Cat(), nullptr, {});
  REQUIRE(policy.documents.size() == 1);
  REQUIRE(policy.documents.front().size() == 1);
  const GeneratedStatement& st = policy.documents.front().front();
  CHECK(st.sid == "SqsWrite");
  CHECK(st.actions ==
        std::vector<std::string>{"sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"});
}

TEST_CASE("Bounded by today's policy: no action or resource it does not grant") {
  const SourceFile file("current.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "dynamodb:GetItem",
     "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/in/*"}]})");
  const parse::JsonParseResult parsed = parse::ParseJson(file.text());
  REQUIRE(parsed.document);
  const Policy current = NormalizePolicy(*parsed.document, parsed.document->root(),
                                         {PolicyKind::kIdentity, "current"});
  catalog::ActionMatcher matcher(Cat());
  PolicySet bound(matcher, "2026-11-29");
  bound.Add(file, current);
  std::vector<std::string> tables;
  tables.reserve(13);
  for (int i = 0; i < 12; ++i) {
    tables.push_back("arn:aws:dynamodb:us-east-1:111122223333:table/t" + std::to_string(i));
  }
  tables.emplace_back("arn:aws:dynamodb:us-east-1:111122223333:table/orders");
  const GeneratedPolicy policy = GeneratePolicy(
      Used({{"dynamodb:GetItem", tables},
            {"dynamodb:PutItem", {"arn:aws:dynamodb:us-east-1:111122223333:table/orders"}},
            {"s3:GetObject", {"arn:aws:s3:::data/"}}}),
      Cat(), &bound, {});
  // table/* is wider than today's grant: its narrower pattern replaces it.
  CHECK(ResourcesOf(policy, "dynamodb:GetItem") ==
        std::vector<std::string>{"arn:aws:dynamodb:us-east-1:111122223333:table/orders"});
  CHECK(ResourcesOf(policy, "s3:GetObject") == std::vector<std::string>{"arn:aws:s3:::data/in/*"});
  CHECK(ResourcesOf(policy, "dynamodb:PutItem").empty());
  CHECK(policy.dropped == std::vector<std::string>{"dynamodb:PutItem"});
}

TEST_CASE("Past the managed-policy quota, the statements are split into several policies") {
  activity::PrincipalActivity p;
  p.arn = "arn:aws:iam::111122223333:user/u";
  const catalog::ServiceId ec2 = *Cat().FindService("ec2");
  for (catalog::ActionId id = Cat().ServiceFirstAction(ec2); id < Cat().ServiceEndAction(ec2);
       ++id) {
    p.actions[id].count = 1;
    p.actions[id].resource_unknown = true;
  }
  const GeneratedPolicy policy = GeneratePolicy(p, Cat(), nullptr, {});
  CHECK(policy.documents.size() > 1);
  for (const auto& doc : policy.documents) {
    GeneratedPolicy single;
    single.documents = {doc};
    CHECK(GeneratedJson(single).size() > 0);
  }
  const std::string tf = GeneratedTerraform(policy, "app");
  CHECK(tf.find("data \"aws_iam_policy_document\" \"app_2\"") != std::string::npos);
}

TEST_CASE("Terraform and CloudFormation output quote and escape every value") {
  GeneratedPolicy policy;
  policy.principal_arn = "arn:aws:iam::111122223333:role/path/app";
  policy.documents = {{{"S3Read", {"s3:GetObject"}, {"arn:aws:s3:::b/${aws:username}/*"}}}};
  const std::string tf = GeneratedTerraform(policy, "app");
  CHECK(tf.find(R"(resources = ["arn:aws:s3:::b/$${aws:username}/*"])") != std::string::npos);
  const std::string cfn = GeneratedCloudFormation(policy, "AppPolicy", activity::Window{0, 86400});
  CHECK(cfn.find("Roles:\n        - \"app\"") != std::string::npos);
  CHECK(cfn.find(R"(- "arn:aws:s3:::b/${aws:username}/*")") != std::string::npos);
}

}  // namespace
}  // namespace iamlint::least
