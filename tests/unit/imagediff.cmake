# Core: image compare (layer alignment, config differences).
layerscope_add_test(tst_imagediff SOURCES tst_imagediff.cpp LIBRARIES Layerscope::Core
    TABLES imagediff/alignment_cases.tsv)
layerscope_add_test(tst_imagecomparison SOURCES tst_imagecomparison.cpp LIBRARIES Layerscope::Core)
