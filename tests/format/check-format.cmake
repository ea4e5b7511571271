# Fails when a C++ file of the project is not formatted as .clang-format says.
#   cmake -DCLANG_FORMAT=<path> -DSOURCE_DIR=<project root> -P check-format.cmake
file(GLOB_RECURSE files LIST_DIRECTORIES false
    ${SOURCE_DIR}/app/*.cpp ${SOURCE_DIR}/app/*.h
    ${SOURCE_DIR}/core/*.cpp ${SOURCE_DIR}/core/*.h
    ${SOURCE_DIR}/ui/*.cpp ${SOURCE_DIR}/ui/*.h
    ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h)
list(LENGTH files count)
execute_process(
    COMMAND ${CLANG_FORMAT} --style=file --dry-run --Werror ${files}
    WORKING_DIRECTORY ${SOURCE_DIR}
    RESULT_VARIABLE result
    ERROR_VARIABLE problems)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${problems}\nSome files are not formatted: run clang-format -i on them.")
endif()
message(STATUS "${count} files are formatted as .clang-format says")
