# Integration tests of the window's explorer area.
# The demo runs its own docker-registry, not the harness's.
layerscope_add_test(tst_demoregistry SOURCES tst_demoregistry.cpp LIBRARIES Layerscope::Ui)
set_tests_properties(tst_demoregistry PROPERTIES TIMEOUT 400)
layerscope_add_integration_test(tst_explorer SOURCES tst_explorer.cpp)
