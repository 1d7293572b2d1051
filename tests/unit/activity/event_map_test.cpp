#include "analyzer/activity/event_map.h"

#include <string>

#include <doctest/doctest.h>

#include "analyzer/activity/activity.h"
#include "analyzer/core/strings.h"
#include "analyzer/parse/json.h"
#include "tests/unit/activity/test_files.h"

namespace iamlint::activity {
namespace {

const catalog::Catalog& Cat() {
  return catalog::Catalog::Embedded();
}

std::vector<std::string> Names(const std::vector<catalog::ActionId>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const catalog::ActionId id : ids) {
    out.push_back(Cat().FullActionName(id));
  }
  return out;
}

std::vector<std::string> Map(std::string_view source, std::string_view name) {
  return Names(ActionsForEvent(Cat(), source, name));
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("Most events are <prefix>:<eventName>") {
  CHECK(Map("iam.amazonaws.com", "CreateRole") == Strings{"iam:CreateRole"});
  CHECK(Map("ec2.amazonaws.com", "DescribeInstances") == Strings{"ec2:DescribeInstances"});
  CHECK(Map("s3.amazonaws.com", "GetObject") == Strings{"s3:GetObject"});
  CHECK(Map("models.lex.amazonaws.com", "GetBots") == Strings{"lex:GetBots"});
  CHECK(Map("ec2.amazonaws.com", "NoSuchCall").empty());
  CHECK(Map("example.amazonaws.com", "DoSomething").empty());
  CHECK(Map("not-an-aws-host", "GetObject").empty());
  CHECK(Map("", "").empty());
}

TEST_CASE("Event sources whose prefix differs, and renamed events") {
  CHECK(Map("monitoring.amazonaws.com", "PutMetricData") == Strings{"cloudwatch:PutMetricData"});
  CHECK(Map("ses.amazonaws.com", "SendEmail") == Strings{"ses:SendEmail"});
  CHECK(Map("tagging.amazonaws.com", "GetResources") == Strings{"tag:GetResources"});
  CHECK(Map("s3.amazonaws.com", "ListObjects") == Strings{"s3:ListBucket"});
  CHECK(Map("s3.amazonaws.com", "ListObjectsV2") == Strings{"s3:ListBucket"});
  CHECK(Map("s3.amazonaws.com", "HeadBucket") == Strings{"s3:ListBucket"});
  CHECK(Map("s3.amazonaws.com", "HeadObject") == Strings{"s3:GetObject"});
  CHECK(Map("s3.amazonaws.com", "ListBuckets") == Strings{"s3:ListAllMyBuckets"});
  CHECK(Map("s3.amazonaws.com", "CopyObject") == Strings{"s3:PutObject", "s3:GetObject"});
  CHECK(Map("s3.amazonaws.com", "CompleteMultipartUpload") == Strings{"s3:PutObject"});
  CHECK(Map("s3.amazonaws.com", "DeleteObjects") == Strings{"s3:DeleteObject"});
  CHECK(Map("s3.amazonaws.com", "ListObjectVersions") == Strings{"s3:ListBucketVersions"});
  CHECK(Map("s3.amazonaws.com", "PutBucketLifecycle") == Strings{"s3:PutLifecycleConfiguration"});
  CHECK(Map("s3.amazonaws.com", "GetBucketEncryption") == Strings{"s3:GetEncryptionConfiguration"});
  CHECK(Map("s3.amazonaws.com", "GetBucketCors") == Strings{"s3:GetBucketCORS"});
}

TEST_CASE("Versioned event names and HTTP-verb actions") {
  CHECK(Map("lambda.amazonaws.com", "GetFunction20150331v2") == Strings{"lambda:GetFunction"});
  CHECK(Map("lambda.amazonaws.com", "ListFunctions20150331") == Strings{"lambda:ListFunctions"});
  CHECK(Map("lambda.amazonaws.com", "Invoke") == Strings{"lambda:InvokeFunction"});
  CHECK(Map("lambda.amazonaws.com", "GetFunction2015") == Strings{});
  CHECK(Map("cloudfront.amazonaws.com", "CreateDistribution2020_05_31") ==
        Strings{"cloudfront:CreateDistribution"});
  CHECK(Map("cloudfront.amazonaws.com", "CreateInvalidation2019_03_26") ==
        Strings{"cloudfront:CreateInvalidation"});
  CHECK(Map("apigateway.amazonaws.com", "GetRestApis") == Strings{"apigateway:GET"});
  CHECK(Map("apigateway.amazonaws.com", "CreateDeployment") == Strings{"apigateway:POST"});
  CHECK(Map("apigateway.amazonaws.com", "UpdateStage") == Strings{"apigateway:PATCH"});
  CHECK(Map("apigateway.amazonaws.com", "DeleteRestApi") == Strings{"apigateway:DELETE"});
  CHECK(Map("apigateway.amazonaws.com", "PutIntegration") == Strings{"apigateway:PUT"});
  // Names that are actions of their own stay themselves.
  CHECK(Map("apigateway.amazonaws.com", "CreatePortal") == Strings{"apigateway:CreatePortal"});
}

TEST_CASE("Events that need no permission are told apart from unknown ones") {
  CHECK(MapEvent(Cat(), "sts.amazonaws.com", "GetCallerIdentity").kind ==
        EventMapping::Kind::kNoPermission);
  CHECK(MapEvent(Cat(), "signin.amazonaws.com", "ConsoleLogin").kind ==
        EventMapping::Kind::kNoPermission);
  CHECK(MapEvent(Cat(), "sts.amazonaws.com", "AssumeRole").kind == EventMapping::Kind::kActions);
  CHECK(MapEvent(Cat(), "signin.amazonaws.com", "NoSuchEvent").kind ==
        EventMapping::Kind::kUnknown);
}

TEST_CASE("Every entry of rules/data/cloudtrail-events.json maps to catalog actions") {
  const std::string text =
      test::ReadBytes(std::string(IAMLINT_SOURCE_DIR) + "/rules/data/cloudtrail-events.json");
  const parse::JsonParseResult parsed = parse::ParseJson(text);
  REQUIRE(parsed.document);
  const parse::JsonDocument& doc = *parsed.document;
  auto list = [&](const char* key) {
    const auto node = doc.Find(doc.root(), key);
    REQUIRE(node);
    REQUIRE(doc.size(*node) > 0);
    return *node;
  };
  auto text_of = [&](parse::NodeId object, const char* key) {
    const auto node = doc.Find(object, key);
    REQUIRE(node);
    return std::string(doc.Text(*node));
  };
  auto has_source_url = [&](parse::NodeId entry) {
    const std::string url = text_of(entry, "source");
    return url.starts_with("https://docs.aws.amazon.com/");
  };
  size_t checked = 0;
  const parse::NodeId events = list("events");
  for (uint32_t i = 0; i < doc.size(events); ++i) {
    const parse::NodeId entry = doc.Element(events, i);
    const std::string event = text_of(entry, "event");
    CAPTURE(event);
    CHECK(has_source_url(entry));
    const size_t colon = event.find(':');
    REQUIRE(colon != std::string::npos);
    const EventMapping m = MapEvent(Cat(), event.substr(0, colon), event.substr(colon + 1));
    CHECK(m.kind == EventMapping::Kind::kActions);
    const auto actions = doc.Find(entry, "actions");
    REQUIRE(actions);
    REQUIRE(m.actions.size() == doc.size(*actions));
    for (uint32_t a = 0; a < doc.size(*actions); ++a) {
      CHECK(
          EqualsIgnoreCase(Cat().FullActionName(m.actions[a]), doc.Text(doc.Element(*actions, a))));
    }
    ++checked;
  }
  const parse::NodeId none = list("no_permission");
  for (uint32_t i = 0; i < doc.size(none); ++i) {
    const parse::NodeId entry = doc.Element(none, i);
    const std::string event = text_of(entry, "event");
    CAPTURE(event);
    CHECK(has_source_url(entry));
    const size_t colon = event.find(':');
    CHECK(MapEvent(Cat(), event.substr(0, colon), event.substr(colon + 1)).kind ==
          EventMapping::Kind::kNoPermission);
    ++checked;
  }
  const parse::NodeId sources = list("event_sources");
  for (uint32_t i = 0; i < doc.size(sources); ++i) {
    const parse::NodeId entry = doc.Element(sources, i);
    const std::string prefix = text_of(entry, "prefix");
    CAPTURE(prefix);
    CHECK(has_source_url(entry));
    CHECK(Cat().FindService(prefix));
    CHECK(EventSourcePrefix(text_of(entry, "event_source")) == prefix);
    ++checked;
  }
  const parse::NodeId versioned = list("versioned_names");
  for (uint32_t i = 0; i < doc.size(versioned); ++i) {
    const parse::NodeId entry = doc.Element(versioned, i);
    CHECK(has_source_url(entry));
    // "GetFunction20150331v2 -> lambda:GetFunction"
    const std::string example = text_of(entry, "example");
    CAPTURE(example);
    const size_t arrow = example.find(" -> ");
    REQUIRE(arrow != std::string::npos);
    CHECK(Map(text_of(entry, "event_source"), example.substr(0, arrow)) ==
          Strings{example.substr(arrow + 4)});
    ++checked;
  }
  const parse::NodeId verbs = list("http_verb_actions");
  for (uint32_t i = 0; i < doc.size(verbs); ++i) {
    const parse::NodeId entry = doc.Element(verbs, i);
    CHECK(has_source_url(entry));
    const std::string prefix(EventSourcePrefix(text_of(entry, "event_source")));
    const auto map = doc.Find(entry, "verbs");
    REQUIRE(map);
    for (uint32_t v = 0; v < doc.size(*map); ++v) {
      const std::string action = prefix + ":" + std::string(doc.Text(doc.MemberAt(*map, v).value));
      CAPTURE(action);
      CHECK(Cat().FindAction(action));
    }
    ++checked;
  }
  CHECK(checked > 80);
}

}  // namespace iamlint::activity
