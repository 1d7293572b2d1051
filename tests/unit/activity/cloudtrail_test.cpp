#include <algorithm>
#include <map>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/activity/activity.h"
#include "analyzer/activity/input.h"
#include "analyzer/core/strings.h"
#include "tests/unit/activity/test_files.h"

namespace iamlint::activity {
namespace {

using test::Cat;
using test::Since2026;

Activity Read(const std::string& path, const Window& window = Since2026()) {
  Activity a;
  ReadCloudTrail(path, Cat(), window, a);
  return a;
}

Activity ReadBytesAs(const std::string& name, const std::string& bytes) {
  const test::TempFile file(name, bytes);
  return Read(file.path());
}

// Everything an Activity holds, as text, to compare two reads.
std::string Summary(const Activity& a) {
  std::string out =
      "records=" + std::to_string(a.records) + " in_window=" + std::to_string(a.in_window) +
      " attributed=" + std::to_string(a.attributed) + " denied=" + std::to_string(a.denied) +
      " failed=" + std::to_string(a.failed) + " not_iam=" + std::to_string(a.not_iam) +
      " unmapped=" + std::to_string(a.unmapped) +
      " no_permission=" + std::to_string(a.no_permission) + " first=" + FormatTime(a.first) +
      " last=" + FormatTime(a.last) + "\n";
  for (const auto& [event, count] : a.unmapped_events) {
    out += "unmapped " + event + " " + std::to_string(count) + "\n";
  }
  for (const auto& [arn, p] : a.principals) {
    out += arn + " denied=" + std::to_string(p.denied) + " " + FormatTime(p.first_seen) + ".." +
           FormatTime(p.last_seen) + "\n";
    std::map<std::string, const ActionUse*> sorted;
    for (const auto& [id, use] : p.actions) {
      sorted[Cat().FullActionName(id)] = &use;
    }
    for (const auto& [name, use] : sorted) {
      out += "  " + name + " x" + std::to_string(use->count) + " " + FormatTime(use->first) + ".." +
             FormatTime(use->last) + (use->resource_unknown ? " unknown" : "") +
             (use->resources_truncated ? " truncated" : "") + "\n";
      for (const std::string& r : use->resources) {
        out += "    " + r + "\n";
      }
    }
  }
  return out;
}

const ActionUse* Use(const Activity& a, const std::string& arn, const std::string& action) {
  const auto p = a.principals.find(arn);
  const auto id = Cat().FindAction(action);
  if (p == a.principals.end() || !id) {
    return nullptr;
  }
  const auto it = p->second.actions.find(*id);
  return it == p->second.actions.end() ? nullptr : &it->second;
}

constexpr const char* kAlice = "arn:aws:iam::111122223333:user/alice";
constexpr const char* kDeployer = "arn:aws:iam::111122223333:role/ci/deployer";

// The records of the fixture, one per line (as CloudTrail Lake and Athena export them).
std::string AsJsonLines(const std::string& delivered) {
  std::string lines;
  size_t p = 0;
  while ((p = delivered.find("\n{\"eventVersion\"", p)) != std::string::npos) {
    ++p;
    size_t end = delivered.find('\n', p);
    std::string line = delivered.substr(p, end - p);
    if (line.ends_with(",")) {
      line.pop_back();
    }
    lines += line + "\n";
  }
  return lines;
}

}  // namespace

TEST_CASE("A delivered CloudTrail file: who used which action on what") {
  const Activity a = Read(test::Fixture("cloudtrail-records.json"));
  CHECK(a.errors.empty());
  CHECK(a.records == 14);
  CHECK(a.in_window == 13);
  CHECK(a.attributed == 6);
  CHECK(a.denied == 2);
  CHECK(a.failed == 1);
  CHECK(a.not_iam == 2);
  CHECK(a.unmapped == 2);
  CHECK(a.no_permission == 1);
  CHECK(a.unmapped_events ==
        std::map<std::string, uint64_t>{{"example.amazonaws.com:DoSomething", 1}});
  CHECK(FormatTime(a.first) == "2026-08-01T08:05:00Z");
  CHECK(FormatTime(a.last) == "2026-08-04T12:00:00Z");
  REQUIRE(a.principals.size() == 2);

  const PrincipalActivity& alice = a.principals.at(kAlice);
  CHECK(alice.arn == kAlice);
  CHECK(alice.denied == 1);
  CHECK(FormatTime(alice.first_seen) == "2026-08-01T10:00:00Z");
  CHECK(FormatTime(alice.last_seen) == "2026-08-04T12:00:00Z");
  CHECK(alice.actions.size() == 3);  // GetObject, ListBucket, PutObject (CopyObject)
  const ActionUse* get = Use(a, kAlice, "s3:GetObject");
  REQUIRE(get);
  CHECK(get->count == 2);  // GetObject and CopyObject
  // Object keys are kept to their top-level prefix.
  CHECK(get->resources ==
        std::vector<std::string>{"arn:aws:s3:::reports/2026/", "arn:aws:s3:::reports/copy/"});
  CHECK_FALSE(get->resource_unknown);
  const ActionUse* list = Use(a, kAlice, "s3:ListBucket");
  REQUIRE(list);
  CHECK(list->resources == std::vector<std::string>{"arn:aws:s3:::reports"});
  CHECK_FALSE(Use(a, kAlice, "iam:DeleteUser"));  // outside the window

  const PrincipalActivity& deployer = a.principals.at(kDeployer);
  CHECK(deployer.denied == 1);
  CHECK(FormatTime(deployer.last_seen) == "2026-08-01T08:11:00Z");
  const ActionUse* fn = Use(a, kDeployer, "lambda:GetFunction");
  REQUIRE(fn);
  CHECK(fn->resource_unknown);
  CHECK(fn->resources.empty());
  const ActionUse* item = Use(a, kDeployer, "dynamodb:GetItem");
  REQUIRE(item);
  CHECK(item->resources ==
        std::vector<std::string>{"arn:aws:dynamodb:eu-west-1:111122223333:table/orders"});
  const ActionUse* decrypt = Use(a, kDeployer, "kms:Decrypt");
  REQUIRE(decrypt);
  CHECK(decrypt->resources == std::vector<std::string>{"arn:aws:kms:eu-west-1:111122223333:key/"
                                                       "1234abcd-12ab-34cd-56ef-1234567890ab"});
  CHECK_FALSE(Use(a, kDeployer, "ec2:DescribeInstances"));   // denied
  CHECK_FALSE(Use(a, kDeployer, "ec2:TerminateInstances"));  // failed
  CHECK_FALSE(Use(a, kDeployer, "sts:GetCallerIdentity"));   // needs no permission
}

TEST_CASE("The same records read the same: gzip, JSON lines, top-level array, any chunk size") {
  const std::string delivered = test::ReadBytes(test::Fixture("cloudtrail-records.json"));
  const std::string expected = Summary(Read(test::Fixture("cloudtrail-records.json")));
  const std::string lines = AsJsonLines(delivered);
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 14);
  CHECK(Summary(ReadBytesAs("a.json.gz", test::Gzip(delivered))) == expected);
  CHECK(Summary(ReadBytesAs("b.jsonl", lines)) == expected);
  CHECK(Summary(ReadBytesAs("c.jsonl.gz", test::Gzip(lines))) == expected);
  // Concatenated gzip members are one stream.
  const size_t half = lines.find('\n', lines.size() / 2) + 1;
  CHECK(Summary(ReadBytesAs("d.jsonl.gz", test::Gzip(lines.substr(0, half)) +
                                              test::Gzip(lines.substr(half)))) == expected);
  std::string array = "\xEF\xBB\xBF[\n";
  for (size_t p = 0; p < lines.size();) {
    const size_t end = lines.find('\n', p);
    array += p == 0 ? "" : ",\n";
    array.append(lines, p, end - p);
    p = end + 1;
  }
  array += "]";
  CHECK(Summary(ReadBytesAs("e.json", array)) == expected);
  CHECK(Summary(ReadBytesAs(
            "f.json", "{\"Records\": [], \"Other\": {\"x\": [1, 2]}}\n" + delivered)) == expected);
  for (const size_t chunk : {1, 2, 3, 7, 64, 1000}) {
    CAPTURE(chunk);
    SetReadChunkSizeForTesting(chunk);
    CHECK(Summary(Read(test::Fixture("cloudtrail-records.json"))) == expected);
    CHECK(Summary(ReadBytesAs("g.json.gz", test::Gzip(delivered))) == expected);
    CHECK(Summary(ReadBytesAs("h.jsonl", lines)) == expected);
  }
  SetReadChunkSizeForTesting(0);
}

