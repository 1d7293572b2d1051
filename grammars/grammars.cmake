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

add_library(iamlint_grammars STATIC
  ${ts_runtime}/src/lib.c
  ${ts_hcl}/parser.c ${ts_hcl}/scanner.c
  ${ts_yaml}/parser.c ${ts_yaml}/scanner.c
  ${ts_json}/parser.c)
set_target_properties(iamlint_grammars PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
# Third-party generated C: no warnings of ours, and included as SYSTEM so ours stay strict.
target_compile_options(iamlint_grammars PRIVATE -w)
target_compile_definitions(iamlint_grammars PRIVATE _DEFAULT_SOURCE)
target_include_directories(iamlint_grammars PRIVATE ${ts_runtime}/src ${ts_runtime}/include)
target_include_directories(iamlint_grammars SYSTEM PUBLIC ${ts_runtime}/include)
