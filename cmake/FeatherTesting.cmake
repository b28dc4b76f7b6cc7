# feather_add_test(<name> SOURCES a.cpp ... LIBS lib... [LABELS l...] [FIXTURES f...] [TIMEOUT s] [ENV K=V...])
# One executable per test file (qBittorrent/Zeal style); every test runs offscreen with a private
# HOME and XDG folders (tests/support/isolated.sh), so neither it nor the programs it starts can
# touch the user's real settings, audit log or keyring.
function(feather_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;FIXTURES;ENV" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE feather_config Qt6::Test ${T_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME ${name} COMMAND bash ${PROJECT_SOURCE_DIR}/tests/support/isolated.sh $<TARGET_FILE:${name}>)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;FEATHER_BIN_DIR=${CMAKE_BINARY_DIR}/bin;FEATHER_SOURCE_DIR=${PROJECT_SOURCE_DIR};${T_ENV}")
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
  if(T_FIXTURES)
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${T_FIXTURES}")
  endif()
endfunction()