TEST_CASE("JSON lines: a broken line is a located error and the next lines are read") {
  for (const size_t chunk : {0, 5}) {
    SetReadChunkSizeForTesting(chunk);
    const Activity a = Read(test::Fixture("cloudtrail-lines.jsonl"));
    REQUIRE(a.errors.size() == 1);
    CHECK(a.errors[0].path == test::Fixture("cloudtrail-lines.jsonl"));
    CHECK(test::Located(a.errors[0]) == "line 3, column 1: expected a member name");
    CHECK(a.records == 4);
    const std::string bob = "arn:aws:iam::111122223333:user/bob";
    CHECK(Use(a, bob, "cloudwatch:PutMetricData"));
    CHECK(Use(a, bob, "apigateway:GET"));
    const ActionUse* invoke = Use(a, bob, "lambda:InvokeFunction");
    REQUIRE(invoke);
    CHECK(invoke->resources ==
          std::vector<std::string>{"arn:aws:lambda:us-east-1:111122223333:function:api"});
  }
  SetReadChunkSizeForTesting(0);
}

TEST_CASE("Athena exports: keys in lower case, requestParameters as JSON text") {
  const Activity a = Read(test::Fixture("cloudtrail-lines.jsonl"));
  const ActionUse* get = Use(a, "arn:aws:iam::111122223333:role/etl", "s3:GetObject");
  REQUIRE(get);
  CHECK(get->resources == std::vector<std::string>{"arn:aws:s3:::lake/raw/"});
  CHECK(FormatTime(get->last) == "2026-08-05T11:00:00Z");
}

