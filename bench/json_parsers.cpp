// Measures the reason iamlint has its own JSON parser: parse every file of a directory with
// tree-sitter-json (then walk the tree, as a consumer must) and with iamlint's positional
// parser, several rounds each, and print both times side by side.
//   build/bench_json_parsers bench/corpus/managed [ROUNDS]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <tree_sitter/api.h>

#include "analyzer/parse/json.h"

extern "C" const TSLanguage* tree_sitter_json();  // NOLINT(readability-identifier-naming)

namespace {

size_t WalkTree(TSTree* tree) {
  // Visit every node, as building a located model from the syntax tree would.
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  size_t nodes = 0;
  bool done = false;
  while (!done) {
    ++nodes;
    if (ts_tree_cursor_goto_first_child(&cursor) || ts_tree_cursor_goto_next_sibling(&cursor)) {
      continue;
    }
    while (true) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
  return nodes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_json_parsers DIR [ROUNDS]\n";
    return 2;
  }
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 5;
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    texts.push_back(buffer.str());
  }
  using Clock = std::chrono::steady_clock;
  TSParser* parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_json());
  size_t ts_nodes = 0;
  const auto t0 = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& t : texts) {
      TSTree* tree =
          ts_parser_parse_string(parser, nullptr, t.data(), static_cast<uint32_t>(t.size()));
      ts_nodes += WalkTree(tree);
      ts_tree_delete(tree);
    }
  }
  const auto t1 = Clock::now();
  size_t own_nodes = 0;
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& t : texts) {
      const auto result = iamlint::parse::ParseJson(t);
      own_nodes += result.document ? result.document->node_count() : 0;
    }
  }
  const auto t2 = Clock::now();
  ts_parser_delete(parser);
  const double ts_ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / rounds;
  const double own_ms = std::chrono::duration<double, std::milli>(t2 - t1).count() / rounds;
  std::printf("%zu files, %d rounds\n", texts.size(), rounds);
  std::printf("tree-sitter-json parse+walk: %8.2f ms/round (%zu nodes)\n", ts_ms,
              ts_nodes / rounds);
  std::printf("iamlint JSON parser:         %8.2f ms/round (%zu values)\n", own_ms,
              own_nodes / rounds);
  std::printf("ratio tree-sitter/iamlint: %.1fx\n", ts_ms / own_ms);
  return 0;
}
