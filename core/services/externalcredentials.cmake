# Layer 4: read-only import of docker's and podman's logins (config.json, containers
# auth.json) and docker credential helpers' `get`.
target_sources(layerscope_core PRIVATE
    services/credentialhelper.cpp services/credentialhelper.h
    services/dockerauthfile.cpp services/dockerauthfile.h
    services/externalcredentials.cpp services/externalcredentials.h
)