TEST_CASE("ARNs in the parameters and the response name resources of the action's types") {
  // CloudFormation fills no resources[]: the stack is in responseElements (CreateChangeSet) or
  // in requestParameters (ExecuteChangeSet, by id). The change set's ARN and the role passed to
  // CreateStack are not resources of those actions; a stack named by name only stays unknown.
  const std::string who =
      R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},)"
      R"("eventSource":"cloudformation.amazonaws.com","awsRegion":"us-east-1",)"
      R"("recipientAccountId":"111122223333",)";
  const std::string stack = "arn:aws:cloudformation:us-east-1:111122223333:stack/app/1234";
  const std::string change_set =
      "arn:aws:cloudformation:us-east-1:111122223333:changeSet/deploy-1/5678";
  const std::string role = "arn:aws:iam::111122223333:role/cfn-admin";
  const std::string lines =
      "{" + who + R"("eventTime":"2026-08-01T10:00:00Z","eventName":"CreateChangeSet",)" +
      R"("requestParameters":{"stackName":"app","changeSetName":"deploy-1"},)" +
      R"("responseElements":{"id":")" + change_set + R"(","stackId":")" + stack + "\"}}\n" + "{" +
      who + R"("eventTime":"2026-08-01T10:01:00Z","eventName":"ExecuteChangeSet",)" +
      R"("requestParameters":{"changeSetName":")" + change_set + R"(","stackName":")" + stack +
      "\"},\"responseElements\":null}\n" +
      // Athena: both as JSON text, keys in lower case.
      R"({"useridentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},)" +
      R"("eventsource":"cloudformation.amazonaws.com","eventname":"CreateStack",)" +
      R"("eventtime":"2026-08-01T10:02:00Z","awsregion":"us-east-1",)" +
      R"("requestparameters":"{\"stackName\":\"other\",\"roleARN\":\")" + role + R"(\"}",)" +
      R"("responseelements":"{\"stackId\":\")" + stack + "\\\"}\"}\n" + "{" + who +
      R"("eventTime":"2026-08-01T10:03:00Z","eventName":"DescribeStackEvents",)" +
      R"("requestParameters":{"stackName":"app"}})" + "\n";
  const Activity a = ReadBytesAs("cfn.jsonl", lines);
  CHECK(a.errors.empty());
  for (const char* action : {"cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet",
                             "cloudformation:CreateStack"}) {
    CAPTURE(action);
    const ActionUse* use = Use(a, kAlice, action);
    REQUIRE(use);
    CHECK(use->resources == std::vector<std::string>{stack});
    CHECK_FALSE(use->resource_unknown);
  }
  const ActionUse* events = Use(a, kAlice, "cloudformation:DescribeStackEvents");
  REQUIRE(events);
  CHECK(events->resources.empty());
  CHECK(events->resource_unknown);
}

