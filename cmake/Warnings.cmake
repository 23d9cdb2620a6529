# pulmorad_warnings: the warning set every first-party target compiles with.
add_library(pulmorad_warnings INTERFACE)
target_compile_options(pulmorad_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
# GCC 12 reports -Wrestrict falsely for `"literal" + std::string` at -O2 and
# above (GCC bug 105329, in libstdc++'s char_traits.h), so that one is off.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(pulmorad_warnings INTERFACE -Wno-restrict)
endif()
if(PULMORAD_WERROR)
  target_compile_options(pulmorad_warnings INTERFACE -Werror)
endif()

# pulmorad_add_library(NAME [DEPENDS targets...] [PRIVATE_DEPENDS targets...]):
# one static library per folder of src/, built from every .cpp below the
# calling folder and linked with the shared warning set.
function(pulmorad_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src/generated)
    target_link_libraries(${name} PUBLIC ${ARG_DEPENDS} PRIVATE pulmorad_warnings ${ARG_PRIVATE_DEPENDS})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src/generated)
    target_link_libraries(${name} INTERFACE ${ARG_DEPENDS})
  endif()
endfunction()
