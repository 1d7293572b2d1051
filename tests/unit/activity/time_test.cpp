#include <doctest/doctest.h>

#include "analyzer/activity/activity.h"

namespace iamlint::activity {

TEST_CASE("ParseTime reads ISO 8601 UTC times as CloudTrail and IAM write them") {
  Time t = 0;
  REQUIRE(ParseTime("1970-01-01T00:00:00Z", &t));
  CHECK(t == 0);
  REQUIRE(ParseTime("2026-08-01T12:34:56Z", &t));
  CHECK(t == 1785587696);
  CHECK(FormatTime(t) == "2026-08-01T12:34:56Z");
  Time same = 0;
  REQUIRE(ParseTime("2026-08-01T12:34:56.789Z", &same));
  CHECK(same == t);
  REQUIRE(ParseTime("2026-08-01T12:34:56+00:00", &same));
  CHECK(same == t);
  REQUIRE(ParseTime("2026-08-01T14:34:56+02:00", &same));
  CHECK(same == t);
  REQUIRE(ParseTime("2026-08-01 12:34:56.000", &same));  // CloudTrail Lake's spelling
  CHECK(same == t);
  REQUIRE(ParseTime("2026-08-01", &same));
  CHECK(FormatTime(same) == "2026-08-01T00:00:00Z");
  REQUIRE(ParseTime("2024-02-29T00:00:00Z", &same));
  CHECK(FormatTime(same) == "2024-02-29T00:00:00Z");
  REQUIRE(ParseTime("1969-12-31T23:59:59Z", &same));
  CHECK(same == -1);
  CHECK(FormatTime(-1) == "1969-12-31T23:59:59Z");
  CHECK(FormatTime(kNever) == "never");
}

TEST_CASE("ParseTime rejects what is not a time") {
  Time t = 0;
  for (const char* bad : {"", "N/A", "no_information", "2026-13-01", "2026-02-30", "2025-02-29",
                          "2026-08-01T25:00:00Z", "2026-08-01T12:34:56Q", "2026-08-01T12",
                          "2026-08-01T12:34:56.Z", "20260801", "2026-08-01T12:34:56+0x:00"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseTime(bad, &t));
  }
}

TEST_CASE("Window is half-open") {
  Window w;
  w.since = 10;
  w.until = 20;
  CHECK(w.Contains(10));
  CHECK(w.Contains(19));
  CHECK_FALSE(w.Contains(20));
  CHECK_FALSE(w.Contains(9));
  CHECK(Window{}.Contains(kNever + 1));
}

}  // namespace iamlint::activity