TEST_CASE("A file cut anywhere is read up to the cut, with a located error") {
  const std::string delivered = test::ReadBytes(test::Fixture("cloudtrail-records.json"));
  const std::string gz = test::Gzip(delivered);
  for (size_t cut = 0; cut < delivered.size(); cut += 37) {
    CAPTURE(cut);
    const Activity a = ReadBytesAs("cut.json", delivered.substr(0, cut));
    CHECK(a.records <= 14);
    if (cut > 0) {
      REQUIRE(a.errors.size() == 1);
      CHECK(test::Located(a.errors[0]).starts_with("line "));
      CHECK(a.errors[0].range);
    }
  }
  for (size_t cut = 10; cut < gz.size(); cut += 101) {
    CAPTURE(cut);
    const Activity a = ReadBytesAs("cut.json.gz", gz.substr(0, cut));
    REQUIRE_FALSE(a.errors.empty());
    CHECK(a.errors.back().message.find("truncated gzip data") != std::string::npos);
  }
  std::string corrupt = gz;
  corrupt[gz.size() / 2] = static_cast<char>(corrupt[gz.size() / 2] ^ 0x55);
  const Activity c = ReadBytesAs("corrupt.json.gz", corrupt);
  CHECK_FALSE(c.errors.empty());
}

TEST_CASE("Hostile input: nesting, huge strings, invalid UTF-8, not JSON") {
  const std::string ok =
      R"({"eventTime":"2026-08-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListRoles","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u"}})";
  SUBCASE("deep nesting") {
    const Activity a = ReadBytesAs("deep.json", "{\"x\":" + std::string(100000, '[') + "\n" + ok);
    REQUIRE(a.errors.size() == 1);
    CHECK(a.errors[0].message.find("nesting deeper than") != std::string::npos);
    CHECK(a.attributed == 1);
  }
  SUBCASE("a huge string that is skipped, and one that is read") {
    const std::string big(20 << 20, 'a');
    const Activity a = ReadBytesAs(
        "big.json",
        "{\"userAgent\":\"" + big + "\"," + ok.substr(1) + "\n" +
            R"({"eventTime":"2026-08-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":")" +
            big + R"(","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u"}})");
    CHECK(a.errors.empty());
    CHECK(a.attributed == 1);
    CHECK(a.unmapped == 1);
  }
  SUBCASE("invalid UTF-8 in a field that is read") {
    const Activity a = ReadBytesAs(
        "utf8.json",
        R"({"eventTime":"2026-08-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"List)"
        "\xC3\x28"
        R"("})"
        "\n" +
            ok + "\n{\"userAgent\":\"\xFF\"," + ok.substr(1));
    REQUIRE(a.errors.size() == 1);
    CHECK(test::Located(a.errors[0]) == "line 1, column 83: invalid UTF-8 in string");
    CHECK(a.attributed == 2);  // invalid UTF-8 in a skipped field is not looked at
  }
  SUBCASE("escapes") {
    const Activity a = ReadBytesAs(
        "esc.json",
        R"({"event\u0054ime":"2026-08-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"List\u0052oles","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/\ud83d\ude00"}})"
        "\n"
        R"({"eventTime":"2026-08-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"\ud83d"})");
    CHECK(a.principals.contains("arn:aws:iam::1:user/\xF0\x9F\x98\x80"));
    CHECK(a.attributed == 1);
    REQUIRE(a.errors.size() == 1);
    CHECK(a.errors[0].message.find("unpaired surrogate") != std::string::npos);
  }
  SUBCASE("not CloudTrail") {
    const Activity a = ReadBytesAs("text.json", "hello\n{}\n[1, {\"a\": 1}]\n" + ok);
    CHECK(a.attributed == 1);
    REQUIRE(a.errors.size() == 4);
    CHECK(test::Located(a.errors[0]).starts_with("line 1, column 1: "));
    CHECK(test::Located(a.errors[1]) == "line 2, column 1: record without eventTime");
    CHECK(test::Located(a.errors[2]) ==
          "line 3, column 2: expected a CloudTrail record (an object)");
    CHECK(test::Located(a.errors[3]) == "line 3, column 5: record without eventTime");
  }
  SUBCASE("ARNs longer than AWS allows are not kept") {
    const std::string long_arn = "arn:aws:s3:::" + std::string(5000, 'b');
    std::string record = ok;
    std::string resources = R"(,"resources":[{"ARN":")";
    resources += long_arn;
    resources += R"("}])";
    record.insert(record.size() - 1, resources);
    const Activity a = ReadBytesAs("long.json", record);
    CHECK(a.errors.empty());
    const ActionUse* use = Use(a, "arn:aws:iam::1:user/u", "iam:ListRoles");
    REQUIRE(use);
    CHECK(use->resources.empty());
    CHECK(use->resource_unknown);
  }
  SUBCASE("bad times") {
    std::string bad = ok;
    bad.replace(bad.find("2026-08-01T00:00:00Z"), 20, "yesterday");
    const Activity a = ReadBytesAs("time.json", bad + "\n" + ok);
    REQUIRE(a.errors.size() == 1);
    CHECK(test::Located(a.errors[0]) ==
          "line 1, column 1: eventTime is not an ISO 8601 time: yesterday");
    CHECK(a.attributed == 1);
  }
  SUBCASE("too many errors are summed up") {
    std::string many;
    for (int i = 0; i < 30; ++i) {
      many += "{}\n";
    }
    const Activity a = ReadBytesAs("many.json", many);
    REQUIRE(a.errors.size() == 21);
    CHECK(a.errors.back().message == "10 more errors in this file");
  }
  SUBCASE("empty and missing files") {
    CHECK(ReadBytesAs("empty.json", "").errors.empty());
    Activity a;
    CHECK_FALSE(ReadCloudTrail("/nonexistent/trail.json", Cat(), {}, a));
    REQUIRE(a.errors.size() == 1);
    CHECK(a.errors[0].message.starts_with("cannot read: "));
  }
}

