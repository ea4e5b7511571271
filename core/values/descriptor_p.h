#pragma once

// Internal to core: reading descriptors and platforms out of JSON documents.

#include "values/descriptor.h"
#include "values/json_p.h"
#include "values/platform.h"

namespace Layerscope::Json {

/// Reads an OCI/Docker descriptor: mediaType, digest and size are required; urls must be
/// absolute URLs; embedded data must be base64 that matches digest and size.
Descriptor readDescriptor(FieldReader &reader);

/// Reads a "platform" object: architecture and os are required.
Platform readPlatform(FieldReader &reader);

} // namespace Layerscope::Json
