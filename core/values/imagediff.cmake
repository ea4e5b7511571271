# Layer 1: image compare (layer alignment, config differences), no I/O.
target_sources(layerscope_core PRIVATE values/imagediff.cpp values/imagediff.h)
