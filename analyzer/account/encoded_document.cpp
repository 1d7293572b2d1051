#include "analyzer/account/encoded_document.h"

#include "analyzer/core/strings.h"
#include "analyzer/extract/value.h"

namespace iamlint::account {

namespace {

// Percent-decodes `in` (each byte of which has a source span), keeping for each decoded byte
// the span of its escape. '+' stays '+': RFC 3986 encodes a space as %20.
extract::Value PercentDecode(const extract::Value& in) {
  extract::Value out = extract::Value::String("", in.file, in.range);
  const std::string& s = in.text;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexDigitValue(s[i + 1]) >= 0 &&
        HexDigitValue(s[i + 2]) >= 0) {
      out.text += static_cast<char>(HexDigitValue(s[i + 1]) * 16 + HexDigitValue(s[i + 2]));
      out.spans.push_back({in.spans[i].begin, in.spans[i + 2].end});
      i += 2;
    } else {
      out.text += s[i];
      out.spans.push_back(in.spans[i]);
    }
  }
  return out;
}

}  // namespace

EncodedDocument ParseEncodedDocument(const SourceFile& file, ByteRange token) {
  EncodedDocument result;
  const extract::Value raw = extract::DecodeJsonString(file, token);
  const size_t first = raw.text.find_first_not_of(" \t\r\n");
  // Plain JSON text starts with '{'; URL-encoded JSON with %7B.
  const extract::Value text =
      first != std::string::npos && raw.text[first] == '{' ? raw : PercentDecode(raw);
  const parse::JsonParseResult parsed = parse::ParseJson(text.text);
  if (!parsed.document) {
    result.error_at =
        parsed.error ? text.SpanOf(parsed.error->range.begin, parsed.error->range.end) : token;
    result.error = "the URL-encoded policy document is not valid JSON";
    if (parsed.error) {
      result.error += ": " + parsed.error->message;
    }
    return result;
  }
  result.document =
      parsed.document->Relocated([&](ByteRange r) { return text.SpanOf(r.begin, r.end); });
  return result;
}

}  // namespace iamlint::account
