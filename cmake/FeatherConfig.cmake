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
