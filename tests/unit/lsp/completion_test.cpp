// Completion at a cursor in JSON policies, Terraform (jsonencode, heredoc, policy document
// blocks) and CloudFormation YAML.

#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/core/strings.h"
#include "analyzer/lsp/providers.h"
#include "tests/unit/lsp/lsp_fixture.h"

namespace iamlint::lsp {
namespace {

using testing::MakeDocument;
using testing::TakeCursor;

struct Completed {
  std::string text;  // without the cursor mark
  uint32_t cursor = 0;
  std::vector<CompletionItem> items;
};

Completed Complete(std::string text, Language language) {
  Completed c;
  c.cursor = TakeCursor(text);
  c.text = text;
  const auto doc = MakeDocument(std::move(text), language);
  c.items = CompleteAt(*doc, c.cursor, catalog::Catalog::Embedded());
  return c;
}

const CompletionItem* Find(const Completed& c, std::string_view label) {
  const auto it = std::find_if(c.items.begin(), c.items.end(),
                               [&](const CompletionItem& i) { return i.label == label; });
  return it == c.items.end() ? nullptr : &*it;
}

std::string Replaced(const Completed& c, const CompletionItem& item) {
  return c.text.substr(item.replace.begin, item.replace.end - item.replace.begin);
}

bool AllStartWith(const Completed& c, std::string_view prefix) {
  return std::all_of(c.items.begin(), c.items.end(), [&](const CompletionItem& i) {
    const std::string_view label = i.label;
    return label.size() >= prefix.size() &&
           EqualsIgnoreCase(label.substr(0, prefix.size()), prefix);
  });
}

constexpr std::string_view kStatementHead =
    R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )";

TEST_CASE("completion: actions of a service in a JSON action string, in catalog case") {
  const Completed c =
      Complete(std::string(kStatementHead) + R"("Action": "s3:getobj|", "Resource": "*"}]})",
               Language::kJson);
  const CompletionItem* item = Find(c, "s3:GetObject");
  REQUIRE(item != nullptr);
  CHECK(item->kind == CompletionKind::kFunction);
  CHECK(item->detail == "Read");
  CHECK_FALSE(item->documentation.empty());
  CHECK(item->insert_text == "s3:GetObject");
  CHECK(Replaced(c, *item) == "s3:getobj");
  CHECK(Find(c, "s3:GetObjectAcl") != nullptr);
  CHECK(Find(c, "s3:PutObject") == nullptr);
  CHECK(AllStartWith(c, "s3:getobj"));
}

TEST_CASE("completion: service prefixes before the colon, in an array element") {
  const Completed c = Complete(
      std::string(kStatementHead) + R"("Action": ["s3:GetObject", "sq|"], "Resource": "*"}]})",
      Language::kJson);
  const CompletionItem* item = Find(c, "sqs");
  REQUIRE(item != nullptr);
  CHECK(item->kind == CompletionKind::kModule);
  CHECK(item->detail == "Amazon SQS");
  CHECK(item->insert_text == "sqs:");
  CHECK(Replaced(c, *item) == "sq");
  CHECK(AllStartWith(c, "sq"));

  const Completed empty =
      Complete(std::string(kStatementHead) + R"("Action": "|"}]})", Language::kJson);
  CHECK(Find(empty, "s3") != nullptr);
  CHECK(Find(empty, "iam") != nullptr);
}

TEST_CASE("completion: the whole token is replaced when the cursor is inside it") {
  const Completed c =
      Complete(std::string(kStatementHead) + R"("Action": "s3:Get|Obj", "Resource": "*"}]})",
               Language::kJson);
  const CompletionItem* item = Find(c, "s3:GetObject");
  REQUIRE(item != nullptr);
  CHECK(Replaced(c, *item) == "s3:GetObj");
}

TEST_CASE("completion: nothing outside action strings, keys and operators") {
  CHECK(
      Complete(std::string(kStatementHead) + R"("Action": "s3:GetObject", "Resource": "arn:|"}]})",
               Language::kJson)
          .items.empty());
  CHECK(Complete(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Al|"}]})", Language::kJson)
            .items.empty());
}

TEST_CASE("completion: condition operators at an operator key, with IfExists and set forms") {
  const Completed c = Complete(std::string(kStatementHead) +
                                   R"("Action": "s3:GetObject", "Resource": "*",
                                      "Condition": {"Str|"}}]})",
                               Language::kJson);
  REQUIRE(Find(c, "StringEquals") != nullptr);
  CHECK(Find(c, "StringEquals")->kind == CompletionKind::kOperator);
  CHECK(Find(c, "StringLikeIfExists") != nullptr);
  CHECK(Find(c, "NumericEquals") == nullptr);
  CHECK(AllStartWith(c, "Str"));

  const Completed set =
      Complete(std::string(kStatementHead) +
                   R"("Action": "s3:GetObject", "Condition": {"forallvalues:str|": {}}}]})",
               Language::kJson);
  CHECK(Find(set, "ForAllValues:StringEquals") != nullptr);
  CHECK(Find(set, "StringEquals") == nullptr);
}

