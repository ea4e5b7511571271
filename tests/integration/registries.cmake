# Integration tests of the window's registries area.
# The token registry's catalog is asked for anonymously, which the issuer's counters see.
layerscope_add_integration_test(tst_repositorypane SOURCES tst_repositorypane.cpp
    LOCKS token_issuer)
# Signing in to the htpasswd and token registries (the token issuer counts these requests).
layerscope_add_integration_test(tst_signin SOURCES tst_signin.cpp LOCKS token_issuer)
# Remember in the system keychain: under a real Secret Service (layerscope_add_keyring_test,
# tests/unit/keychain.cmake), and in sessions without one, against the harness's registries.
if(GNOME_KEYRING_DAEMON_EXECUTABLE AND DBUS_RUN_SESSION_EXECUTABLE
   AND COMMAND layerscope_add_keyring_test)
    set(signin_keyring_environment LAYERSCOPE_HARNESS=${HARNESS_STATE}/harness.json)
    layerscope_add_keyring_test(tst_signin_keychain SOURCES tst_signin_keychain.cpp
        LIBRARIES Layerscope::Ui Qt6::DBus ARGS rememberedAcrossWindows
        ENVIRONMENT ${signin_keyring_environment})
    # Locking the keyring cannot be undone without a prompter: a session of its own.
    layerscope_add_keyring_test(tst_signin_keychain_locked EXECUTABLE tst_signin_keychain
        ARGS keychainRefusesTheWrite
        ENVIRONMENT ${signin_keyring_environment} LAYERSCOPE_SIGNIN_TEST_LOCK=1)
    layerscope_add_keyring_test(tst_signin_keychain_no_keychain EXECUTABLE tst_signin_keychain
        SESSION BUS_ONLY ARGS noSecretService ENVIRONMENT ${signin_keyring_environment})
    layerscope_add_keyring_test(tst_signin_keychain_no_bus EXECUTABLE tst_signin_keychain
        SESSION NO_BUS ARGS noSecretService ENVIRONMENT ${signin_keyring_environment})
    set_tests_properties(tst_signin_keychain tst_signin_keychain_locked
        tst_signin_keychain_no_keychain tst_signin_keychain_no_bus PROPERTIES
        FIXTURES_REQUIRED harness RESOURCE_LOCK token_issuer TIMEOUT 600)
endif()
