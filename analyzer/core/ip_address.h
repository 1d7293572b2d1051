#pragma once
// IPv4 and IPv6 addresses and CIDR ranges as IAM's IpAddress / NotIpAddress operators take them,
// parsed by hand: condition values can be any string, so parsing is linear and never throws.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iamlint {

/// An address with its prefix length: "203.0.113.0/24", or "203.0.113.7" (= /32, /128 for v6).
struct IpRange {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
  int prefix = 32;                  // bits of the network part
  bool has_prefix = false;          // the value was written with a /prefix

  int Bits() const { return v6 ? 128 : 32; }
  /// True when bits after the prefix are set ("10.0.0.1/8"): IAM uses the network.
  bool HostBitsSet() const;
  /// The same range with host bits cleared.
  IpRange Network() const;
  /// True when every address of this range is in `outer`.
  bool Within(const IpRange& outer) const;
  /// "10.0.0.0/8", IPv6 in RFC 5952 form ("2001:db8::/32"); the prefix only when written.
  std::string ToString() const;
};

/// Parses an IPv4 or IPv6 address with an optional /prefix; nullopt when it is not one
/// (no zone ids, no leading or trailing spaces, IPv4 octets of at most 3 digits each).
std::optional<IpRange> ParseIpRange(std::string_view text);

/// True when the range lies inside a private or non-routable block: RFC 1918 (10/8, 172.16/12,
/// 192.168/16), loopback (127/8, ::1), link-local (169.254/16, fe80::/10), RFC 4193 fc00::/7.
/// Such addresses never reach AWS as a request's public source address.
bool IsPrivateIpRange(const IpRange& range);

}  // namespace iamlint
