# Layer 4: the system keychain through QtKeychain. QtKeychain stays private to core: no header
# of core includes it, so nothing above core sees its types.
target_sources(layerscope_core PRIVATE services/keychain.cpp services/keychain.h)
target_link_libraries(layerscope_core PRIVATE Qt6Keychain::Qt6Keychain)
# Where QtKeychain talks to the Secret Service over D-Bus, core asks the session bus itself to
# tell "no keychain" from a keychain that fails. QtKeychain links QtDBus there anyway (its package
# finds Qt6::DBus).
if(UNIX AND NOT APPLE AND NOT ANDROID)
    target_link_libraries(layerscope_core PRIVATE Qt6::DBus)
    set_property(SOURCE services/keychain.cpp APPEND PROPERTY COMPILE_DEFINITIONS
        LAYERSCOPE_KEYCHAIN_DBUS=1)
endif()