TEST_CASE("Resources per action are distinct, sorted and capped at the smallest") {
  std::string lines;
  for (int i = 99; i >= 0; --i) {
    for (int repeat = 0; repeat < 2; ++repeat) {
      lines +=
          R"({"eventTime":"2026-08-01T00:00:)" + std::to_string(10 + i % 50) +
          R"(Z","eventSource":"dynamodb.amazonaws.com","eventName":"GetItem","awsRegion":"eu-west-1","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u"},"requestParameters":{"tableName":"t)" +
          std::to_string(100 + i) + "\"}}\n";
    }
  }
  const Activity a = ReadBytesAs("many.jsonl", lines);
  const ActionUse* use = Use(a, "arn:aws:iam::1:user/u", "dynamodb:GetItem");
  REQUIRE(use);
  CHECK(use->count == 200);
  CHECK(use->resources_truncated);
  REQUIRE(use->resources.size() == ActionUse::kMaxResources);
  CHECK(use->resources.front() == "arn:aws:dynamodb:eu-west-1:111122223333:table/t100");
  CHECK(use->resources.back() == "arn:aws:dynamodb:eu-west-1:111122223333:table/t163");
  CHECK(std::is_sorted(use->resources.begin(), use->resources.end()));
  CHECK(FormatTime(use->first) == "2026-08-01T00:00:10Z");
  CHECK(FormatTime(use->last) == "2026-08-01T00:00:59Z");
}

TEST_CASE("S3 object keys are kept to bucket and top-level prefix, so they never fill the list") {
  std::string lines;
  for (int i = 0; i < 300; ++i) {
    const std::string key = (i % 3 == 0   ? "in/"
                             : i % 3 == 1 ? "out/deep/"
                                          : "") +
                            std::to_string(i);
    lines +=
        R"({"eventTime":"2026-08-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u"},"requestParameters":{"bucketName":"b)" +
        std::to_string(i % 2) + R"(","key":")" + key + "\"}}\n";
  }
  const Activity a = ReadBytesAs("objects.jsonl", lines);
  const ActionUse* use = Use(a, "arn:aws:iam::1:user/u", "s3:GetObject");
  REQUIRE(use);
  CHECK_FALSE(use->resources_truncated);
  CHECK(use->resources == std::vector<std::string>{"arn:aws:s3:::b0/", "arn:aws:s3:::b0/in/",
                                                   "arn:aws:s3:::b0/out/", "arn:aws:s3:::b1/",
                                                   "arn:aws:s3:::b1/in/", "arn:aws:s3:::b1/out/"});
}

