# The system keychain, tested against a real Secret Service (tests/support/with-keyring.sh:
# a private session bus and gnome-keyring-daemon in a temporary HOME).
#
# layerscope_add_keyring_test(<ctest name> [SOURCES <files…>] [EXECUTABLE <target>]
#                             [LIBRARIES <libs…>] [SESSION KEYRING|BUS_ONLY|NO_BUS]
#                             [ARGS <arguments…>] [ENVIRONMENT <VAR=value…>])
#
# Registers a ctest entry that runs a Qt Test executable under with-keyring.sh. With SOURCES
# it builds the executable first (named EXECUTABLE, by default the ctest name, linked like
# layerscope_add_test's); without SOURCES it runs an EXECUTABLE built earlier, so one test
# program can have several entries (a session with a keychain, one without). SESSION says
# what the test gets: KEYRING (default) an unlocked login keyring, BUS_ONLY a session bus
# with no keychain on it, NO_BUS no session bus at all. ARGS go to the test program (test
# function names select slots). The test also sees LAYERSCOPE_TEST_HOME,
# LAYERSCOPE_KEYRING_SESSION (keyring, bus-only, no-bus) and LAYERSCOPE_KEYRING_PASSWORD.
function(layerscope_add_keyring_test name)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "EXECUTABLE;SESSION"
        "SOURCES;LIBRARIES;ARGS;ENVIRONMENT")
    if(NOT ARG_EXECUTABLE)
        set(ARG_EXECUTABLE ${name})
    endif()
    if(ARG_SOURCES)
        add_executable(${ARG_EXECUTABLE} ${ARG_SOURCES})
        target_link_libraries(${ARG_EXECUTABLE} PRIVATE
            Qt6::Test layerscope_testsupport layerscope_build_flags ${ARG_LIBRARIES})
        target_compile_definitions(${ARG_EXECUTABLE} PRIVATE
            LAYERSCOPE_TEST_DATA="${LAYERSCOPE_TEST_DATA}")
    endif()
    set(session_option "")
    if(ARG_SESSION STREQUAL "BUS_ONLY")
        set(session_option --bus-only)
    elseif(ARG_SESSION STREQUAL "NO_BUS")
        set(session_option --no-bus)
    elseif(ARG_SESSION AND NOT ARG_SESSION STREQUAL "KEYRING")
        message(FATAL_ERROR "layerscope_add_keyring_test: unknown SESSION ${ARG_SESSION}")
    endif()
    add_test(NAME ${name}
        COMMAND /bin/sh ${PROJECT_SOURCE_DIR}/tests/support/with-keyring.sh ${session_option}
                $<TARGET_FILE:${ARG_EXECUTABLE}> ${ARG_ARGS})
    # A keychain request can wait for a prompt; with no prompter it must still end, and this
    # bound turns a hang into a failure.
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_FORCE_STDERR_LOGGING=1;${ARG_ENVIRONMENT}"
        TIMEOUT 180)
endfunction()

find_program(GNOME_KEYRING_DAEMON_EXECUTABLE gnome-keyring-daemon)
find_program(DBUS_RUN_SESSION_EXECUTABLE dbus-run-session)
find_program(SECRET_TOOL_EXECUTABLE secret-tool)
if(NOT GNOME_KEYRING_DAEMON_EXECUTABLE OR NOT DBUS_RUN_SESSION_EXECUTABLE
   OR NOT SECRET_TOOL_EXECUTABLE)
    message(WARNING "The keychain tests need gnome-keyring, dbus-daemon (dbus-run-session) "
                    "and libsecret-tools (secret-tool): run packaging/install-deps.sh")
    return()
endif()

# One program, four sessions: a keychain to use; a keychain that gets locked (and no prompter
# to unlock it); a session bus without a keychain; no session bus at all.
layerscope_add_keyring_test(tst_keychain SOURCES tst_keychain.cpp
    LIBRARIES Layerscope::Core Qt6::DBus)
layerscope_add_keyring_test(tst_keychain_locked EXECUTABLE tst_keychain ARGS lockedKeyring
    ENVIRONMENT LAYERSCOPE_KEYCHAIN_TEST_LOCKED=1)
layerscope_add_keyring_test(tst_keychain_no_keychain EXECUTABLE tst_keychain SESSION BUS_ONLY
    ARGS unavailable)
layerscope_add_keyring_test(tst_keychain_no_bus EXECUTABLE tst_keychain SESSION NO_BUS
    ARGS unavailable)
