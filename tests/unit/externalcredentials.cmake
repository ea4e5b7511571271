# Read-only import of docker's and podman's logins. The credential helper tests run the fake
# helper tests/data/credentials/docker-credential-layerscope-test (POSIX sh, executable).
layerscope_add_test(tst_dockerauthfile SOURCES tst_dockerauthfile.cpp LIBRARIES Layerscope::Core
    TABLES credentials/lookups.tsv)
layerscope_add_test(tst_credentialhelper SOURCES tst_credentialhelper.cpp
    LIBRARIES Layerscope::Core)
layerscope_add_test(tst_externalcredentials SOURCES tst_externalcredentials.cpp
    LIBRARIES Layerscope::Core)
