// Hover on actions, action wildcards, condition keys and managed policy ARNs, in JSON,
// Terraform and CloudFormation YAML.

#include <string>

#include <doctest/doctest.h>

#include "analyzer/lsp/providers.h"
#include "tests/unit/lsp/lsp_fixture.h"

namespace iamlint::lsp {
namespace {

using testing::MakeDocument;
using testing::TakeCursor;

struct Hovered {
  std::string text;
  std::optional<HoverResult> hover;
  std::string markdown() const { return hover ? hover->markdown : ""; }
  std::string range() const {
    return hover ? text.substr(hover->range.begin, hover->range.end - hover->range.begin) : "";
  }
};

Hovered Hover(std::string text, Language language) {
  const uint32_t cursor = TakeCursor(text);
  Hovered h;
  h.text = text;
  const auto doc = MakeDocument(std::move(text), language);
  h.hover = HoverAt(*doc, cursor, catalog::Catalog::Embedded());
  return h;
}

std::string Statement(std::string_view body) {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )" + std::string(body) +
         "}]}";
}

TEST_CASE("hover: an action shows its description, access level, resources and keys") {
  const Hovered h = Hover(Statement(R"("Action": "s3:Get|Object", "Resource": "arn:aws:s3:::b/*")"),
                          Language::kJson);
  REQUIRE(h.hover);
  const std::string md = h.markdown();
  CHECK(md.starts_with("### `s3:GetObject`\n\n"));
  CHECK(md.find("**Access level:** Read") != std::string::npos);
  CHECK(md.find("**Resource types:** accesspointobject, object\n") != std::string::npos);
  CHECK(md.find("**Condition keys:** `") != std::string::npos);
  CHECK(md.find("**Sensitive:** data exfiltration") != std::string::npos);
  CHECK(h.range() == "\"s3:GetObject\"");
}

TEST_CASE("hover: a wildcard counts its actions by access level and names the sensitive ones") {
  const Hovered h =
      Hover(Statement(R"("Action": "iam:*Pol|icy*", "Resource": "*")"), Language::kJson);
  const std::string md = h.markdown();
  CHECK(md.starts_with("### `iam:*Policy*`"));
  CHECK(md.find("Matches **") != std::string::npos);
  CHECK(md.find("| Permissions management |") != std::string::npos);
  CHECK(md.find("**Sensitive actions (") != std::string::npos);
  CHECK(md.find("`iam:AttachRolePolicy`: privilege escalation") != std::string::npos);
}

TEST_CASE("hover: in NotAction, the statement applies to the complement") {
  const Hovered named =
      Hover(Statement(R"("NotAction": "iam:|PassRole", "Resource": "*")"), Language::kJson);
  CHECK(named.markdown().find("every action except this one") != std::string::npos);
  CHECK(named.markdown().find("**Sensitive:** privilege escalation") != std::string::npos);
  const Hovered wild =
      Hover(Statement(R"("NotAction": "iam:|*", "Resource": "*")"), Language::kJson);
  CHECK(wild.markdown().find("applies to the other") != std::string::npos);
}

TEST_CASE("hover: condition keys, service and global") {
  const Hovered global = Hover(Statement(R"("Action": "s3:GetObject", "Resource": "*",
                   "Condition": {"IpAddress": {"aws:Sour|ceIp": "10.0.0.0/8"}})"),
                               Language::kJson);
  CHECK(global.markdown().starts_with("### `aws:SourceIp`"));
  CHECK(global.markdown().find("**Type:** IPAddress") != std::string::npos);
  CHECK(global.markdown().find("Global condition key") != std::string::npos);

  const Hovered service = Hover(Statement(R"("Action": "s3:PutObject", "Resource": "*",
                   "Condition": {"StringEquals": {"s3:x-amz|-acl": "private"}})"),
                                Language::kJson);
  CHECK(service.markdown().find("**Type:** String") != std::string::npos);
  CHECK(service.markdown().find("Condition key of Amazon S3") != std::string::npos);
}

TEST_CASE("hover: a managed policy ARN says what the policy grants") {
  const Hovered admin = Hover(R"(resource "aws_iam_role" "r" {
  name                = "r"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/Administrator|Access"]
}
)",
                              Language::kTerraform);
  CHECK(admin.markdown().starts_with("### AWS managed policy `AdministratorAccess`"));
  CHECK(admin.markdown().find("**Admin-equivalent:**") != std::string::npos);
  CHECK(admin.range() == "arn:aws:iam::aws:policy/AdministratorAccess");

  const Hovered read = Hover(R"(Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonS3Read|OnlyAccess
)",
                             Language::kYaml);
  CHECK(read.markdown().find("AmazonS3ReadOnlyAccess") != std::string::npos);
  CHECK(read.markdown().find("| Read |") != std::string::npos);
  CHECK(read.markdown().find("Admin-equivalent") == std::string::npos);
}

TEST_CASE("hover: Terraform and YAML actions, and the findings at the cursor") {
  const Hovered encoded = Hover(R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:Pass|Role", Resource = "*" }]
  })
}
)",
                                Language::kTerraform);
  CHECK(encoded.markdown().starts_with("### `iam:PassRole`"));
  CHECK(encoded.markdown().find("**IAM210 pass-role-to-any-service**") != std::string::npos);

  const Hovered document = Hover(R"(data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["ec2:Describe|*"]
    resources = ["*"]
  }
}
)",
                                 Language::kTerraform);
  CHECK(document.markdown().starts_with("### `ec2:Describe*`"));
  CHECK(document.markdown().find("| List |") != std::string::npos);

  const Hovered yaml = Hover(R"(Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - sqs:Send|Message
            Resource: "*"
)",
                             Language::kYaml);
  CHECK(yaml.markdown().starts_with("### `sqs:SendMessage`"));
  CHECK(yaml.range() == "sqs:SendMessage");
}

TEST_CASE("hover: nothing on other values or unknown actions") {
  CHECK_FALSE(Hover(Statement(R"("Action": "s3:GetObject", "Resource": "arn:aws:s3:::b|/*")"),
                    Language::kJson)
                  .hover);
  CHECK_FALSE(
      Hover(Statement(R"("Action": "s3:GetOb|jects", "Resource": "*")"), Language::kJson).hover);
  CHECK_FALSE(
      Hover(Statement(R"("Action": "s3:GetObject", "Resource": "*")") + " |", Language::kJson)
          .hover);
}

}  // namespace
}  // namespace iamlint::lsp
