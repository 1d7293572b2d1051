#include "analyzer/core/ip_address.h"

#include <algorithm>
#include <array>
#include <vector>

#include "analyzer/core/strings.h"

namespace iamlint {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Four dotted decimal octets into out[0..3].
bool ParseIpv4(std::string_view s, uint8_t* out) {
  int octet = 0;
  size_t pos = 0;
  for (; octet < 4; ++octet) {
    size_t digits = 0;
    int value = 0;
    while (pos < s.size() && IsDigit(s[pos]) && digits < 4) {
      value = value * 10 + (s[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) {
      return false;
    }
    out[octet] = static_cast<uint8_t>(value);
    if (octet < 3) {
      if (pos >= s.size() || s[pos] != '.') {
        return false;
      }
      ++pos;
    }
  }
  return pos == s.size();
}

// Eight hex groups with at most one "::", optionally ending in a dotted IPv4 address.
bool ParseIpv6(std::string_view s, uint8_t* out) {
  std::array<uint16_t, 8> head{};
  std::array<uint16_t, 8> tail{};
  size_t head_count = 0;
  size_t tail_count = 0;
  bool compressed = false;
  size_t pos = 0;
  if (s.starts_with("::")) {
    compressed = true;
    pos = 2;
  } else if (s.starts_with(":")) {
    return false;
  }
  auto push = [&](uint16_t group) {
    if (head_count + tail_count >= 8) {
      return false;
    }
    (compressed ? tail[tail_count++] : head[head_count++]) = group;
    return true;
  };
  while (pos < s.size()) {
    // A dotted IPv4 tail takes the last two groups.
    const size_t next_colon = s.find(':', pos);
    const std::string_view group =
        s.substr(pos, next_colon == std::string_view::npos ? s.size() - pos : next_colon - pos);
    if (next_colon == std::string_view::npos && group.find('.') != std::string_view::npos) {
      std::array<uint8_t, 4> v4{};
      if (!ParseIpv4(group, v4.data()) || !push(static_cast<uint16_t>(v4[0] << 8 | v4[1])) ||
          !push(static_cast<uint16_t>(v4[2] << 8 | v4[3]))) {
        return false;
      }
      break;
    }
    if (group.empty() || group.size() > 4) {
      return false;
    }
    uint16_t value = 0;
    for (const char c : group) {
      const int h = HexDigitValue(c);
      if (h < 0) {
        return false;
      }
      value = static_cast<uint16_t>(value << 4 | h);
    }
    if (!push(value)) {
      return false;
    }
    pos += group.size();
    if (pos == s.size()) {
      break;
    }
    ++pos;  // the ':'
    if (pos < s.size() && s[pos] == ':') {
      if (compressed) {
        return false;  // a second "::"
      }
      compressed = true;
      ++pos;
    } else if (pos == s.size()) {
      return false;  // a trailing single ':'
    }
  }
  const size_t total = head_count + tail_count;
  if (compressed ? total > 7 : total != 8) {
    return false;
  }
  std::array<uint16_t, 8> groups{};
  for (size_t i = 0; i < head_count; ++i) {
    groups[i] = head[i];
  }
  for (size_t i = 0; i < tail_count; ++i) {
    groups[8 - tail_count + i] = tail[i];
  }
  for (size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return true;
}

bool BitAt(const IpRange& r, int bit) {
  return ((r.bytes[bit / 8] >> (7 - bit % 8)) & 1) != 0;
}

IpRange Block(bool v6, std::initializer_list<uint8_t> prefix_bytes, int prefix) {
  IpRange r;
  r.v6 = v6;
  r.prefix = prefix;
  r.has_prefix = true;
  size_t i = 0;
  for (const uint8_t b : prefix_bytes) {
    r.bytes[i++] = b;
  }
  return r;
}

}  // namespace

bool IpRange::HostBitsSet() const {
  for (int bit = prefix; bit < Bits(); ++bit) {
    if (BitAt(*this, bit)) {
      return true;
    }
  }
  return false;
}

IpRange IpRange::Network() const {
  IpRange r = *this;
  for (int bit = prefix; bit < Bits(); ++bit) {
    r.bytes[bit / 8] &= static_cast<uint8_t>(~(1U << (7 - bit % 8)));
  }
  return r;
}

bool IpRange::Within(const IpRange& outer) const {
  if (v6 != outer.v6 || prefix < outer.prefix) {
    return false;
  }
  for (int bit = 0; bit < outer.prefix; ++bit) {
    if (BitAt(*this, bit) != BitAt(outer, bit)) {
      return false;
    }
  }
  return true;
}

std::string IpRange::ToString() const {
  std::string out;
  if (!v6) {
    for (int i = 0; i < 4; ++i) {
      if (i > 0) {
        out += '.';
      }
      out += std::to_string(bytes[i]);
    }
  } else {
    std::array<uint16_t, 8> groups{};
    for (size_t i = 0; i < 8; ++i) {
      groups[i] = static_cast<uint16_t>(bytes[2 * i] << 8 | bytes[2 * i + 1]);
    }
    // RFC 5952: the longest run (of two or more) of zero groups becomes "::", the first if tied.
    int best_start = -1;
    int best_length = 1;
    for (int i = 0; i < 8;) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        ++j;
      }
      if (j - i > best_length) {
        best_start = i;
        best_length = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    constexpr std::string_view kHex = "0123456789abcdef";
    for (int i = 0; i < 8; ++i) {
      if (i == best_start) {
        out += "::";
        i += best_length - 1;
        continue;
      }
      if (!out.empty() && out.back() != ':') {
        out += ':';
      }
      std::string group;
      for (uint16_t g = groups[i]; g != 0; g = static_cast<uint16_t>(g >> 4)) {
        group.insert(group.begin(), kHex[g & 0xf]);
      }
      out += group.empty() ? "0" : group;
    }
  }
  if (has_prefix) {
    out += '/' + std::to_string(prefix);
  }
  return out;
}

std::optional<IpRange> ParseIpRange(std::string_view text) {
  // Longer than any address with a prefix: not one (and no work on huge values).
  constexpr size_t kMaxLength = 64;
  if (text.empty() || text.size() > kMaxLength) {
    return std::nullopt;
  }
  IpRange r;
  std::string_view address = text;
  if (const size_t slash = text.find('/'); slash != std::string_view::npos) {
    const std::string_view prefix = text.substr(slash + 1);
    if (prefix.empty() || prefix.size() > 3) {
      return std::nullopt;
    }
    int value = 0;
    for (const char c : prefix) {
      if (!IsDigit(c)) {
        return std::nullopt;
      }
      value = value * 10 + (c - '0');
    }
    r.prefix = value;
    r.has_prefix = true;
    address = text.substr(0, slash);
  }
  if (address.find(':') != std::string_view::npos) {
    r.v6 = true;
    if (!ParseIpv6(address, r.bytes.data())) {
      return std::nullopt;
    }
  } else if (!ParseIpv4(address, r.bytes.data())) {
    return std::nullopt;
  }
  if (!r.has_prefix) {
    r.prefix = r.Bits();
  } else if (r.prefix > r.Bits()) {
    return std::nullopt;
  }
  return r;
}

bool IsPrivateIpRange(const IpRange& range) {
  static const std::vector<IpRange> kPrivate = {
      Block(false, {10}, 8),
      Block(false, {172, 16}, 12),
      Block(false, {192, 168}, 16),
      Block(false, {127}, 8),
      Block(false, {169, 254}, 16),
      Block(true, {0xfc}, 7),
      Block(true, {0xfe, 0x80}, 10),
      Block(true, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128)};
  return std::any_of(kPrivate.begin(), kPrivate.end(),
                     [&](const IpRange& block) { return range.Within(block); });
}

}  // namespace iamlint