TEST_CASE("The window keeps records from since up to but not including until") {
  Window w;
  REQUIRE(ParseTime("2026-08-01T08:06:00Z", &w.since));
  REQUIRE(ParseTime("2026-08-01T10:00:00Z", &w.until));
  const Activity a = Read(test::Fixture("cloudtrail-records.json"), w);
  CHECK(a.records == 14);
  CHECK(a.in_window == 8);
  CHECK(FormatTime(a.first) == "2026-08-01T08:06:00Z");
  CHECK_FALSE(a.principals.contains(kAlice));
  CHECK_FALSE(Use(a, kDeployer, "lambda:GetFunction"));
  CHECK(Use(a, kDeployer, "dynamodb:GetItem"));
}

TEST_CASE("Files read on several threads read the same as one by one") {
  const std::string delivered = test::ReadBytes(test::Fixture("cloudtrail-records.json"));
  const std::string lines = AsJsonLines(delivered);
  // Different halves of the records in different files, some broken, so that every part of an
  // Activity has something to merge.
  const size_t half = lines.find('\n', lines.size() / 2) + 1;
  const test::TempFile a("t-a.jsonl", lines.substr(0, half));
  const test::TempFile b("t-b.jsonl.gz", test::Gzip(lines.substr(half)));
  const test::TempFile c("t-c.json", delivered);
  const test::TempFile d("t-d.jsonl", "{\n" + lines);
  const test::TempFile e("t-e.json", "not json");
  const std::vector<std::string> paths = {a.path(), b.path(), c.path(),
                                          d.path(), e.path(), "/nonexistent.json"};
  Activity serial;
  for (const std::string& p : paths) {
    ReadCloudTrail(p, Cat(), Since2026(), serial);
  }
  REQUIRE(serial.errors.size() == 3);
  for (const unsigned threads : {1U, 2U, 3U, 8U}) {
    CAPTURE(threads);
    Activity parallel;
    ReadCloudTrailFiles(paths, Cat(), Since2026(), parallel, threads);
    CHECK(Summary(parallel) == Summary(serial));
    REQUIRE(parallel.errors.size() == serial.errors.size());
    for (size_t i = 0; i < serial.errors.size(); ++i) {
      CHECK(parallel.errors[i].path == serial.errors[i].path);
      CHECK(parallel.errors[i].message == serial.errors[i].message);
    }
  }
}

TEST_CASE("Merging keeps the smallest resources and says when some were left out") {
  Activity into;
  Activity from;
  const catalog::ActionId get = *Cat().FindAction("dynamodb:GetItem");
  const std::string table = "arn:aws:dynamodb:eu-west-1:111122223333:table/";
  for (int i = 0; i < 40; ++i) {
    const std::string n = std::to_string(100 + i);
    into.principals["u"].actions[get].resources.push_back(Concat({table, "a", n}));
    from.principals["u"].actions[get].resources.push_back(Concat({table, "b", n}));
  }
  into.principals["u"].actions[get].count = 3;
  from.principals["u"].actions[get].count = 4;
  from.principals["u"].actions[get].last = 50;
  from.principals["v"].denied = 2;
  from.unmapped_events["x:Y"] = 1;
  from.records = 7;
  MergeActivity(into, std::move(from));
  const ActionUse& use = into.principals["u"].actions[get];
  CHECK(use.count == 7);
  CHECK(use.last == 50);
  CHECK(use.resources.size() == ActionUse::kMaxResources);
  CHECK(use.resources.back() == table + "b123");
  CHECK(use.resources_truncated);
  CHECK(into.principals["v"].denied == 2);
  CHECK(into.unmapped_events["x:Y"] == 1);
  CHECK(into.records == 7);
}

}  // namespace iamlint::activity
