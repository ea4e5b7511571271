#!/usr/bin/python3
"""Deterministic fixture images, pushed with the registry HTTP API itself.

Everything a test later checks is computed here, from the bytes this module builds: manifest
and config digests are SHA-256 over the exact bytes sent, layer digests over the compressed
blob, diff_ids over the uncompressed tar. Layers are tar archives with fixed mtimes, owners and
modes; gzip output has mtime 0 (level 6 unless a fixture asks for another, as a mirror that
recompressed the same tars would); zstd output comes from the `zstd` command.

Uploads are monolithic (POST an upload session, then PUT the whole blob with ?digest=), blobs
already present in another repository of the same registry are cross-mounted
(POST ?mount=&from=), and manifests are PUT with the Content-Type of their media type. Basic
and bearer authentication are answered as the registry's challenge asks.

As a command:  pusher.py seed --url http://127.0.0.1:5000 --plan open [--user alice
--password-file FILE] [--cafile PEM] --out fixtures.json
"""

import argparse
import base64
import concurrent.futures
import gzip
import hashlib
import http.client
import io
import json
import random
import re
import ssl
import subprocess
import sys
import tarfile
import threading
import time
import urllib.parse

MT_DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
MT_DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MT_DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
MT_DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"
MT_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_OCI_INDEX = "application/vnd.oci.image.index.v1+json"
MT_OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
MT_OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
MT_OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd"
MT_OCI_EMPTY = "application/vnd.oci.empty.v1+json"
MT_IN_TOTO = "application/vnd.in-toto+json"

MANIFEST_ACCEPT = ", ".join([MT_OCI_INDEX, MT_OCI_MANIFEST, MT_DOCKER_LIST, MT_DOCKER_MANIFEST])

# Every file in every layer carries this mtime: 2023-11-14T22:13:20Z.
LAYER_MTIME = 1700000000