TEST_CASE("completion: condition keys of the statement's actions first, then global keys") {
  // The document does not parse (a key without a value): the actions are read from the text.
  const Completed c = Complete(std::string(kStatementHead) +
                                   R"("Action": ["s3:GetObject"], "Resource": "*",
                                      "Condition": {"StringEquals": {"|"}}}]})",
                               Language::kJson);
  REQUIRE_FALSE(c.items.empty());
  CHECK(c.items.front().label.starts_with("s3:"));
  CHECK(c.items.front().kind == CompletionKind::kProperty);
  const CompletionItem* ip = Find(c, "aws:SourceIp");
  REQUIRE(ip != nullptr);
  CHECK(ip->detail == "IPAddress");
  CHECK(Find(c, "ec2:Region") == nullptr);  // another service's key

  const Completed typed = Complete(std::string(kStatementHead) +
                                       R"("Action": "s3:GetObject", "Resource": "*",
                                          "Condition": {"IpAddress": {"aws:sourcei|": "10.0.0.0/8"}}}]})",
                                   Language::kJson);
  REQUIRE(Find(typed, "aws:SourceIp") != nullptr);
  CHECK(AllStartWith(typed, "aws:sourcei"));
  CHECK(Replaced(typed, *Find(typed, "aws:SourceIp")) == "aws:sourcei");

  // A templated key is inserted up to its placeholder.
  const Completed tag = Complete(
      std::string(kStatementHead) +
          R"("Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:RequestT|": "x"}}}]})",
      Language::kJson);
  REQUIRE_FALSE(tag.items.empty());
  CHECK(tag.items.front().insert_text == "aws:RequestTag/");
}

TEST_CASE("completion: Terraform jsonencode, heredoc and aws_iam_policy_document") {
  const Completed encoded = Complete(R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObj|"]
      Resource = "*"
    }]
  })
}
)",
                                     Language::kTerraform);
  CHECK(Find(encoded, "s3:GetObject") != nullptr);
  CHECK(AllStartWith(encoded, "s3:GetObj"));

  const Completed heredoc = Complete(R"(resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:PassR|", "Resource": "*"}]
}
EOF
}
)",
                                     Language::kTerraform);
  CHECK(Find(heredoc, "iam:PassRole") != nullptr);

  const std::string document = R"(data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject", "s3:Put|"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["private"]
    }
  }
}
)";
  const Completed actions = Complete(document, Language::kTerraform);
  CHECK(Find(actions, "s3:PutObject") != nullptr);
  CHECK(AllStartWith(actions, "s3:Put"));

  std::string test_op = document;
  test_op.replace(test_op.find("s3:Put|"), 7, "s3:PutObject");
  test_op.replace(test_op.find("StringEquals"), 12, "StringE|");
  CHECK(Find(Complete(test_op, Language::kTerraform), "StringEquals") != nullptr);

  std::string variable = document;
  variable.replace(variable.find("s3:Put|"), 7, "s3:PutObject");
  variable.replace(variable.find("s3:x-amz-acl"), 12, "s3:x-amz-a|");
  const Completed keys = Complete(variable, Language::kTerraform);
  CHECK(Find(keys, "s3:x-amz-acl") != nullptr);
}

TEST_CASE("completion: CloudFormation YAML, plain and quoted scalars") {
  const std::string head = R"(Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
)";
  const Completed item = Complete(head + R"(            Action:
              - s3:ListBucket
              - s3:GetObj|
            Resource: "*"
)",
                                  Language::kYaml);
  const CompletionItem* found = Find(item, "s3:GetObject");
  REQUIRE(found != nullptr);
  CHECK(Replaced(item, *found) == "s3:GetObj");

  const Completed inline_value = Complete(head + R"(            Action: 'iam:PassR|'
            Resource: "*"
)",
                                          Language::kYaml);
  CHECK(Find(inline_value, "iam:PassRole") != nullptr);

  const Completed key = Complete(head + R"(            Action: s3:GetObject
            Resource: "*"
            Condition:
              StringEquals:
                s3:Existing|
)",
                                 Language::kYaml);
  CHECK(Find(key, "s3:ExistingObjectTag/<key>") != nullptr);

  const Completed op = Complete(head + R"(            Action: s3:GetObject
            Resource: "*"
            Condition:
              IpAdd|
)",
                                Language::kYaml);
  CHECK(Find(op, "IpAddress") != nullptr);
}

}  // namespace
}  // namespace iamlint::lsp
