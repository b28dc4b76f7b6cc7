# One INTERFACE target carries the language level, warnings and strict Qt defines,
# so every library, program and test is compiled the same way.
add_library(feather_config INTERFACE)
target_compile_features(feather_config INTERFACE cxx_std_20)
target_compile_options(feather_config INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(FEATHER_WERROR)
  target_compile_options(feather_config INTERFACE -Werror)
endif()
target_compile_definitions(feather_config INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_KEYWORDS
  QT_DISABLE_DEPRECATED_BEFORE=0x060400
  FEATHER_VERSION="${PROJECT_VERSION}")
target_include_directories(feather_config INTERFACE ${PROJECT_SOURCE_DIR}/app ${PROJECT_SOURCE_DIR})

# FEATHER_SANITIZE=ON (scripts/test --sanitize, its own build folder): AddressSanitizer and
# UndefinedBehaviorSanitizer everywhere, and UB aborts instead of printing and going on, so a
# finding fails its test. Tests read FEATHER_TEST_TIME_FACTOR (tests/support/testsupport.h) to
# stretch their liveness bounds; the instrumented code runs several times slower.
option(FEATHER_SANITIZE "Build with -fsanitize=address,undefined" OFF)
if(FEATHER_SANITIZE)
  set(feather_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  target_compile_options(feather_config INTERFACE ${feather_sanitize_flags})
  target_link_options(feather_config INTERFACE ${feather_sanitize_flags})
  set(FEATHER_TEST_TIME_FACTOR 5 CACHE STRING "How much slower the sanitized code runs")
else()
  set(FEATHER_TEST_TIME_FACTOR 1 CACHE STRING "How much slower this build runs")
endif()

# FEATHER_FUZZ=ON (clang only; scripts/test --sanitize): the libFuzzer targets in tests/fuzz.
option(FEATHER_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
if(FEATHER_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "FEATHER_FUZZ needs clang (libFuzzer): configure with CMAKE_CXX_COMPILER=clang++")
endif()
