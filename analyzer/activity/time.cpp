// ISO 8601 times as CloudTrail, IAM reports and the credential report write them.

#include <array>
#include <cstdio>

#include "analyzer/activity/activity.h"

namespace iamlint::activity {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view text, size_t at, size_t count, int* out) {
  if (at + count > text.size()) {
    return false;
  }
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

bool IsLeap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// "YYYY-MM-DD" at the start of `text`: seconds since the epoch at its midnight.
bool ParseDate(std::string_view text, int64_t* seconds) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!Digits(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' ||
      !Digits(text, 5, 2, &month) || text[7] != '-' || !Digits(text, 8, 2, &day)) {
    return false;
  }
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 ||
      day > kDays.at(static_cast<size_t>(month - 1)) + (month == 2 && IsLeap(year) ? 1 : 0)) {
    return false;
  }
  *seconds = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400;
  return true;
}

// "THH:MM[:SS][.fff]" at *p (a space for the 'T' too), added to *seconds.
bool ParseClock(std::string_view text, size_t* p, int64_t* seconds) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  size_t at = *p;
  if ((text[at] != 'T' && text[at] != 't' && text[at] != ' ') || !Digits(text, at + 1, 2, &hour) ||
      at + 3 >= text.size() || text[at + 3] != ':' || !Digits(text, at + 4, 2, &minute)) {
    return false;
  }
  at += 6;
  if (at < text.size() && text[at] == ':') {
    if (!Digits(text, at + 1, 2, &second)) {
      return false;
    }
    at += 3;
  }
  if (hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  *seconds += hour * 3600 + minute * 60 + second;
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    const size_t digits = ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      ++at;
    }
    if (at == digits) {
      return false;
    }
  }
  *p = at;
  return true;
}

// "Z", "+HH:MM", "-HHMM" or "+HH" at *p: *seconds becomes UTC.
bool ParseOffset(std::string_view text, size_t* p, int64_t* seconds) {
  const char sign = text[*p];
  if (sign == 'Z' || sign == 'z') {
    ++*p;
    return true;
  }
  int oh = 0;
  int om = 0;
  if ((sign != '+' && sign != '-') || !Digits(text, *p + 1, 2, &oh)) {
    return false;
  }
  size_t q = *p + 3;
  if (q < text.size() && text[q] == ':') {
    ++q;
  }
  if (q < text.size()) {
    if (!Digits(text, q, 2, &om)) {
      return false;
    }
    q += 2;
  }
  if (oh > 23 || om > 59) {
    return false;
  }
  const int64_t offset = oh * 3600 + om * 60;
  *seconds -= sign == '+' ? offset : -offset;
  *p = q;
  return true;
}

}  // namespace

bool ParseTime(std::string_view text, Time* out) {
  int64_t seconds = 0;
  size_t p = 0;
  if (!ParseDate(text, &seconds)) {
    return false;
  }
  p = 10;
  if (p < text.size() && !ParseClock(text, &p, &seconds)) {
    return false;
  }
  if (p < text.size() && !ParseOffset(text, &p, &seconds)) {
    return false;
  }
  if (p != text.size()) {
    return false;
  }
  *out = seconds;
  return true;
}

std::string FormatTime(Time t) {
  if (t == kNever) {
    return "never";
  }
  int64_t days = t / 86400;
  int64_t rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // civil_from_days
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  std::array<char, 48> buf{};
  (void)std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                      static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                      static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf.data();
}

}  // namespace iamlint::activity
