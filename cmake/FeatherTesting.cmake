# feather_add_test(<name> SOURCES a.cpp ... LIBS lib... [LABELS l...] [FIXTURES f...] [TIMEOUT s] [ENV K=V...])
# One executable per test file (qBittorrent/Zeal style); every test runs offscreen with a private
# HOME and XDG folders (tests/support/isolated.sh), so neither it nor the programs it starts can
# touch the user's real settings, audit log or keyring.
# In a sanitizer build every test (and every program it starts, which inherits the environment)
# stops at the first finding; LSan ignores only the proven Qt/system leaks in tests/lsan.supp.
# Reports also land in sanitizer-reports/ of the build folder, so one from a program a test
# started fails `scripts/test --sanitize` even when that test never looks at its exit status.
if(FEATHER_SANITIZE)
  set(reports ${CMAKE_BINARY_DIR}/sanitizer-reports)
  file(MAKE_DIRECTORY ${reports})
  set(FEATHER_SANITIZER_ENV
    "ASAN_OPTIONS=detect_leaks=1:log_path=${reports}/asan"
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=${reports}/ubsan"
    "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:print_suppressions=0")
  list(JOIN FEATHER_SANITIZER_ENV ";" FEATHER_SANITIZER_ENV)
endif()
set(FEATHER_SANITIZER_ENV "${FEATHER_SANITIZER_ENV};FEATHER_TEST_TIME_FACTOR=${FEATHER_TEST_TIME_FACTOR}")

function(feather_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;FIXTURES;ENV" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE feather_config Qt6::Test ${T_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME ${name} COMMAND bash ${PROJECT_SOURCE_DIR}/tests/support/isolated.sh $<TARGET_FILE:${name}>)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  math(EXPR T_TIMEOUT "${T_TIMEOUT} * ${FEATHER_TEST_TIME_FACTOR}") # slower sanitizer builds
  if(FEATHER_TEST_TIME_FACTOR GREATER 1)
    # QtTest's own limit per test function (5 min by default) stretches with the test's.
    math(EXPR function_ms "${T_TIMEOUT} * 1000")
    list(APPEND T_ENV "QTEST_FUNCTION_TIMEOUT=${function_ms}")
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;FEATHER_BIN_DIR=${CMAKE_BINARY_DIR}/bin;FEATHER_SOURCE_DIR=${PROJECT_SOURCE_DIR};${FEATHER_SANITIZER_ENV};${T_ENV}")
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
  if(T_FIXTURES)
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${T_FIXTURES}")
  endif()
endfunction()
