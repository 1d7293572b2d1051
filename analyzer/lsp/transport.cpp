#include "analyzer/lsp/transport.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <string_view>

#include <poll.h>
#include <unistd.h>

namespace iamlint::lsp {
namespace {

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

bool Transport::Fill() {
  if (eof_) {
    return false;
  }
  std::array<char, 65536> chunk;
  for (;;) {
    const ssize_t n = read(in_fd_, chunk.data(), chunk.size());
    if (n > 0) {
      const auto got = static_cast<size_t>(n);
      size_t from = 0;
      if (skip_ > 0) {  // the rest of an oversized body: never buffered
        from = std::min(skip_, got);
        skip_ -= from;
      }
      buffer_.append(chunk.data() + from, got - from);
      return true;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    eof_ = true;
    return false;
  }
}

long Transport::ParseHeaders(size_t* body_length, std::string* error) const {
  // Headers end with an empty line; "\r\n" is the protocol's terminator, a bare "\n" is
  // accepted too (hand-written test input).
  size_t pos = 0;
  bool have_length = false;
  for (;;) {
    const size_t eol = buffer_.find('\n', pos);
    if (eol == std::string::npos) {
      if (buffer_.size() > kMaxHeader) {
        *error = "header block too long";
        return -1;
      }
      return 0;
    }
    const std::string_view line = Trim(std::string_view{buffer_}.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty()) {
      if (!have_length) {
        *error = "missing Content-Length header";
        return -1;
      }
      return static_cast<long>(pos);
    }
    if (pos > kMaxHeader) {
      *error = "header block too long";
      return -1;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      *error = "malformed header line";
      return -1;
    }
    const std::string_view name = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (StartsWithNoCase(name, "content-length") && name.size() == 14) {
      size_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
        *error = "invalid Content-Length";
        return -1;
      }
      *body_length = n;
      have_length = true;
    }
    // Other headers (Content-Type) carry nothing the server needs: UTF-8 JSON is the only
    // content the protocol defines.
  }
}

void Transport::Resynchronize() {
  // Skip at least one byte, then up to the next line that starts a Content-Length header.
  for (size_t pos = 1; pos < buffer_.size(); ++pos) {
    if ((buffer_[pos - 1] == '\n') &&
        StartsWithNoCase(std::string_view{buffer_}.substr(pos), "content-length")) {
      buffer_.erase(0, pos);
      return;
    }
  }
  // Keep a possible partial header name at the end.
  const size_t keep = std::min<size_t>(buffer_.size(), 14);
  const size_t last_newline = buffer_.rfind('\n');
  if (last_newline != std::string::npos && buffer_.size() - last_newline - 1 <= keep) {
    buffer_.erase(0, last_newline + 1);
  } else {
    buffer_.clear();
  }
}

Incoming Transport::Read() {
  for (;;) {
    size_t length = 0;
    std::string error;
    // Leading blank lines between messages are tolerated.
    while (!buffer_.empty() && (buffer_.front() == '\r' || buffer_.front() == '\n')) {
      buffer_.erase(0, 1);
    }
    const long header = buffer_.empty() ? 0 : ParseHeaders(&length, &error);
    if (header < 0) {
      Resynchronize();
      return {Incoming::Kind::kError, nullptr, kParseError, error};
    }
    if (header > 0) {
      const auto header_size = static_cast<size_t>(header);
      if (length > kMaxBody) {
        const size_t available = std::min(buffer_.size() - header_size, length);
        buffer_.erase(0, header_size + available);
        skip_ = length - available;
        return {Incoming::Kind::kError, nullptr, kParseError,
                "message of " + std::to_string(length) + " bytes is over the limit of " +
                    std::to_string(kMaxBody)};
      }
      if (buffer_.size() - header_size >= length) {
        std::string body = buffer_.substr(header_size, length);
        buffer_.erase(0, header_size + length);
        nlohmann::json message = nlohmann::json::parse(body, nullptr, false);
        if (message.is_discarded()) {
          return {Incoming::Kind::kError, nullptr, kParseError, "invalid JSON"};
        }
        return {Incoming::Kind::kMessage, std::move(message), 0, {}};
      }
    }
    if (!Fill()) {
      return {};
    }
  }
}

bool Transport::HasPending() {
  // Take in whatever is already readable, without blocking.
  pollfd p{in_fd_, POLLIN, 0};
  while (!eof_ && poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0) {
    if (!Fill()) {
      break;
    }
  }
  size_t length = 0;
  std::string error;
  while (!buffer_.empty() && (buffer_.front() == '\r' || buffer_.front() == '\n')) {
    buffer_.erase(0, 1);
  }
  if (buffer_.empty()) {
    return eof_;  // the end is pending too: let the loop see it
  }
  const long header = ParseHeaders(&length, &error);
  return header < 0 || (header > 0 && buffer_.size() - static_cast<size_t>(header) >= length);
}

bool Transport::Write(const nlohmann::json& message) const {
  // Invalid UTF-8 (a file read from disk) is replaced, never thrown on.
  const std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string data = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(out_fd_, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace iamlint::lsp
