#!/usr/bin/python3
"""DELIBERATELY MISBEHAVING TEST SERVERS. These are test doubles, not registries.

They serve what Debian's docker-registry 2.8.2 cannot be made to do: paginated tag lists,
next links to other hosts, and faults on purpose (wrong digests, oversized documents, redirect
and 401 loops, rate limits, resets, stalls, truncation). Each one answers only the routes listed
here; the manifests, configs and blobs they serve are otherwise valid, built by pusher.py, so a
client fails for exactly one reason per scenario. One process, several ports:

paging            http://127.0.0.1:P   (no auth)
  GET /v2/                       200 {}
  GET /v2/_catalog?n=&last=      repositories in lexical order, n defaults to 100; while more
                                 remain: Link: </v2/_catalog?n=N&last=X>; rel="next" (relative)
  GET /v2/paged/many/tags/list?n=&last=
                                 260 tags v000…v259, same paging and relative Link
  GET /v2/paged/offhost/tags/list
                                 first page as above, but the next Link is absolute and names
                                 the `elsewhere` host (127.0.0.2): a client must not follow it
  GET /v2/paged/offhost-relative/tags/list
                                 the same with a scheme-relative link (//127.0.0.2:P/…)
pagingOffhost     http://127.0.0.1:P   (no auth)
  GET /v2/_catalog               150 repositories; the first page's next Link is absolute and
                                 names the elsewhere host
misbehaving       http://127.0.0.1:P   one repository per scenario; GET and HEAD of
                  /v2/<repo>/manifests/<ref>, /v2/<repo>/blobs/<digest>, /v2/<repo>/tags/list
  wrong-digest/app        manifests carry a Docker-Content-Digest that is not their digest
  body-mismatch/app       by tag: correct; by digest: the bytes of another manifest, with the
                          requested digest in Docker-Content-Digest; the config blob is served
                          with one byte changed
  huge-manifest/app       a valid 5 MiB (5242880-byte) OCI manifest, honest Content-Length
  redirect-loop/app       every request: 302 to the same path with ?loop=1, which 302s back
  blob-redirect/app       BASIC AUTH REQUIRED; blob GETs answer 307 to
                          http://127.0.0.2:P/blobs/<digest> (the elsewhere server), which serves
                          the blob and records whether an Authorization header arrived
  unauthorized-loop/app   always 401 Bearer realm=".../token-always" (which always grants)
  rate-limited/app        each distinct path answers 429 with Retry-After: 1 to its first N
                          requests (N in harness.json), then serves normally; any tag name
                          serves the manifest, so a test can pick a fresh path of its own
  rate-limited-date/app   the same with an HTTP-date Retry-After (now + 2 s)
  connection-reset/app    tag `reset`: the manifest is reset (TCP RST) mid-body; the layer
                          blob is reset mid-body; tag `latest` and the config are fine
  stalled/app             tag `latest`: headers, then no byte for the stall time (60 s), then
                          close; tag `ok` serves the manifest; the layer blob stalls too
  truncated-layer/app     the layer blob is served cut to half its length (Content-Length of
                          the cut body; Docker-Content-Digest of the full blob)
  GET /token-always       grants any scope: {"token": …} (for unauthorized-loop, insecureRealm)
elsewhere         http://127.0.0.2:P   the "other host"
  GET /blobs/<digest>     the blob; GET /v2/… answers as if pagination had been followed
insecureRealm     https://127.0.0.1:P  (self-signed certificate)
  every /v2/ route: 401 Bearer realm="http://127.0.0.1:P/token-always" (plain-HTTP realm);
  with any bearer token the repository insecure-realm/app is served normally

On every server: GET /_log → {"requests": [{method, path, host, authorization: "none" |
"basic" | "bearer" | "other"}]} (header values are never recorded) and POST /_reset clears the
log and the rate-limit counters.

Usage: testservers.py --config FILE --ready-file FILE   (FILE: see harness.py)
"""

import argparse
import base64
import email.utils
import hashlib
import hmac
import json
import os
import secrets
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pusher  # noqa: E402
from common import write_json_atomic  # noqa: E402

HUGE_MANIFEST_SIZE = 5 * 1024 * 1024
API_HEADERS = {"Docker-Distribution-API-Version": "registry/2.0"}


