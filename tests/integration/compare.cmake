# Comparing two images: the core's ImageComparison and `layerscope-cli compare`, against the
# harness's compare fixtures.
layerscope_add_integration_test(tst_compare SOURCES tst_compare.cpp)
# The compare window reached from the explorer (offscreen).
layerscope_add_integration_test(tst_compareexplorer SOURCES tst_compareexplorer.cpp)
