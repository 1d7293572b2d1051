// Quick fixes: each one is applied to the text, the text scanned again, and the finding must be
// gone while the document still parses into the same number of policies.

#include <string>

#include <doctest/doctest.h>

#include "analyzer/lsp/providers.h"
#include "tests/unit/lsp/lsp_fixture.h"

namespace iamlint::lsp {
namespace {

using testing::ApplyEdits;
using testing::CountRule;
using testing::MakeDocument;

// Applies the fix for rule `id` (the first, or the one whose title holds `title`) and returns
// the fixed text; checks the finding is gone and the text still analyses cleanly.
std::string Fix(const std::string& text, Language language, std::string_view id,
                std::string_view title = "") {
  const auto doc = MakeDocument(text, language);
  REQUIRE(doc->scanned.result.errors.empty());
  REQUIRE(CountRule(*doc, id) > 0);
  const std::vector<CodeAction> actions =
      CodeActionsFor(*doc, {0, static_cast<uint32_t>(text.size())}, catalog::Catalog::Embedded());
  const CodeAction* chosen = nullptr;
  for (const CodeAction& a : actions) {
    if (chosen == nullptr && a.fixes->rule_id == id && a.title.find(title) != std::string::npos) {
      chosen = &a;
    }
  }
  REQUIRE(chosen != nullptr);
  std::string fixed = ApplyEdits(text, chosen->edits);
  CAPTURE(fixed);
  const auto again = MakeDocument(fixed, language);
  CHECK(again->scanned.result.errors.empty());
  CHECK(again->scanned.result.policies.size() == doc->scanned.result.policies.size());
  CHECK(CountRule(*again, id) == CountRule(*doc, id) - 1);
  return fixed;
}

size_t ActionCount(const std::string& text, Language language) {
  const auto doc = MakeDocument(text, language);
  return CodeActionsFor(*doc, {0, static_cast<uint32_t>(text.size())}, catalog::Catalog::Embedded())
      .size();
}

TEST_CASE("quick fix IAM103: an unknown action replaced by the suggestion") {
  const std::string json = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:GetObjects", "s3:ListBucket"], "Resource": "*"}]})";
  CHECK(Fix(json, Language::kJson, "IAM103").find(R"(["s3:GetObject", "s3:ListBucket"])") !=
        std::string::npos);

  const std::string tf = R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PasRole", Resource = "*" }]
  })
}
)";
  CHECK(Fix(tf, Language::kTerraform, "IAM103").find(R"(Action = "iam:PassRole")") !=
        std::string::npos);

  const std::string yaml = R"(Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - sqs:SendMesage
            Resource: "*"
)";
  CHECK(Fix(yaml, Language::kYaml, "IAM103").find("- sqs:SendMessage\n") != std::string::npos);

  // No suggestion close enough: no fix.
  CHECK(ActionCount(R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:Frobnicate", "Resource": "*"}]})",
                    Language::kJson) == 0);
}

TEST_CASE("quick fix IAM120: a region or account where the ARN has none, a service's case") {
  const std::string region = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:us-east-1::reports"}]})";
  CHECK(Fix(region, Language::kJson, "IAM120").find(R"("arn:aws:s3:::reports")") !=
        std::string::npos);
  const std::string service = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:S3:::reports"}]})";
  CHECK(Fix(service, Language::kJson, "IAM120").find(R"("arn:aws:s3:::reports")") !=
        std::string::npos);
}