class Site:
    """One listening server: its request log, and the routes it answers."""

    def __init__(self, name):
        self.name = name
        self.lock = threading.Lock()
        self.log = []
        self.counters = {}
        self.url = None

    def record(self, h):
        auth = h.headers.get("Authorization")
        kind = "none" if not auth else auth.split(" ", 1)[0].lower()
        if kind not in ("none", "basic", "bearer"):
            kind = "other"
        with self.lock:
            self.log.append({"method": h.command, "path": h.path,
                             "host": h.headers.get("Host", ""), "authorization": kind})
            del self.log[:-2000]

    def bump(self, key):
        with self.lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]

    def handle(self, h):
        path = urllib.parse.urlsplit(h.path).path
        if path == "/_log" and h.command == "GET":
            with self.lock:
                return h.send_json(200, {"server": self.name, "requests": list(self.log)})
        if path == "/_reset" and h.command == "POST":
            with self.lock:
                self.log.clear()
                self.counters.clear()
            return h.send_json(200, {"reset": True})
        self.record(h)
        return self.route(h, path, urllib.parse.parse_qs(urllib.parse.urlsplit(h.path).query))

    def route(self, h, path, query):
        h.send_error_json(404, "NOT_FOUND", "no such route on this test server")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "layerscope-misbehaving-test-server"
    timeout = 120

    def log_request(self, code="-", size="-"):
        sys.stderr.write(f"{self.server.site.name}: {self.command} {self.path} -> {code}\n")

    def log_message(self, fmt, *args):
        sys.stderr.write(f"{self.server.site.name}: {fmt % args}\n")

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(30)
            self.request.do_handshake()
        super().setup()

    def dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= 1 << 20:
            self.rfile.read(length)
        elif length:
            self.close_connection = True  # an unread body would poison the next request
        self.server.site.handle(self)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = dispatch

    def send(self, status, body=b"", content_type="application/json", headers=None,
             length=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in {**API_HEADERS, **(headers or {})}.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def send_json(self, status, value, headers=None):
        self.send(status, json.dumps(value).encode(), headers=headers)

    def send_error_json(self, status, code, message, headers=None):
        self.send_json(status, {"errors": [{"code": code, "message": message}]}, headers)

    def reset_midway(self, body, content_type):
        """Headers and half the body, then a TCP reset (SO_LINGER 0 + close)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        self.close_connection = True

    def stall(self, body, content_type, seconds):
        """Headers promising `body`, then silence, then close."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        if self.command != "HEAD":
            time.sleep(seconds)
        self.close_connection = True


class ThreadedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        kind, value = sys.exc_info()[:2]
        sys.stderr.write(f"{self.site.name}: connection from {client_address[0]} ended: "
                         f"{kind.__name__}: {value}\n")


class BadPageSize(ValueError):
    pass


def page(items, query, default_n=100):
    try:
        n = int((query.get("n") or [str(default_n)])[0])
    except ValueError:
        raise BadPageSize()
    last = (query.get("last") or [None])[0]
    rest = [i for i in items if last is None or i > last]
    chunk = rest[:max(n, 0)]
    more = len(rest) > len(chunk) and chunk
    return chunk, n, (chunk[-1] if more else None)


class PagingSite(Site):
    def __init__(self, name, catalog, tag_repos, offhost_catalog=False):
        super().__init__(name)
        self.catalog = sorted(catalog)
        self.tag_repos = tag_repos  # repo -> (tags, link style: relative|absolute|scheme-relative)
        self.offhost_catalog = offhost_catalog
        self.elsewhere = None

    def link(self, style, path, n, last):
        query = urllib.parse.urlencode({"n": n, "last": last})
        if style == "relative":
            target = f"{path}?{query}"
        elif style == "absolute":
            target = f"{self.elsewhere}{path}?{query}"
        else:
            target = f"//{self.elsewhere.split('//', 1)[1]}{path}?{query}"
        return {"Link": f'<{target}>; rel="next"'}

    def route(self, h, path, query):
        try:
            return self.route_pages(h, path, query)
        except BadPageSize:
            return h.send_error_json(400, "PAGINATION_NUMBER_INVALID",
                                     "invalid number of results requested")

    def route_pages(self, h, path, query):
        if path == "/v2/":
            return h.send_json(200, {})
        if path == "/v2/_catalog":
            chunk, n, last = page(self.catalog, query)
            style = "absolute" if self.offhost_catalog else "relative"
            headers = self.link(style, path, n, last) if last else None
            return h.send_json(200, {"repositories": chunk}, headers)
        if path.startswith("/v2/") and path.endswith("/tags/list"):
            repo = path[4:-len("/tags/list")]
            if repo in self.tag_repos:
                tags, style = self.tag_repos[repo]
                chunk, n, last = page(tags, query)
                headers = self.link(style, path, n, last) if last else None
                return h.send_json(200, {"name": repo, "tags": chunk}, headers)
            return h.send_error_json(404, "NAME_UNKNOWN", "repository name not known to registry")
        return super().route(h, path, query)


class Content:
    """Manifests and blobs one scenario repository serves."""

    def __init__(self, image, tags=("latest",)):
        self.image = image
        self.tags = list(tags)
        self.manifest = image.manifest
        self.blobs = {b.digest: b for b in image.blobs()}


class MisbehavingSite(Site):
    def __init__(self, name, credentials, rate_limit_first, stall_seconds):
        super().__init__(name)
        self.credentials = credentials
        self.rate_limit_first = rate_limit_first
        self.stall_seconds = stall_seconds
        self.small = pusher.small_image("misbehaving")
        self.other = pusher.small_image("misbehaving-other")
        self.big = pusher.Image("docker", {"architecture": "amd64", "os": "linux"},
                                [big_layer()], pusher.CREATED, author=pusher.AUTHOR,
                                run_config={"Env": [pusher.PATH_ENV], "Cmd": ["/bin/sh"]})
        self.huge = huge_manifest()
        self.repos = {
            "wrong-digest/app": Content(self.small),
            "body-mismatch/app": Content(self.small),
            "huge-manifest/app": Content(self.huge),
            "redirect-loop/app": Content(self.small),
            "blob-redirect/app": Content(self.small),
            "unauthorized-loop/app": Content(self.small),
            "rate-limited/app": Content(self.small),
            "rate-limited-date/app": Content(self.small),
            "connection-reset/app": Content(self.big, ["latest", "reset"]),
            "stalled/app": Content(self.big, ["latest", "ok"]),
            "truncated-layer/app": Content(self.big),
        }
        self.wrong_digest = "sha256:" + hashlib.sha256(b"not the manifest").hexdigest()
        self.elsewhere = None
        self.token_url = None

    def authorized_basic(self, h):
        header = h.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return False
        try:
            user, _, pw = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return user == self.credentials["username"] and \
            hmac.compare_digest(pw, self.credentials["password"])

    def route(self, h, path, query):
        if path == "/v2/":
            return h.send_json(200, {})
        if path == "/token-always":
            token = secrets.token_urlsafe(16)
            return h.send_json(200, {"token": token, "access_token": token, "expires_in": 300})
        if path == "/v2/_catalog":
            return h.send_json(200, {"repositories": sorted(self.repos)})
        for repo, content in self.repos.items():
            prefix = f"/v2/{repo}/"
            if path.startswith(prefix):
                return self.serve(h, repo, content, path[len(prefix):], query)
        return h.send_error_json(404, "NAME_UNKNOWN", "repository name not known to registry")

    def serve(self, h, repo, content, rest, query):
        scenario = repo.split("/")[0]
        if scenario == "blob-redirect" and not self.authorized_basic(h):
            return h.send_error_json(401, "UNAUTHORIZED", "authentication required",
                                     {"WWW-Authenticate": 'Basic realm="misbehaving"'})
        if scenario == "unauthorized-loop":
            challenge = (f'Bearer realm="{self.token_url}",service="misbehaving",'
                         f'scope="repository:{repo}:pull"')
            return h.send_error_json(401, "UNAUTHORIZED", "authentication required",
                                     {"WWW-Authenticate": challenge})
        if scenario == "redirect-loop":
            target = f"/v2/{repo}/{rest}" + ("" if query.get("loop") else "?loop=1")
            return h.send(302, b"", None, {"Location": target})
        if scenario.startswith("rate-limited"):
            count = self.bump(f"/v2/{repo}/{rest}")
            if count <= self.rate_limit_first:
                retry = "1" if scenario == "rate-limited" else \
                    email.utils.formatdate(time.time() + 2, usegmt=True)
                return h.send_error_json(429, "TOOMANYREQUESTS", "rate limit exceeded", {
                    "Retry-After": retry, "RateLimit-Limit": "100;w=21600",
                    "RateLimit-Remaining": "0;w=21600"})
        if rest == "tags/list":
            return h.send_json(200, {"name": repo, "tags": content.tags})
        if rest.startswith("manifests/"):
            return self.serve_manifest(h, scenario, content, rest[len("manifests/"):])
        if rest.startswith("blobs/"):
            return self.serve_blob(h, repo, scenario, content, rest[len("blobs/"):])
        return h.send_error_json(404, "NOT_FOUND", "no such route on this test server")

    def serve_manifest(self, h, scenario, content, ref):
        m = content.manifest
        any_tag = scenario.startswith("rate-limited") and not ref.startswith("sha256:")
        if ref not in content.tags and ref != m.digest and not any_tag:
            return h.send_error_json(404, "MANIFEST_UNKNOWN", "manifest unknown")
        body, digest = m.data, m.digest
        if scenario == "wrong-digest":
            digest = self.wrong_digest
        elif scenario == "body-mismatch" and ref == m.digest:
            body = self.other.manifest.data
        elif scenario == "connection-reset" and ref == "reset":
            return h.reset_midway(body, m.media_type)
        elif scenario == "stalled" and ref == "latest":
            return h.stall(body, m.media_type, self.stall_seconds)
        h.send(200, body, m.media_type, {"Docker-Content-Digest": digest})

    def serve_blob(self, h, repo, scenario, content, digest):
        blob = content.blobs.get(digest)
        if blob is None:
            return h.send_error_json(404, "BLOB_UNKNOWN", "blob unknown to registry")
        is_layer = blob.media_type != content.image.config.media_type
        headers = {"Docker-Content-Digest": blob.digest}
        body = blob.data
        if scenario == "blob-redirect" and h.command == "GET":
            location = f"{self.elsewhere}/blobs/{digest}?" + urllib.parse.urlencode({"repo": repo})
            return h.send(307, b"", None, {"Location": location})
        if scenario == "body-mismatch" and not is_layer:
            body = body[:-1] + (b" " if body[-1:] != b" " else b"\n")
        elif scenario == "connection-reset" and is_layer:
            return h.reset_midway(body, "application/octet-stream")
        elif scenario == "stalled" and is_layer:
            return h.stall(body, "application/octet-stream", self.stall_seconds)
        elif scenario == "truncated-layer" and is_layer:
            body = body[:len(body) // 2]
        h.send(200, body, "application/octet-stream", headers)


class ElsewhereSite(Site):
    def __init__(self, name, blobs):
        super().__init__(name)
        self.blobs = blobs

    def route(self, h, path, query):
        if path.startswith("/blobs/"):
            blob = self.blobs.get(path[len("/blobs/"):])
            if blob is None:
                return h.send_error_json(404, "BLOB_UNKNOWN", "blob unknown")
            return h.send(200, blob.data, "application/octet-stream",
                          {"Docker-Content-Digest": blob.digest})
        if path == "/v2/_catalog":
            return h.send_json(200, {"repositories": ["followed/off-host-link"]})
        if path.startswith("/v2/") and path.endswith("/tags/list"):
            return h.send_json(200, {"name": path[4:-10], "tags": ["followed-off-host-link"]})
        return super().route(h, path, query)


class InsecureRealmSite(Site):
    def __init__(self, name, content):
        super().__init__(name)
        self.content = content
        self.token_url = None

    def route(self, h, path, query):
        auth = h.headers.get("Authorization", "")
        repo = "insecure-realm/app"
        if not auth.lower().startswith("bearer "):
            scope = f',scope="repository:{repo}:pull"' if path != "/v2/" else ""
            return h.send_error_json(401, "UNAUTHORIZED", "authentication required", {
                "WWW-Authenticate": f'Bearer realm="{self.token_url}",service="insecure-realm"'
                                    + scope})
        if path == "/v2/":
            return h.send_json(200, {})
        m = self.content.manifest
        if path in (f"/v2/{repo}/manifests/latest", f"/v2/{repo}/manifests/{m.digest}"):
            return h.send(200, m.data, m.media_type, {"Docker-Content-Digest": m.digest})
        prefix = f"/v2/{repo}/blobs/"
        if path.startswith(prefix) and path[len(prefix):] in self.content.blobs:
            blob = self.content.blobs[path[len(prefix):]]
            return h.send(200, blob.data, "application/octet-stream",
                          {"Docker-Content-Digest": blob.digest})
        return h.send_error_json(404, "NOT_FOUND", "unknown")


def big_layer():
    """A 256 KiB layer of incompressible bytes, so that halves and resets fall mid-stream."""
    chunks, seed = [], b"layerscope"
    while sum(len(c) for c in chunks) < 256 * 1024:
        seed = hashlib.sha256(seed).digest()
        chunks.append(seed)
    return pusher.make_layer([("opt/", None), ("opt/big.bin", b"".join(chunks))])


def huge_manifest():
    """A small OCI image whose manifest is padded (in an annotation) to exactly
    HUGE_MANIFEST_SIZE bytes; its config and layer are real."""
    oci = pusher.small_image("huge", "oci")
    doc = json.loads(oci.manifest.data)
    doc["annotations"] = {"org.example.padding": ""}
    pad = HUGE_MANIFEST_SIZE - len(pusher.canonical(doc))
    doc["annotations"]["org.example.padding"] = "x" * pad
    oci.manifest = pusher.Blob(pusher.canonical(doc), pusher.MT_OCI_MANIFEST)
    assert oci.manifest.size == HUGE_MANIFEST_SIZE
    return oci


def serve(site, host, ssl_context=None):
    server = ThreadedServer((host, 0), Handler)
    server.site = site
    if ssl_context is not None:
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True,
                                                do_handshake_on_connect=False)
    scheme = "https" if ssl_context else "http"
    site.url = f"{scheme}://{host}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, name=site.name, daemon=True).start()
    return server


def content_facts(content):
    img = content.image
    return {"tags": content.tags, "manifestDigest": content.manifest.digest,
            "manifestMediaType": content.manifest.media_type,
            "manifestSize": content.manifest.size, "configDigest": img.config.digest,
            "configSize": img.config.size, "layers": [l.record() for l in img.layers]}


def describe(paging, offhost, bad, elsewhere, insecure, rate_limit_first, stall_seconds,
             cert_info):
    def scenario(repo, expect, **extra):
        c = bad.repos[repo]
        facts = {"repository": repo, "url": bad.url,
                 "manifestUrl": f"{bad.url}/v2/{repo}/manifests/{c.tags[0]}",
                 "reference": f"{bad.url.split('//')[1]}/{repo}:{c.tags[0]}",
                 **content_facts(c), "expect": expect}
        facts.update(extra)
        return facts

    small = bad.repos["wrong-digest/app"]
    big_layer_record = bad.big.layers[0].record()
    many_tags, _ = paging.tag_repos["paged/many"]
    return {
        "label": "deliberately misbehaving test doubles, not registries",
        "paging": {
            "url": paging.url, "log": paging.url + "/_log", "defaultPageSize": 100,
            "catalog": {"count": len(paging.catalog), "repositories": paging.catalog},
            "tagLists": {
                "many": {"repository": "paged/many", "tagCount": len(many_tags),
                         "tags": many_tags, "link": "relative"},
                "offhost": {"repository": "paged/offhost", "tagCount": len(many_tags),
                            "link": "absolute", "nextHost": elsewhere.url,
                            "expect": "first page only; the client must refuse the next link"},
                "offhostRelative": {"repository": "paged/offhost-relative",
                                    "tagCount": len(many_tags), "link": "scheme-relative",
                                    "nextHost": elsewhere.url,
                                    "expect": "first page only; the client must refuse the "
                                              "next link"},
            },
        },
        "pagingOffhost": {
            "url": offhost.url, "log": offhost.url + "/_log",
            "catalog": {"count": len(offhost.catalog), "link": "absolute",
                        "nextHost": elsewhere.url},
            "expect": "first catalog page only; the client must refuse the next link",
        },
        "elsewhere": {"url": elsewhere.url, "log": elsewhere.url + "/_log",
                      "reset": elsewhere.url + "/_reset"},
        "insecureRealm": {
            "url": insecure.url, "log": insecure.url + "/_log", "repository": "insecure-realm/app",
            "reference": f"{insecure.url.split('//')[1]}/insecure-realm/app:latest",
            "realm": insecure.token_url, "certificate": cert_info,
            **content_facts(Content(insecure.content.image)),
            "expect": "the bearer challenge names a plain-http realm: the client must not "
                      "send credentials there",
        },
        "misbehaving": {
            "url": bad.url, "log": bad.url + "/_log", "reset": bad.url + "/_reset",
            "credentials": dict(bad.credentials),
            "tokenUrl": bad.token_url,
            "scenarios": {
                "wrongDigestHeader": scenario(
                    "wrong-digest/app", "digest mismatch: header disagrees with the body",
                    advertisedDigest=bad.wrong_digest),
                "bodyMismatch": scenario(
                    "body-mismatch/app", "fetching the manifest by digest (or the config blob) "
                    "yields bytes with another digest: the client must reject them",
                    servedDigestWhenFetchedByDigest=bad.other.manifest.digest,
                    digestManifestUrl=f"{bad.url}/v2/body-mismatch/app/manifests/"
                                      f"{small.manifest.digest}"),
                "hugeManifest": scenario(
                    "huge-manifest/app", "the manifest exceeds the 4 MiB cap: refuse it",
                    servedSize=HUGE_MANIFEST_SIZE),
                "redirectLoop": scenario(
                    "redirect-loop/app", "redirects forever between two URLs: give up"),
                "blobRedirect": scenario(
                    "blob-redirect/app", "basic auth required; blobs redirect to another "
                    "host, which must not receive the Authorization header",
                    authRequired="basic", redirectHost=elsewhere.url,
                    elsewhereLog=elsewhere.url + "/_log"),
                "unauthorizedLoop": scenario(
                    "unauthorized-loop/app", "401 even with a token: retry once, then fail",
                    tokenUrl=bad.token_url),
                "rateLimited": scenario(
                    "rate-limited/app", "429 then success: honour Retry-After (seconds)",
                    retryAfter="1", failingRequestsPerPath=rate_limit_first),
                "rateLimitedHttpDate": scenario(
                    "rate-limited-date/app", "429 then success: honour Retry-After (HTTP-date)",
                    retryAfter="HTTP-date, now + 2 s", failingRequestsPerPath=rate_limit_first),
                "connectionReset": scenario(
                    "connection-reset/app", "the manifest for tag `reset` and the layer blob "
                    "are cut by a TCP reset halfway", resetManifestTag="reset",
                    resetAfterBytes={"manifest": bad.big.manifest.size // 2,
                                      "layer": big_layer_record["size"] // 2}),
                "stalled": scenario(
                    "stalled/app", "tag `latest` and the layer blob send headers and then "
                    "nothing: time out", stallSeconds=stall_seconds, workingTag="ok"),
                "truncatedLayer": scenario(
                    "truncated-layer/app", "the layer is served truncated: verification "
                    "must fail (digest and decompression)",
                    truncatedSize=big_layer_record["size"] // 2,
                    fullLayer=big_layer_record),
            },
        },
    }


def main():
    p = argparse.ArgumentParser(description="Deliberately misbehaving test servers.")
    p.add_argument("--config", required=True)
    p.add_argument("--ready-file", required=True)
    args = p.parse_args()
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    rate_limit_first = int(config.get("rateLimitFirst", 2))
    stall_seconds = int(config.get("stallSeconds", 60))

    many = [f"v{n:03d}" for n in range(260)]
    paging = PagingSite("paging", [f"paged/repo-{n:03d}" for n in range(257)] +
                        ["paged/many", "paged/offhost", "paged/offhost-relative"],
                        {"paged/many": (many, "relative"),
                         "paged/offhost": (many, "absolute"),
                         "paged/offhost-relative": (many, "scheme-relative")})
    offhost = PagingSite("pagingOffhost", [f"offhost/repo-{n:03d}" for n in range(150)], {},
                         offhost_catalog=True)
    bad = MisbehavingSite("misbehaving", config["credentials"], rate_limit_first, stall_seconds)
    blobs = {}
    for content in bad.repos.values():
        blobs.update(content.blobs)
    elsewhere = ElsewhereSite("elsewhere", blobs)
    insecure = InsecureRealmSite("insecureRealm",
                                 Content(pusher.small_image("insecure-realm")))

    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(config["tlsCert"], config["tlsKey"])
    servers = [serve(paging, "127.0.0.1"), serve(offhost, "127.0.0.1"),
               serve(bad, "127.0.0.1"), serve(elsewhere, "127.0.0.2"),
               serve(insecure, "127.0.0.1", tls)]
    paging.elsewhere = offhost.elsewhere = bad.elsewhere = elsewhere.url
    bad.token_url = insecure.token_url = bad.url + "/token-always"

    facts = describe(paging, offhost, bad, elsewhere, insecure, rate_limit_first,
                     stall_seconds, config.get("tlsCertInfo"))
    write_json_atomic(args.ready_file, {"pid": os.getpid(), "servers": facts})
    sys.stderr.write("test servers: " + ", ".join(s.site.url for s in servers) + "\n")
    threading.Event().wait()


if __name__ == "__main__":
    main()