def digest_of(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def canonical(value, indent=None):
    """JSON bytes as the pusher sends them. Docker-style documents are indented with three
    spaces (as `docker push` writes them), OCI ones compact: either way a client must hash
    the bytes it received, never a re-serialisation."""
    if indent:
        return json.dumps(value, indent=indent).encode()
    return json.dumps(value, separators=(",", ":")).encode()


class Blob:
    def __init__(self, data, media_type):
        self.data = data
        self.media_type = media_type
        self.digest = digest_of(data)
        self.size = len(data)

    def descriptor(self, annotations=None):
        d = {"mediaType": self.media_type, "digest": self.digest, "size": self.size}
        if annotations:
            d["annotations"] = annotations
        return d


class Layer(Blob):
    def __init__(self, tar_bytes, compression, media_type, level=None):
        level = DEFAULT_LEVEL.get(compression) if level is None else level
        super().__init__(compress(tar_bytes, compression, level), media_type)
        self.compression = compression
        self.level = level
        self.diff_id = digest_of(tar_bytes)
        self.uncompressed_size = len(tar_bytes)

    def record(self):
        r = {"digest": self.digest, "size": self.size, "mediaType": self.media_type,
             "diffId": self.diff_id, "uncompressedSize": self.uncompressed_size,
             "compression": self.compression}
        if self.level is not None:
            r["compressionLevel"] = self.level
        return r


def tar_bytes(entries):
    """A tar archive with fixed metadata. entries: (path, content) pairs; content is bytes
    for a file, None for a directory, or ("symlink", target)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for path, content in entries:
            info = tarfile.TarInfo(path)
            info.mtime = LAYER_MTIME
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            if content is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            elif isinstance(content, tuple):
                info.type = tarfile.SYMTYPE
                info.linkname = content[1]
                info.mode = 0o777
                tar.addfile(info)
            else:
                info.mode = 0o755 if path.endswith((".sh", "/app")) else 0o644
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


# The compression level of every layer that does not name one. Changing these changes the
# digest of every fixture layer.
DEFAULT_LEVEL = {"gzip": 6, "zstd": 3}


def compress(data, compression, level=None):
    """data compressed as `compression` ("gzip", "zstd" or "none") at `level`, by default
    DEFAULT_LEVEL's. The same tar at two gzip levels gives two blobs with one diff_id."""
    level = DEFAULT_LEVEL.get(compression) if level is None else level
    if compression == "gzip":
        return gzip.compress(data, compresslevel=level, mtime=0)
    if compression == "zstd":
        return subprocess.run(["zstd", "-q", "-c", f"-{level}", "--no-progress"], input=data,
                              stdout=subprocess.PIPE, check=True).stdout
    if compression == "none":
        return data
    raise ValueError(compression)


def make_layer(entries, fmt="docker", compression="gzip", level=None):
    media_type = {
        ("docker", "gzip"): MT_DOCKER_LAYER_GZIP,
        ("oci", "gzip"): MT_OCI_LAYER_GZIP,
        ("oci", "zstd"): MT_OCI_LAYER_ZSTD,
        ("oci", "none"): MT_OCI_LAYER,
    }[(fmt, compression)]
    return Layer(tar_bytes(entries), compression, media_type, level)


def text_file_layer(path, text, fmt="docker", compression="gzip", repeat=1, level=None):
    """One file (and its parent folders) holding `text` repeated."""
    parts = path.split("/")
    entries = [("/".join(parts[:i]) + "/", None) for i in range(1, len(parts))]
    entries.append((path, (text * repeat).encode()))
    return make_layer(entries, fmt, compression, level)


class Image:
    """One single-platform image: config + layers + manifest, all as exact bytes."""

    def __init__(self, fmt, platform, layers, created, history=None, run_config=None,
                 annotations=None, layer_annotations=None, author=None, extra_config=None):
        if history is None:
            history = [{"created": created, "created_by": f"COPY layer {i} /"}
                       for i in range(len(layers))]
        real = [h for h in history if not h.get("empty_layer")]
        if len(real) != len(layers):
            raise ValueError("history must have one non-empty step per layer")
        self.fmt = fmt
        self.platform = dict(platform)
        self.layers = layers
        self.created = created
        self.history = history
        self.run_config = run_config
        self.annotations = annotations
        config = {"created": created}
        if author:
            config["author"] = author
        config["architecture"] = platform["architecture"]
        if "variant" in platform:
            config["variant"] = platform["variant"]
        config["os"] = platform["os"]
        if run_config is not None:
            config["config"] = run_config
        config["rootfs"] = {"type": "layers", "diff_ids": [l.diff_id for l in layers]}
        config["history"] = history
        if extra_config:
            config.update(extra_config)
        self.config_json = config
        docker = fmt == "docker"
        self.config = Blob(canonical(config), MT_DOCKER_CONFIG if docker else MT_OCI_CONFIG)
        manifest = {"schemaVersion": 2,
                    "mediaType": MT_DOCKER_MANIFEST if docker else MT_OCI_MANIFEST,
                    "config": self.config.descriptor(),
                    "layers": [l.descriptor((layer_annotations or {}).get(i))
                               for i, l in enumerate(layers)]}
        if annotations:
            manifest["annotations"] = annotations
        self.manifest = Blob(canonical(manifest, 3 if docker else None), manifest["mediaType"])

    def blobs(self):
        return [self.config] + self.layers

    def record(self):
        r = {
            "platform": self.platform,
            "manifestDigest": self.manifest.digest,
            "manifestMediaType": self.manifest.media_type,
            "manifestSize": self.manifest.size,
            "configDigest": self.config.digest,
            "configMediaType": self.config.media_type,
            "configSize": self.config.size,
            "imageId": self.config.digest.split(":")[1][:12],
            "created": self.created,
            "historyCount": len(self.history),
            "emptyLayerHistoryCount": sum(1 for h in self.history if h.get("empty_layer")),
            "layerCount": len(self.layers),
            "totalLayerSize": sum(l.size for l in self.layers),
            "layers": [l.record() for l in self.layers],
        }
        if self.annotations:
            r["annotations"] = self.annotations
        if self.run_config is not None:
            r["config"] = self.run_config
        if "author" in self.config_json:
            r["author"] = self.config_json["author"]
        return r


class Index:
    """An OCI index or a Docker manifest list over already-built manifests.
    entries: (child, platform or None, annotations or None)."""

    def __init__(self, fmt, entries, annotations=None):
        self.fmt = fmt
        self.entries = entries
        self.annotations = annotations
        manifests = []
        for child, platform, ann in entries:
            d = child.manifest.descriptor()
            if platform is not None:
                d["platform"] = platform
            if ann:
                d["annotations"] = ann
            manifests.append(d)
        media_type = MT_DOCKER_LIST if fmt == "docker" else MT_OCI_INDEX
        doc = {"schemaVersion": 2, "mediaType": media_type, "manifests": manifests}
        if annotations:
            doc["annotations"] = annotations
        self.manifest = Blob(canonical(doc, 3 if fmt == "docker" else None), media_type)
        self.document = doc


class Artifact:
    """An OCI 1.1 artifact: artifactType, the empty config, one layer, and a subject."""

    EMPTY = Blob(b"{}", MT_OCI_EMPTY)

    def __init__(self, artifact_type, payload, payload_media_type, subject, annotations):
        self.artifact_type = artifact_type
        self.layer = Blob(payload, payload_media_type)
        self.subject = subject
        self.annotations = annotations
        doc = {"schemaVersion": 2, "mediaType": MT_OCI_MANIFEST, "artifactType": artifact_type,
               "config": self.EMPTY.descriptor(), "layers": [self.layer.descriptor()],
               "subject": subject.manifest.descriptor(), "annotations": annotations}
        self.manifest = Blob(canonical(doc), MT_OCI_MANIFEST)

    def blobs(self):
        return [self.EMPTY, self.layer]


class RegistryError(Exception):
    pass


class RegistryClient:
    """A small registry client for pushing: keep-alive connection per thread, basic or
    bearer auth as challenged, token cache per scope set, blob mounts across repositories."""

    def __init__(self, base_url, username=None, password=None, cafile=None):
        u = urllib.parse.urlsplit(base_url)
        self.scheme, self.netloc = u.scheme, u.netloc
        self.username, self.password = username, password
        self.ssl_context = None
        if self.scheme == "https":
            self.ssl_context = ssl.create_default_context(cafile=cafile) if cafile \
                else ssl._create_unverified_context()
        self.local = threading.local()
        self.lock = threading.Lock()
        self.challenge = None          # ("basic", {}) or ("bearer", params)
        self.tokens = {}               # scope tuple -> (token, expiry)
        self.blob_home = {}            # digest -> a repository that holds it
        self.present = set()           # (repository, digest) known to be present
        self.requests = 0
        self.aborted = False           # set from outside to make every further request fail

    def _connection(self, scheme, netloc, fresh=False):
        key = (scheme, netloc)
        conns = getattr(self.local, "conns", None)
        if conns is None:
            conns = self.local.conns = {}
        if fresh or key not in conns:
            if key in conns:
                conns[key].close()
            if scheme == "https":
                conns[key] = http.client.HTTPSConnection(netloc, timeout=60,
                                                         context=self.ssl_context)
            else:
                conns[key] = http.client.HTTPConnection(netloc, timeout=60)
        return conns[key]

    def raw(self, method, url, body=None, headers=None):
        """One HTTP exchange; absolute URLs may name another host (token realms)."""
        u = urllib.parse.urlsplit(url)
        scheme, netloc = (u.scheme, u.netloc) if u.scheme else (self.scheme, self.netloc)
        target = u.path + ("?" + u.query if u.query else "")
        for attempt in range(2):
            if self.aborted:
                raise RegistryError("push aborted")
            conn = self._connection(scheme, netloc, fresh=attempt > 0)
            try:
                conn.request(method, target, body=body, headers=headers or {})
                resp = conn.getresponse()
                data = resp.read()
                with self.lock:
                    self.requests += 1
                return resp.status, resp.headers, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt:
                    raise

    def _auth_header(self, scopes):
        if self.challenge is None:
            return {}
        kind, params = self.challenge
        if kind == "basic":
            cred = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            return {"Authorization": "Basic " + cred}
        key = tuple(sorted(scopes))
        with self.lock:
            cached = self.tokens.get(key)
        if cached and cached[1] > time.time() + 5:
            return {"Authorization": "Bearer " + cached[0]}
        query = [("service", params.get("service", ""))] + [("scope", s) for s in key]
        url = params["realm"] + "?" + urllib.parse.urlencode(query)
        headers = {}
        if self.username:
            cred = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            headers["Authorization"] = "Basic " + cred
        status, _, body = self.raw("GET", url, headers=headers)
        if status != 200:
            raise RegistryError(f"token request for {list(key)} failed: HTTP {status}")
        answer = json.loads(body)
        token = answer.get("token") or answer.get("access_token")
        expiry = time.time() + int(answer.get("expires_in", 60))
        with self.lock:
            self.tokens[key] = (token, expiry)
        return {"Authorization": "Bearer " + token}

    def request(self, method, path, scopes, body=None, headers=None, ok=(200,)):
        headers = dict(headers or {})
        for attempt in range(2):
            status, rh, data = self.raw(method, path, body,
                                        {**headers, **self._auth_header(scopes)})
            if status != 401 or attempt:
                break
            self._learn_challenge(rh.get("WWW-Authenticate", ""))
        if status not in ok:
            raise RegistryError(f"{method} {path}: HTTP {status}: {data[:300]!r}")
        return status, rh, data

    def _learn_challenge(self, header):
        scheme = header.split(" ", 1)[0].lower()
        params = dict(re.findall(r'(\w+)="([^"]*)"', header))
        if scheme == "basic":
            if not self.username:
                raise RegistryError("registry wants basic auth but no credentials were given")
            self.challenge = ("basic", params)
        elif scheme == "bearer":
            self.challenge = ("bearer", params)
        else:
            raise RegistryError(f"unsupported challenge {header!r}")

    def ping(self):
        return self.request("GET", "/v2/", [])

    def push_blob(self, repo, blob):
        with self.lock:
            if (repo, blob.digest) in self.present:
                return
            source = self.blob_home.get(blob.digest)
        scopes = [f"repository:{repo}:pull,push"]
        path = f"/v2/{repo}/blobs/uploads/"
        if source and source != repo:
            scopes.append(f"repository:{source}:pull")
            path += "?" + urllib.parse.urlencode({"mount": blob.digest, "from": source})
        status, rh, _ = self.request("POST", path, scopes, body=b"", ok=(201, 202))
        if status == 202:
            location = rh["Location"]
            sep = "&" if "?" in location else "?"
            put = location + sep + urllib.parse.urlencode({"digest": blob.digest})
            self.request("PUT", put, scopes, body=blob.data,
                         headers={"Content-Type": "application/octet-stream"}, ok=(201,))
        with self.lock:
            self.present.add((repo, blob.digest))
            self.blob_home.setdefault(blob.digest, repo)

    def put_manifest(self, repo, reference, blob):
        _, rh, _ = self.request("PUT", f"/v2/{repo}/manifests/{reference}",
                                [f"repository:{repo}:pull,push"], body=blob.data,
                                headers={"Content-Type": blob.media_type}, ok=(201,))
        answered = rh.get("Docker-Content-Digest")
        if answered != blob.digest:
            raise RegistryError(f"{repo}:{reference}: registry says {answered}, "
                                f"pusher computed {blob.digest}")
        with self.lock:
            self.present.add((repo, blob.digest))

    def put_tagged(self, repo, blob, tags):
        """PUT by each tag, or by digest when untagged (a PUT by tag makes the manifest
        reachable by its digest as well)."""
        for reference in tags or [blob.digest]:
            self.put_manifest(repo, reference, blob)

    def push_image(self, repo, image, tags=()):
        for blob in image.blobs():
            self.push_blob(repo, blob)
        self.put_tagged(repo, image.manifest, tags)

    def push_index(self, repo, index, tags=()):
        for child, _, _ in index.entries:
            self.push_image(repo, child)
        self.put_tagged(repo, index.manifest, tags)


# What the registries are seeded with.

CREATED = "2024-03-01T12:00:00Z"
PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
AUTHOR = "Layerscope test harness"


def fixture_record(registry, repo, tags, kind, top, images, host=None, **extra):
    r = {"registry": registry, "kind": kind, "repository": repo, "tags": list(tags),
         "digest": top.digest, "mediaType": top.media_type, "size": top.size}
    if host:
        r["reference"] = f"{host}/{repo}:{tags[0]}" if tags else f"{host}/{repo}@{top.digest}"
        r["digestReference"] = f"{host}/{repo}@{top.digest}"
    r.update(extra)
    r["images"] = [i.record() for i in images]
    return r


def base_layer(tag, fmt="docker", compression="gzip", repeat=40, level=None):
    """A small 'root filesystem': a few folders, a text file, a symlink."""
    body = f"Layerscope fixture base layer for {tag}.\n"
    return make_layer([
        ("etc/", None),
        ("etc/os-release", f'NAME="Layerscope Test OS"\nID=lstest\nVARIANT_ID="{tag}"\n'.encode()),
        ("usr/", None),
        ("usr/share/", None),
        ("usr/share/layerscope/", None),
        ("usr/share/layerscope/base.txt", (body * repeat).encode()),
        ("bin", ("symlink", "usr/bin")),
    ], fmt, compression, level)


def small_image(tag, fmt="docker", created=CREATED, platform=None, compression="gzip",
                labels=None):
    platform = platform or {"architecture": "amd64", "os": "linux"}
    layers = [base_layer(tag, fmt, compression)]
    run_config = {"Env": [PATH_ENV], "Cmd": ["/bin/sh"]}
    if labels:
        run_config["Labels"] = labels
    return Image(fmt, platform, layers, created, run_config=run_config, author=AUTHOR,
                 history=[{"created": created, "created_by": f"ADD rootfs-{tag}.tar /"},
                          {"created": created, "created_by": 'CMD ["/bin/sh"]',
                           "empty_layer": True}])


def docker_app_image(version, extra_env, app_text):
    layers = [
        base_layer("docker-app"),
        make_layer([("usr/", None), ("usr/local/", None), ("usr/local/bin/", None),
                    ("usr/local/bin/app", f"#!/bin/sh\necho docker-app {version}\n".encode())]),
        make_layer([("srv/", None), ("srv/app/", None),
                    ("srv/app/README.txt", (app_text * 30).encode()),
                    ("srv/app/data/", None)]),
    ]
    buildkit = "buildkit.dockerfile.v0"
    steps = [  # (created, created_by, comment, empty_layer): buildkit-like, with empty steps
        ("2024-01-10T08:00:00Z", "/bin/sh -c #(nop) ADD file:rootfs.tar in / ", None, False),
        ("2024-01-10T08:00:01Z", '/bin/sh -c #(nop)  CMD ["/bin/sh"]', None, True),
        ("2024-02-20T09:30:00Z", f"ENV APP_VERSION={version}", buildkit, True),
        ("2024-02-20T09:30:02Z", "COPY app /usr/local/bin/app # buildkit", buildkit, False),
        ("2024-02-20T09:30:02Z", "WORKDIR /srv/app", buildkit, True),
        ("2024-02-20T09:30:03Z", "RUN /bin/sh -c mkdir -p /srv/app/data # buildkit", buildkit,
         False),
        ("2024-02-20T09:30:03Z", "EXPOSE map[8080/tcp:{} 9090/udp:{}]", buildkit, True),
        ("2024-02-20T09:30:03Z", "USER app:app", buildkit, True),
        ("2024-02-20T09:30:03Z", 'ENTRYPOINT ["/usr/local/bin/app"]', buildkit, True),
    ]
    h = []
    for created, created_by, comment, empty in steps:
        step = {"created": created, "created_by": created_by}
        if comment:
            step["comment"] = comment
        if empty:
            step["empty_layer"] = True
        h.append(step)
    run_config = {
        "User": "app:app",
        "ExposedPorts": {"8080/tcp": {}, "9090/udp": {}},
        "Env": [PATH_ENV, f"APP_VERSION={version}"] + extra_env,
        "Entrypoint": ["/usr/local/bin/app"],
        "Cmd": ["--serve", "--port=8080"],
        "Volumes": {"/srv/app/data": {}},
        "WorkingDir": "/srv/app",
        "Labels": {"org.opencontainers.image.title": "docker-app",
                   "org.opencontainers.image.version": version,
                   "com.example.team": "registry-tools"},
        "StopSignal": "SIGTERM",
    }
    return Image("docker", {"architecture": "amd64", "os": "linux"}, layers,
                 "2024-02-20T09:30:03Z", history=h, run_config=run_config, author=AUTHOR)


def platform_image(name, platform, fmt, created):
    arch = platform["architecture"] + platform.get("variant", "")
    layers = [base_layer(f"{name}-{arch}", fmt),
              text_file_layer(f"opt/{name}/binary-{arch}.txt", f"{name} built for {arch}\n",
                              fmt, repeat=20)]
    return Image(fmt, platform, layers, created, author=AUTHOR,
                 run_config={"Env": [PATH_ENV], "Entrypoint": [f"/opt/{name}/run"]},
                 history=[{"created": created, "created_by": f"ADD rootfs-{arch}.tar /"},
                          {"created": created, "created_by": f"ENTRYPOINT [\"/opt/{name}/run\"]",
                           "empty_layer": True},
                          {"created": created, "created_by": f"COPY binary-{arch} /opt/{name}/"}])


# Images for comparing two references. compare-app 1.5 is 1.4 plus two layers and a changed
# run config; compare-mirror holds 1.4's tars recompressed at another gzip level (the same
# config document, so the same image ID, under another manifest digest); compare-other shares
# nothing with them; compare-multi's two indexes differ in their platforms and in one layer of
# linux/amd64.

MIRROR_GZIP_LEVEL = 1


def compare_app_layers(version, level=None):
    """1.4's three layers, then the two that 1.5 adds. The texts are long and varied enough
    that gzip at level 1 and at level 6 write different deflate streams for each."""
    core = "".join(f"{n:03d} compare-app core module {n * 7 % 13} handles request class "
                   f"{n % 5} with weight {n * 31 % 97}\n" for n in range(120))
    defaults = "".join(f"setting.{n:02d} = value-{n * 13 % 29}  # default since 1.{n % 4}\n"
                       for n in range(60))
    layers = [
        base_layer("compare-app", level=level),
        make_layer([("usr/", None), ("usr/lib/", None), ("usr/lib/compare-app/", None),
                    ("usr/lib/compare-app/core.txt", core.encode())], level=level),
        make_layer([("srv/", None), ("srv/app/", None), ("srv/app/config/", None),
                    ("srv/app/config/defaults.conf", defaults.encode())], level=level),
    ]
    if version != "1.4":
        plugins = "".join(f"plugin search-{n:02d}: indexes field {n * 3 % 17}\n"
                          for n in range(40))
        layers += [
            make_layer([("usr/", None), ("usr/lib/", None), ("usr/lib/compare-app/", None),
                        ("usr/lib/compare-app/plugins/", None),
                        ("usr/lib/compare-app/plugins/search.txt", plugins.encode())],
                       level=level),
            make_layer([("srv/", None), ("srv/app/", None), ("srv/app/static/", None),
                        ("srv/app/static/index.html",
                         b"<!doctype html>\n<title>compare-app</title>\n" * 20)], level=level),
        ]
    return layers


def compare_app_image(version, level=None):
    """fixtures/compare-app 1.4 or 1.5 (docker schema2); `level` recompresses the same tars."""
    steps = [  # (created, created_by, empty_layer); 1.5 keeps 1.4's steps and adds its own
        ("2024-04-02T10:00:00Z", "/bin/sh -c #(nop) ADD file:compare-rootfs.tar in / ", False),
        ("2024-04-02T10:00:01Z", "ENV MODE=single LEGACY_API=1", True),
        ("2024-04-02T10:00:05Z", "COPY core /usr/lib/compare-app/ # buildkit", False),
        ("2024-04-02T10:00:06Z", "COPY defaults.conf /srv/app/config/ # buildkit", False),
        ("2024-04-02T10:00:06Z", "LABEL org.opencontainers.image.version=1.4", True),
        ("2024-04-02T10:00:06Z", "EXPOSE map[8080/tcp:{}]", True),
        ("2024-04-02T10:00:06Z", "USER app", True),
        ("2024-04-02T10:00:06Z", "WORKDIR /srv/app", True),
        ("2024-04-02T10:00:06Z", 'ENTRYPOINT ["/usr/lib/compare-app/run"]', True),
        ("2024-04-02T10:00:06Z", 'CMD ["serve"]', True),
    ]
    env = [PATH_ENV, "MODE=single", "LEGACY_API=1"]
    labels = {"org.opencontainers.image.title": "compare-app",
              "org.opencontainers.image.version": "1.4",
              "com.example.legacy-api": "true"}
    ports = {"8080/tcp": {}}
    cmd = ["serve"]
    if version != "1.4":
        steps += [
            ("2024-05-14T09:00:00Z", "ENV MODE=cluster FEATURES=search,export", True),
            ("2024-05-14T09:00:03Z", "COPY plugins /usr/lib/compare-app/plugins/ # buildkit",
             False),
            ("2024-05-14T09:00:04Z", "COPY static /srv/app/static/ # buildkit", False),
            ("2024-05-14T09:00:04Z", "LABEL org.opencontainers.image.version=1.5 "
             "com.example.channel=stable", True),
            ("2024-05-14T09:00:04Z", "EXPOSE map[9443/tcp:{}]", True),
            ("2024-05-14T09:00:04Z", 'CMD ["serve","--tls"]', True),
        ]
        env = [PATH_ENV, "MODE=cluster", "FEATURES=search,export"]
        labels = {"org.opencontainers.image.title": "compare-app",
                  "org.opencontainers.image.version": "1.5",
                  "com.example.channel": "stable"}
        ports = {"8080/tcp": {}, "9443/tcp": {}}
        cmd = ["serve", "--tls"]
    history = []
    for created, created_by, empty in steps:
        step = {"created": created, "created_by": created_by}
        if empty:
            step["empty_layer"] = True
        history.append(step)
    run_config = {"User": "app", "ExposedPorts": ports, "Env": env,
                  "Entrypoint": ["/usr/lib/compare-app/run"], "Cmd": cmd,
                  "WorkingDir": "/srv/app", "Labels": labels}
    return Image("docker", {"architecture": "amd64", "os": "linux"},
                 compare_app_layers(version, level), steps[-1][0], history=history,
                 run_config=run_config, author=AUTHOR)


def compare_other_image():
    """fixtures/compare-other: an OCI image with nothing in common with compare-app."""
    created = "2024-03-20T15:00:00Z"
    layers = [base_layer("compare-other", "oci"),
              text_file_layer("opt/other/data.txt", "data of an unrelated image\n", "oci",
                              repeat=25)]
    return Image("oci", {"architecture": "amd64", "os": "linux"}, layers, created,
                 author=AUTHOR,
                 run_config={"Env": [PATH_ENV, "LANG=C.UTF-8"],
                             "Entrypoint": ["/opt/other/run"], "WorkingDir": "/opt/other",
                             "Labels": {"org.opencontainers.image.title": "compare-other"}},
                 history=[{"created": created, "created_by": "ADD rootfs-other.tar /"},
                          {"created": created, "created_by": "COPY data.txt /opt/other/"},
                          {"created": created, "created_by": 'ENTRYPOINT ["/opt/other/run"]',
                           "empty_layer": True}])


def compare_multi_image(platform, build):
    """One platform's image of fixtures/compare-multi: a base and a runtime layer per
    architecture, then the application layer of `build` (101 or 102; 102's is larger)."""
    arch = platform["architecture"] + platform.get("variant", "")
    created = f"2024-06-0{build - 100}T08:00:00Z"
    layers = [base_layer(f"compare-multi-{arch}", "oci"),
              text_file_layer("usr/lib/compare-multi/runtime.txt",
                              f"compare-multi runtime for {arch}\n", "oci", repeat=30),
              text_file_layer("opt/compare-multi/app.txt",
                              f"compare-multi build {build} for {arch}\n", "oci",
                              repeat=30 + (build - 101) * 10)]
    return Image("oci", platform, layers, created, author=AUTHOR,
                 run_config={"Env": [PATH_ENV], "Entrypoint": ["/opt/compare-multi/run"],
                             "Labels": {"com.example.build": str(build)}},
                 history=[{"created": "2024-06-01T08:00:00Z",
                           "created_by": f"ADD rootfs-{arch}.tar /"},
                          {"created": "2024-06-01T08:00:00Z",
                           "created_by": "COPY runtime /usr/lib/compare-multi/"},
                          {"created": created,
                           "created_by": f"COPY app-{build} /opt/compare-multi/"},
                          {"created": created,
                           "created_by": 'ENTRYPOINT ["/opt/compare-multi/run"]',
                           "empty_layer": True}])


class Attestation:
    """A buildx-style attestation manifest: an OCI manifest whose one layer is an in-toto
    statement about `image`."""

    def __init__(self, repo_name, image):
        statement = {
            "_type": "https://in-toto.io/Statement/v0.1",
            "predicateType": "https://slsa.dev/provenance/v0.2",
            "subject": [{"name": f"pkg:docker/{repo_name}@latest",
                         "digest": {"sha256": image.manifest.digest.split(":")[1]}}],
            "predicate": {"builder": {"id": "https://layerscope.test/harness"},
                          "buildType": "https://mobyproject.org/buildkit@v1"},
        }
        self.image = image
        self.layer = Blob(canonical(statement), MT_IN_TOTO)
        self.config = Blob(canonical({"architecture": "unknown", "os": "unknown", "config": {},
                                      "rootfs": {"type": "layers",
                                                 "diff_ids": [self.layer.digest]}}),
                           MT_OCI_CONFIG)
        manifest = {"schemaVersion": 2, "mediaType": MT_OCI_MANIFEST,
                    "config": self.config.descriptor(),
                    "layers": [self.layer.descriptor(
                        {"in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2"})]}
        self.manifest = Blob(canonical(manifest), MT_OCI_MANIFEST)

    def blobs(self):
        return [self.config, self.layer]

    def record(self):
        return {"digest": self.manifest.digest, "mediaType": MT_OCI_MANIFEST,
                "size": self.manifest.size, "referenceDigest": self.image.manifest.digest,
                "configDigest": self.config.digest, "configSize": self.config.size,
                "layers": [{"digest": self.layer.digest, "size": self.layer.size,
                            "mediaType": MT_IN_TOTO}]}


def many_tag_names(count, seed):
    names = []
    for j in range(count):
        kind = j % 3
        if kind == 0:
            names.append(f"1.{j // 30}.{j % 30}")
        elif kind == 1:
            names.append(f"build-{j:04d}")
        else:
            names.append("sha-" + hashlib.sha256(f"{seed}{j}".encode()).hexdigest()[:7])
    return names


def run_parallel(fn, items, workers=6):
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(fn, item) for item in items]:
            future.result()