TEST_CASE("quick fix IAM121: the object ARN for an object action") {
  const std::string alone = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports"}]})";
  CHECK(Fix(alone, Language::kJson, "IAM121").find(R"("Resource": "arn:aws:s3:::reports/*")") !=
        std::string::npos);

  // s3:ListBucket still needs the bucket: the object ARN is added, not swapped in.
  const std::string shared = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
   "Resource": "arn:aws:s3:::reports"}]})";
  CHECK(Fix(shared, Language::kJson, "IAM121")
            .find(R"("Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"])") !=
        std::string::npos);

  const std::string yaml = R"(Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:ListBucket, s3:GetObject]
            Resource:
              - arn:aws:s3:::reports
)";
  CHECK(Fix(yaml, Language::kYaml, "IAM121")
            .find("- arn:aws:s3:::reports\n              - arn:aws:s3:::reports/*") !=
        std::string::npos);
}

TEST_CASE("quick fix IAM105: Version added as the first member, in the document's style") {
  const std::string json = R"({
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
})";
  CHECK(Fix(json, Language::kJson, "IAM105") == R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
})");
  const std::string one_line =
      R"({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})";
  CHECK(Fix(one_line, Language::kJson, "IAM105").starts_with(R"({"Version": "2012-10-17", "Sta)"));

  const std::string tf = R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}
)";
  CHECK(Fix(tf, Language::kTerraform, "IAM105")
            .find("({\n    Version = \"2012-10-17\"\n    Statement") != std::string::npos);

  const std::string heredoc = R"(resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}
EOF
}
)";
  CHECK(Fix(heredoc, Language::kTerraform, "IAM105").find("{\n  \"Version\": \"2012-10-17\",\n") !=
        std::string::npos);

  const std::string yaml = R"(Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
)";
  CHECK(Fix(yaml, Language::kYaml, "IAM105")
            .find("PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:") !=
        std::string::npos);
}

TEST_CASE("quick fix IAM123: a redundant statement or entry removed with its separator") {
  const std::string first = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
  {"Sid": "Wide", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}
]})";
  CHECK(Fix(first, Language::kJson, "IAM123") == R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Wide", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}
]})");
  const std::string last = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Wide", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"},
  {"Sid": "Narrow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
]})";
  CHECK(Fix(last, Language::kJson, "IAM123") == R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Wide", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}
]})");

  const std::string entry = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}]})";
  CHECK(Fix(entry, Language::kJson, "IAM123").find(R"("Action": ["s3:Get*"])") !=
        std::string::npos);

  const std::string yaml = R"(Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Wide
            Effect: Allow
            Action: s3:Get*
            Resource: "*"
          - Sid: Narrow
            Effect: Allow
            Action: s3:GetObject
            Resource: "*"
)";
  const std::string fixed = Fix(yaml, Language::kYaml, "IAM123");
  CHECK(fixed.find("Narrow") == std::string::npos);
  CHECK(fixed.ends_with("Resource: \"*\"\n"));

  const std::string tf = R"(resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Narrow", Effect = "Allow", Action = "s3:GetObject", Resource = "*" },
      { Sid = "Wide", Effect = "Allow", Action = "s3:Get*", Resource = "*" },
    ]
  })
}
)";
  CHECK(Fix(tf, Language::kTerraform, "IAM123").find("Narrow") == std::string::npos);
}

constexpr std::string_view kGithub =
    "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

TEST_CASE("quick fix IAM250: a subject condition for an open web identity trust") {
  const std::string bare = R"({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": ")" +
                           std::string(kGithub) + R"("}
  }]})";
  const std::string fixed = Fix(bare, Language::kJson, "IAM250");
  CHECK(
      fixed.find(
          R"("Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:OWNER/REPO:ref:refs/heads/main"}},
    "Effect")") != std::string::npos);

  const std::string with_aud = R"({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": ")" +
                               std::string(kGithub) + R"("},
    "Condition": {"StringEquals": {
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
  }]})";
  CHECK(Fix(with_aud, Language::kJson, "IAM250").find(R"({"StringEquals": {
      "token.actions.githubusercontent.com:sub": "repo:OWNER/REPO:ref:refs/heads/main",
      "token.actions.githubusercontent.com:aud")") != std::string::npos);

  const std::string other_operator = R"({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": ")" + std::string(kGithub) +
                                     R"("},
    "Condition": {"Bool": {"aws:SecureTransport": "true"}}
  }]})";
  Fix(other_operator, Language::kJson, "IAM250");

  const std::string tf = R"(resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = ")" +
                         std::string(kGithub) + R"(" }
    }]
  })
}
)";
  Fix(tf, Language::kTerraform, "IAM250");

  const std::string yaml = R"(Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal:
              Federated: )" +
                           std::string(kGithub) + R"(
)";
  Fix(yaml, Language::kYaml, "IAM250");
}

}  // namespace
}  // namespace iamlint::lsp
