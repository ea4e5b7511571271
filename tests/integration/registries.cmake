# Integration tests of the window's registries area.
# The token registry's catalog is asked for anonymously, which the issuer's counters see.
layerscope_add_integration_test(tst_repositorypane SOURCES tst_repositorypane.cpp
    LOCKS token_issuer)
