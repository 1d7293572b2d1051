# Compiles the pinned tree-sitter runtime and the JSON, HCL and YAML grammars from
# grammars/node_modules (installed by `npm ci --ignore-scripts` in grammars/).
set(IAMLINT_GRAMMARS_DIR ${PROJECT_SOURCE_DIR}/grammars/node_modules)
set(ts_runtime ${IAMLINT_GRAMMARS_DIR}/tree-sitter/vendor/tree-sitter/lib)
set(ts_hcl ${IAMLINT_GRAMMARS_DIR}/@tree-sitter-grammars/tree-sitter-hcl/src)
set(ts_yaml ${IAMLINT_GRAMMARS_DIR}/@tree-sitter-grammars/tree-sitter-yaml/src)
set(ts_json ${IAMLINT_GRAMMARS_DIR}/tree-sitter-json/src)
if(NOT EXISTS ${ts_runtime}/src/lib.c)
  message(FATAL_ERROR "tree-sitter sources missing: run `npm ci --ignore-scripts` in grammars/ "
                      "(scripts/setup does it)")
endif()

# tree-sitter-yaml's scanner keeps line numbers in 16 bits: past line 32,767 every file fails
# to parse. The pinned scanner is compiled with its row counters widened to 32 bits (columns
# stay 16-bit: indentation past 32,767 is not YAML anyone writes). Each replacement must apply,
# so a grammar bump that changes the scanner fails here instead of silently losing the fix.
file(READ ${ts_yaml}/scanner.c yaml_scanner)
# (A function per replacement, not a list: the C text holds semicolons, CMake's list separator.)
function(yaml_scanner_fix from to)
  string(FIND "${yaml_scanner}" "${from}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "tree-sitter-yaml scanner.c changed: cannot apply the row fix for '${from}'")
  endif()
  string(REPLACE "${from}" "${to}" fixed "${yaml_scanner}")
  set(yaml_scanner "${fixed}" PARENT_SCOPE)
endfunction()
yaml_scanner_fix("    int16_t row;\n" "    int32_t row;\n")
yaml_scanner_fix("    int16_t blk_imp_row;\n" "    int32_t blk_imp_row;\n")
yaml_scanner_fix("    int16_t end_row;\n" "    int32_t end_row;\n")
yaml_scanner_fix("    int16_t cur_row;\n" "    int32_t cur_row;\n")
yaml_scanner_fix("    int16_t bgn_row = scanner->cur_row;" "    int32_t bgn_row = scanner->cur_row;")
yaml_scanner_fix("    *(int16_t *)&buffer[size] = scanner->row;\n    size += sizeof(int16_t);"
                 "    memcpy(&buffer[size], &scanner->row, sizeof(int32_t));\n    size += sizeof(int32_t);")
yaml_scanner_fix("    *(int16_t *)&buffer[size] = scanner->blk_imp_row;\n    size += sizeof(int16_t);"
                 "    memcpy(&buffer[size], &scanner->blk_imp_row, sizeof(int32_t));\n    size += sizeof(int32_t);")
yaml_scanner_fix("        scanner->row = *(int16_t *)&buffer[size];\n        size += sizeof(int16_t);"
                 "        memcpy(&scanner->row, &buffer[size], sizeof(int32_t));\n        size += sizeof(int32_t);")
yaml_scanner_fix("        scanner->blk_imp_row = *(int16_t *)&buffer[size];\n        size += sizeof(int16_t);"
                 "        memcpy(&scanner->blk_imp_row, &buffer[size], sizeof(int32_t));\n        size += sizeof(int32_t);")
yaml_scanner_fix("#include \"tree_sitter/array.h\"" "#include <string.h>\n#include \"tree_sitter/array.h\"")
file(WRITE ${PROJECT_BINARY_DIR}/grammars/yaml_scanner.c "${yaml_scanner}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ts_yaml}/scanner.c)

add_library(iamlint_grammars STATIC
  ${ts_runtime}/src/lib.c
  ${ts_hcl}/parser.c ${ts_hcl}/scanner.c
  ${ts_yaml}/parser.c ${PROJECT_BINARY_DIR}/grammars/yaml_scanner.c
  ${ts_json}/parser.c)
set_target_properties(iamlint_grammars PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
# Third-party generated C: no warnings of ours, and included as SYSTEM so ours stay strict.
target_compile_options(iamlint_grammars PRIVATE -w)
target_compile_definitions(iamlint_grammars PRIVATE _DEFAULT_SOURCE)
target_include_directories(iamlint_grammars PRIVATE ${ts_runtime}/src ${ts_runtime}/include
                                                    ${ts_yaml})
target_include_directories(iamlint_grammars SYSTEM PUBLIC ${ts_runtime}/include)
