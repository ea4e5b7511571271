# Integration tests of the window's tags area.
layerscope_add_integration_test(tst_tagpane SOURCES tst_tagpane.cpp)
