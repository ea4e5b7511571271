# Integration tests of the window's image area.
layerscope_add_integration_test(tst_imagepane SOURCES tst_imagepane.cpp)
layerscope_add_integration_test(tst_layerswidget SOURCES tst_layerswidget.cpp)