def seed_open(client, host):
    """The open registry: every kind of document the client must understand."""
    fx = {}
    ann_time = {"org.opencontainers.image.created": CREATED}

    # Docker schema2, three tags on one digest, and an older tag for comparisons.
    current = docker_app_image("1.0", ["APP_MODE=production", "EMPTY="], "Docker app 1.0.\n")
    previous = docker_app_image("0.9", ["APP_MODE=staging"], "Docker app 0.9 (older).\n")
    client.push_image("fixtures/docker-app", current, ["1.0", "1", "latest"])
    client.push_image("fixtures/docker-app", previous, ["0.9"])
    fx["dockerImage"] = fixture_record("open", "fixtures/docker-app", ["1.0", "1", "latest"],
                                       "image", current.manifest, [current], host)
    fx["dockerImagePrevious"] = fixture_record("open", "fixtures/docker-app", ["0.9"], "image",
                                               previous.manifest, [previous], host,
                                               sharedLayersWithDockerImage=1)

    # OCI image with annotations on the manifest and on a layer.
    oci_ann = {**ann_time,
               "org.opencontainers.image.title": "oci-app",
               "org.opencontainers.image.description": "An OCI image with annotations",
               "org.opencontainers.image.source": "https://example.invalid/layerscope/oci-app",
               "org.opencontainers.image.revision": "0123456789abcdef0123456789abcdef01234567",
               "org.opencontainers.image.version": "2.1.0"}
    oci = Image("oci", {"architecture": "amd64", "os": "linux"},
                [base_layer("oci-app", "oci"),
                 text_file_layer("opt/oci-app/config.toml", "[server]\nport = 8443\n", "oci")],
                CREATED, author=AUTHOR, annotations=oci_ann,
                layer_annotations={1: {"org.opencontainers.image.title": "config.toml"}},
                run_config={"Env": [PATH_ENV], "Cmd": ["/opt/oci-app/run"],
                            "Labels": {"org.opencontainers.image.title": "oci-app"}})
    client.push_image("fixtures/oci-app", oci, ["2.1.0", "latest"])
    fx["ociImage"] = fixture_record("open", "fixtures/oci-app", ["2.1.0", "latest"], "image",
                                    oci.manifest, [oci], host)

    # OCI 1.1 artifact whose subject is the OCI image, and the referrers fallback tag.
    art_ann = {"org.opencontainers.image.created": CREATED,
               "org.example.artifact.kind": "sbom"}
    sbom = canonical({"spdxVersion": "SPDX-2.3", "name": "oci-app", "packages": []})
    artifact = Artifact("application/spdx+json", sbom, "application/spdx+json", oci, art_ann)
    for blob in artifact.blobs():
        client.push_blob("fixtures/oci-app", blob)
    client.put_manifest("fixtures/oci-app", artifact.manifest.digest, artifact.manifest)
    entry = {**artifact.manifest.descriptor(), "artifactType": artifact.artifact_type,
             "annotations": art_ann}
    referrers = Blob(canonical({"schemaVersion": 2, "mediaType": MT_OCI_INDEX,
                                "manifests": [entry]}), MT_OCI_INDEX)
    fallback_tag = "sha256-" + oci.manifest.digest.split(":")[1]
    client.put_manifest("fixtures/oci-app", fallback_tag, referrers)
    fx["artifact"] = {
        "registry": "open", "kind": "artifact", "repository": "fixtures/oci-app", "tags": [],
        "digest": artifact.manifest.digest, "mediaType": MT_OCI_MANIFEST,
        "size": artifact.manifest.size, "artifactType": artifact.artifact_type,
        "digestReference": f"{host}/fixtures/oci-app@{artifact.manifest.digest}",
        "config": Artifact.EMPTY.descriptor(),
        "layers": [artifact.layer.descriptor()],
        "subject": oci.manifest.descriptor(), "annotations": art_ann,
        "images": [],
    }
    fx["referrersIndex"] = {
        "registry": "open", "kind": "referrersTagIndex", "repository": "fixtures/oci-app",
        "tags": [fallback_tag], "digest": referrers.digest, "mediaType": MT_OCI_INDEX,
        "size": referrers.size, "subjectDigest": oci.manifest.digest,
        "manifests": [entry], "images": [],
    }

    # OCI index: four platforms plus a buildx attestation manifest for each.
    platforms = [{"architecture": "amd64", "os": "linux"},
                 {"architecture": "arm64", "os": "linux", "variant": "v8"},
                 {"architecture": "arm", "os": "linux", "variant": "v7"},
                 {"architecture": "ppc64le", "os": "linux"}]
    images = [platform_image("multiarch", p, "oci", CREATED) for p in platforms]
    attestations = [Attestation("fixtures/multiarch", i) for i in images]
    entries = [(i, i.platform, None) for i in images]
    entries += [(a, {"architecture": "unknown", "os": "unknown"},
                 {"vnd.docker.reference.type": "attestation-manifest",
                  "vnd.docker.reference.digest": i.manifest.digest})
                for a, i in zip(attestations, images)]
    index = Index("oci", entries, annotations={**ann_time,
                                               "org.opencontainers.image.title": "multiarch"})
    client.push_index("fixtures/multiarch", index, ["3.0", "latest"])
    fx["ociIndex"] = fixture_record(
        "open", "fixtures/multiarch", ["3.0", "latest"], "index", index.manifest, images, host,
        annotations=index.annotations, manifests=index.document["manifests"],
        attestations=[a.record() for a in attestations])

    # Docker manifest list, three platforms.
    list_platforms = [{"architecture": "amd64", "os": "linux"},
                      {"architecture": "arm64", "os": "linux", "variant": "v8"},
                      {"architecture": "386", "os": "linux"}]
    list_images = [platform_image("dockerlist", p, "docker", CREATED) for p in list_platforms]
    mlist = Index("docker", [(i, i.platform, None) for i in list_images])
    client.push_index("fixtures/docker-list", mlist, ["latest"])
    fx["dockerList"] = fixture_record("open", "fixtures/docker-list", ["latest"], "manifestList",
                                      mlist.manifest, list_images, host,
                                      manifests=mlist.document["manifests"])

    # Fifty layers.
    layers50 = [text_file_layer(f"layers/{n:02d}/content.txt", f"layer {n} of fifty\n",
                                repeat=n + 1) for n in range(50)]
    fifty = Image("docker", {"architecture": "amd64", "os": "linux"}, layers50, CREATED,
                  author=AUTHOR, run_config={"Env": [PATH_ENV], "Cmd": ["/bin/true"]})
    run_parallel(lambda b: client.push_blob("fixtures/fifty-layers", b), fifty.blobs())
    client.push_image("fixtures/fifty-layers", fifty, ["latest"])
    fx["fiftyLayers"] = fixture_record("open", "fixtures/fifty-layers", ["latest"], "image",
                                       fifty.manifest, [fifty], host)

    # zstd and uncompressed layers (the latter's digest equals its diff_id).
    zimg = Image("oci", {"architecture": "amd64", "os": "linux"},
                 [base_layer("zstd", "oci", "gzip"),
                  text_file_layer("opt/zstd/data.txt", "zstd compressed layer\n", "oci", "zstd",
                                  repeat=200)],
                 CREATED, author=AUTHOR, run_config={"Env": [PATH_ENV]})
    client.push_image("fixtures/zstd-layer", zimg, ["latest"])
    fx["zstdLayer"] = fixture_record("open", "fixtures/zstd-layer", ["latest"], "image",
                                     zimg.manifest, [zimg], host)
    pimg = Image("oci", {"architecture": "amd64", "os": "linux"},
                 [text_file_layer("opt/plain/data.txt", "uncompressed layer\n", "oci", "none",
                                  repeat=50)],
                 CREATED, author=AUTHOR, run_config={"Env": [PATH_ENV]})
    client.push_image("fixtures/uncompressed-layer", pimg, ["latest"])
    fx["uncompressedLayer"] = fixture_record("open", "fixtures/uncompressed-layer", ["latest"],
                                             "image", pimg.manifest, [pimg], host)

    # Nested four levels deep.
    nested = small_image("nested")
    nested_repo = "fixtures/deep/nested/path/app"
    client.push_image(nested_repo, nested, ["latest"])
    fx["nested"] = fixture_record("open", nested_repo, ["latest"], "image", nested.manifest,
                                  [nested], host)

    # Pairs to compare: a newer version, a recompressed mirror, an unrelated image, and two
    # indexes with different platforms.
    fx.update(seed_compare(client, host))

    # 310 tags over 100 images sharing one layer, pushed in a shuffled order.
    repo = "fixtures/many-tags"
    shared = base_layer("many-tags")
    variants = [Image("docker", {"architecture": "amd64", "os": "linux"}, [shared],
                      f"2024-01-01T00:{i // 60:02d}:{i % 60:02d}Z", author=AUTHOR,
                      run_config={"Env": [PATH_ENV], "Labels": {"build": str(i)}})
                for i in range(100)]
    client.push_blob(repo, shared)
    run_parallel(lambda img: client.push_blob(repo, img.config), variants)
    tag_names = many_tag_names(310, "many-tags")
    tag_digest = {t: variants[(j * 7) % 100] for j, t in enumerate(tag_names)}
    order = list(tag_names)
    random.Random(20240301).shuffle(order)
    for tag in order:
        client.put_manifest(repo, tag, tag_digest[tag].manifest)
    fx["manyTags"] = {
        "registry": "open", "kind": "tagSet", "repository": repo, "tags": order,
        "tagCount": len(order), "distinctDigests": len(variants),
        "tagDigests": {t: tag_digest[t].manifest.digest for t in tag_names},
        "mediaType": MT_DOCKER_MANIFEST,
        "images": [v.record() for v in variants],
    }

    # 260 more repositories with one tiny image each, blobs mounted from the first.
    filler = small_image("catalog")
    names = [f"catalog/repo-{n:03d}" for n in range(260)]
    client.push_image(names[0], filler, ["latest"])
    run_parallel(lambda name: client.push_image(name, filler, ["latest"]), names[1:])
    fx["catalogFiller"] = fixture_record("open", names[0], ["latest"], "repositorySet",
                                         filler.manifest, [filler], None, repositories=names)

    repositories = sorted({f["repository"] for f in fx.values() if f["kind"] != "repositorySet"}
                          | set(names))
    catalog = {"registry": "open", "count": len(repositories), "pageSize": 100,
               "pages": -(-len(repositories) // 100), "repositories": repositories}
    return fx, catalog


# What a compare of two fixtures must show, worked out from the images the pusher built. The
# rules are the ones core/values/imagediff.h documents: layers aligned on diff_id, then on the
# compressed digest in the stretches left; run-config differences field by field.

def platform_text(platform):
    return "/".join([platform["os"], platform["architecture"]] +
                    ([platform["variant"]] if "variant" in platform else []))


def layer_sides(image):
    """Each layer with the build step that made it (the history steps that are not empty, in
    order, one per layer)."""
    steps = [h.get("created_by", "") for h in image.history if not h.get("empty_layer")]
    return [{"index": i, "digest": l.digest, "size": l.size, "diffId": l.diff_id,
             "createdBy": steps[i] if i < len(steps) else ""}
            for i, l in enumerate(image.layers)]


def common_layers(a, b, key):
    """Index pairs of a longest common subsequence of a and b on `key`, pairing equal layers
    as soon as the walk up from the base meets them, giving up A's layer first otherwise."""
    n, m = len(a), len(b)
    longest = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            longest[i][j] = (longest[i + 1][j + 1] + 1 if a[i][key] == b[j][key]
                             else max(longest[i + 1][j], longest[i][j + 1]))
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i][key] == b[j][key]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def align_layers(a, b):
    rows = []

    def row(change, x, y):
        rows.append({"change": change, "a": x, "b": y})

    def stretch(sa, sb):
        ai = bi = 0
        for i, j in common_layers(sa, sb, "digest"):
            for x in sa[ai:i]:
                row("onlyA", x, None)
            for y in sb[bi:j]:
                row("onlyB", None, y)
            row("same", sa[i], sb[j])
            ai, bi = i + 1, j + 1
        for x in sa[ai:]:
            row("onlyA", x, None)
        for y in sb[bi:]:
            row("onlyB", None, y)

    ai = bi = 0
    for i, j in common_layers(a, b, "diffId"):
        stretch(a[ai:i], b[bi:j])
        row("same" if a[i]["digest"] == b[j]["digest"] else "recompressed", a[i], b[j])
        ai, bi = i + 1, j + 1
    stretch(a[ai:], b[bi:])
    return rows


def layer_summary(rows):
    count = {c: sum(1 for r in rows if r["change"] == c)
             for c in ("same", "recompressed", "onlyA", "onlyB")}
    size_a = sum(r["a"]["size"] for r in rows if r["a"])
    size_b = sum(r["b"]["size"] for r in rows if r["b"])
    return {"shared": count["same"], "recompressed": count["recompressed"],
            "onlyA": count["onlyA"], "onlyB": count["onlyB"],
            "sharedBytes": sum(r["b"]["size"] for r in rows if r["change"] == "same"),
            "sizeA": size_a, "sizeB": size_b, "sizeDelta": size_b - size_a}


def config_differences(a, b):
    """The run-config and platform differences of two config documents, in diffConfigs()'s
    order and notation: a value set on one side only is None there."""
    out = []
    ra, rb = a.get("config") or {}, b.get("config") or {}

    def differ(field, key, va, vb):
        if va != vb:
            out.append({"field": field, "key": key, "a": va, "b": vb})

    def env(run):
        values = {}
        for entry in run.get("Env") or []:
            name, _, value = entry.partition("=")
            values.setdefault(name, value)
        return values

    ea, eb = env(ra), env(rb)
    for name in ea:
        differ("env", name, ea[name], eb.get(name))
    for name in eb:
        if name not in ea:
            differ("env", name, None, eb[name])
    la, lb = ra.get("Labels") or {}, rb.get("Labels") or {}
    for key in sorted(set(la) | set(lb)):
        differ("labels", key, la.get(key), lb.get(key))
    for field, name in (("entrypoint", "Entrypoint"), ("cmd", "Cmd")):
        differ(field, "", canonical(ra[name]).decode() if ra.get(name) else None,
               canonical(rb[name]).decode() if rb.get(name) else None)
    for field, name in (("workingDir", "WorkingDir"), ("user", "User")):
        differ(field, "", ra.get(name) or None, rb.get(name) or None)
    for field, name in (("exposedPorts", "ExposedPorts"), ("volumes", "Volumes")):
        ka, kb = ra.get(name) or {}, rb.get(name) or {}
        for key in sorted(set(ka) | set(kb)):
            differ(field, key, "" if key in ka else None, "" if key in kb else None)
    for field in ("os", "architecture", "variant"):
        differ(field, "", a.get(field) or None, b.get(field) or None)
    return out


def image_comparison(a, b):
    rows = align_layers(layer_sides(a), layer_sides(b))
    return {"identical": a.config.digest == b.config.digest,
            "configDigestA": a.config.digest, "configDigestB": b.config.digest,
            "manifestDigestA": a.manifest.digest, "manifestDigestB": b.manifest.digest,
            "layers": rows, "summary": layer_summary(rows),
            "config": config_differences(a.config_json, b.config_json)}


def comparison_record(fixture_a, images_a, fixture_b, images_b):
    """The compare of fixture A (the left reference) with fixture B: which platforms each
    side has, and for each platform of both, the images compared."""
    by_a = {platform_text(i.platform): i for i in images_a}
    by_b = {platform_text(i.platform): i for i in images_b}
    both = [p for p in by_a if p in by_b]
    return {"referenceA": fixture_a["reference"], "referenceB": fixture_b["reference"],
            "platforms": {"both": both, "onlyA": [p for p in by_a if p not in by_b],
                          "onlyB": [p for p in by_b if p not in by_a]},
            "images": {p: image_comparison(by_a[p], by_b[p]) for p in both}}


def require(condition, what):
    """The compare fixtures must keep meaning what their records say they are for."""
    if not condition:
        raise ValueError(f"compare fixture: {what}")


def seed_compare(client, host):
    """Fixtures for comparing two references, with the expected compare of each pair recorded
    under the left fixture's `comparisons`."""
    fx = {}
    app14 = compare_app_image("1.4")
    app15 = compare_app_image("1.5")
    mirror = compare_app_image("1.4", level=MIRROR_GZIP_LEVEL)
    other = compare_other_image()
    client.push_image("fixtures/compare-app", app14, ["1.4"])
    client.push_image("fixtures/compare-app", app15, ["1.5"])
    client.push_image("fixtures/compare-mirror", mirror, ["1.4"])
    client.push_image("fixtures/compare-other", other, ["1.0"])

    multi_a = [({"architecture": "amd64", "os": "linux"}, 101),
               ({"architecture": "arm64", "os": "linux", "variant": "v8"}, 101),
               ({"architecture": "s390x", "os": "linux"}, 101)]
    multi_b = [({"architecture": "amd64", "os": "linux"}, 102),
               ({"architecture": "arm64", "os": "linux", "variant": "v8"}, 101),
               ({"architecture": "ppc64le", "os": "linux"}, 102)]
    images_a = [compare_multi_image(p, build) for p, build in multi_a]
    images_b = [compare_multi_image(p, build) for p, build in multi_b]
    index_a = Index("oci", [(i, i.platform, None) for i in images_a])
    index_b = Index("oci", [(i, i.platform, None) for i in images_b])
    client.push_index("fixtures/compare-multi", index_a, ["multi-a"])
    client.push_index("fixtures/compare-multi", index_b, ["multi-b"])

    fx["compareApp"] = fixture_record("open", "fixtures/compare-app", ["1.4"], "image",
                                      app14.manifest, [app14], host)
    fx["compareAppNext"] = fixture_record("open", "fixtures/compare-app", ["1.5"], "image",
                                          app15.manifest, [app15], host)
    fx["compareMirror"] = fixture_record("open", "fixtures/compare-mirror", ["1.4"], "image",
                                         mirror.manifest, [mirror], host,
                                         recompressedFrom="compareApp",
                                         gzipLevel=MIRROR_GZIP_LEVEL)
    fx["compareUnrelated"] = fixture_record("open", "fixtures/compare-other", ["1.0"], "image",
                                            other.manifest, [other], host)
    fx["compareMultiA"] = fixture_record("open", "fixtures/compare-multi", ["multi-a"], "index",
                                         index_a.manifest, images_a, host,
                                         manifests=index_a.document["manifests"],
                                         attestations=[])
    fx["compareMultiB"] = fixture_record("open", "fixtures/compare-multi", ["multi-b"], "index",
                                         index_b.manifest, images_b, host,
                                         manifests=index_b.document["manifests"],
                                         attestations=[])

    def compare(a, images_a, b, images_b):
        record = comparison_record(fx[a], images_a, fx[b], images_b)
        fx[a].setdefault("comparisons", {})[b] = record
        return record

    amd64 = "linux/amd64"
    c = compare("compareApp", [app14], "compareAppNext", [app15])["images"][amd64]
    require([c["summary"][k] for k in ("shared", "recompressed", "onlyA", "onlyB")] ==
            [3, 0, 0, 2] and not c["identical"], "1.5 is 1.4 plus two layers")
    require({d["field"] for d in c["config"]} == {"env", "labels", "cmd", "exposedPorts"},
            "1.4 and 1.5 differ in env, labels, cmd and exposed ports only")
    c = compare("compareApp", [app14], "compareMirror", [mirror])["images"][amd64]
    require([c["summary"][k] for k in ("shared", "recompressed", "onlyA", "onlyB")] ==
            [0, 3, 0, 0] and c["identical"] and not c["config"] and
            c["manifestDigestA"] != c["manifestDigestB"], "the mirror is 1.4 recompressed")
    for upstream, copy in zip(app14.layers, mirror.layers):
        # Past gzip's 10-byte header: the deflate streams themselves differ.
        require(upstream.data[10:] != copy.data[10:], f"{upstream.diff_id} recompressed")
    c = compare("compareMirror", [mirror], "compareAppNext", [app15])["images"][amd64]
    require([c["summary"][k] for k in ("shared", "recompressed", "onlyA", "onlyB")] ==
            [0, 3, 0, 2], "1.5 against the mirror: three recompressed, two added")
    c = compare("compareApp", [app14], "compareUnrelated", [other])["images"][amd64]
    require([c["summary"][k] for k in ("shared", "recompressed", "onlyA", "onlyB")] ==
            [0, 0, 3, 2], "compare-other shares nothing with compare-app")
    multi = compare("compareMultiA", images_a, "compareMultiB", images_b)
    require(multi["platforms"] == {"both": [amd64, "linux/arm64/v8"], "onlyA": ["linux/s390x"],
                                   "onlyB": ["linux/ppc64le"]}, "multi platform sets")
    c = multi["images"][amd64]
    require([c["summary"][k] for k in ("shared", "recompressed", "onlyA", "onlyB")] ==
            [2, 0, 1, 1], "multi-a and multi-b differ in amd64's last layer")
    require(multi["images"]["linux/arm64/v8"]["identical"], "one arm64 image in both indexes")
    return fx


def seed_small(client, registry, host, plan):
    """plan: [(fixture id, repository, tags, fmt)] — one small image each."""
    fx = {}
    for key, repo, tags, fmt in plan:
        img = small_image(f"{registry}-{key}", fmt, labels={"layerscope.registry": registry})
        client.push_image(repo, img, tags)
        fx[key] = fixture_record(registry, repo, tags, "image", img.manifest, [img], host)
    return fx


SMALL_PLANS = {
    "htpasswd": [("htpasswdImage", "private/basic-app", ["1.0", "latest"], "docker"),
                 ("htpasswdOciImage", "team/tool", ["latest"], "oci")],
    "token": [("tokenPublicImage", "public/hello", ["latest"], "docker"),
              ("tokenPrivateImage", "private/secret", ["latest"], "oci")],
    "tls": [("tlsImage", "secure/hello", ["latest"], "docker")],
}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed", help="push one plan's fixtures to a registry")
    s.add_argument("--url", required=True)
    s.add_argument("--plan", required=True, choices=["open"] + sorted(SMALL_PLANS))
    s.add_argument("--user")
    s.add_argument("--password-file")
    s.add_argument("--cafile")
    s.add_argument("--out", required=True)
    args = p.parse_args()
    password = None
    if args.password_file:
        with open(args.password_file, encoding="utf-8") as f:
            password = f.read().strip()
    client = RegistryClient(args.url, args.user, password, args.cafile)
    host = urllib.parse.urlsplit(args.url).netloc
    if args.plan == "open":
        fixtures, catalog = seed_open(client, host)
        out = {"fixtures": fixtures, "catalog": catalog}
    else:
        out = {"fixtures": seed_small(client, args.plan, host, SMALL_PLANS[args.plan])}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    print(f"pushed {len(out['fixtures'])} fixtures with {client.requests} requests")


if __name__ == "__main__":
    sys.exit(main())
