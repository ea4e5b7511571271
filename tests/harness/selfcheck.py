#!/usr/bin/python3
"""Check a running harness against its own contract, with independent tools.

Everything that harness.json promises is looked up again with `skopeo` (inspect, inspect
--raw, inspect --config --raw, list-tags, copy --all to a dir: folder, which verifies every
blob digest on the way) and `curl` (catalog paging, auth challenges, token issuer, test
servers). Layers that skopeo downloaded are decompressed (gzip here, zstd with the zstd
command) to confirm each diff_id.

Usage: selfcheck.py --state DIR [--skip-stall]
Exit status 0 when every check passed; the summary lists each failure.
"""

import argparse
import base64
import concurrent.futures
import email.utils
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

MANIFEST_ACCEPT = ("application/vnd.oci.image.index.v1+json,"
                   "application/vnd.oci.image.manifest.v1+json,"
                   "application/vnd.docker.distribution.manifest.list.v2+json,"
                   "application/vnd.docker.distribution.manifest.v2+json")


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    def expect(self, section, name, ok, detail=""):
        with self.lock:
            self.items.append((section, name, bool(ok), detail))
        return ok

    def equal(self, section, name, got, want):
        return self.expect(section, name, got == want, "" if got == want else difference(got, want))

    def summary(self):
        sections = {}
        for section, _, ok, _ in self.items:
            passed, total = sections.get(section, (0, 0))
            sections[section] = (passed + ok, total + 1)
        lines = ["selfcheck summary:"]
        for section, (passed, total) in sections.items():
            lines.append(f"  {section:<14} {passed:>4}/{total:<4} "
                         f"{'ok' if passed == total else 'FAILED'}")
        failures = [i for i in self.items if not i[2]]
        for section, name, _, detail in failures:
            lines.append(f"  FAIL [{section}] {name}: {detail}")
        total = len(self.items)
        lines.append(f"  {total - len(failures)}/{total} checks passed")
        return "\n".join(lines), not failures


def short(value):
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) < 160 else text[:160] + "…"


def difference(got, want):
    """Where two values part, in a line a person can read."""
    if isinstance(got, dict) and isinstance(want, dict):
        keys = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
        return "; ".join(f"[{k}] got {short(got.get(k))}, want {short(want.get(k))}"
                         for k in keys[:3]) + (f" (+{len(keys) - 3} more)" if len(keys) > 3 else "")
    if isinstance(got, list) and isinstance(want, list):
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                return f"item {i}: got {short(g)}, want {short(w)} (lengths {len(got)}/{len(want)})"
        return f"lengths differ: got {len(got)}, want {len(want)}"
    return f"got {short(got)}, want {short(want)}"


def run(argv, timeout=120, input=None):
    return subprocess.run(argv, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout)


class Curl:
    """curl with headers and body captured separately."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.counter = 0
        self.lock = threading.Lock()

    def __call__(self, url, *args, timeout=30):
        with self.lock:
            self.counter += 1
            n = self.counter
        hfile = os.path.join(self.workdir, f"h{n}")
        bfile = os.path.join(self.workdir, f"b{n}")
        p = run(["curl", "-sS", "-D", hfile, "-o", bfile, "-w", "%{http_code}",
                 "--max-time", str(timeout), *args, url], timeout=timeout + 10)
        headers = {}
        status_lines = []
        if os.path.exists(hfile):
            with open(hfile, encoding="latin-1") as f:
                for line in f:
                    line = line.rstrip("\r\n")
                    if line.startswith("HTTP/"):
                        status_lines.append(line)
                        headers = {}
                    elif ":" in line:
                        k, v = line.split(":", 1)
                        headers.setdefault(k.strip().lower(), []).append(v.strip())
        body = b""
        if os.path.exists(bfile):
            with open(bfile, "rb") as f:
                body = f.read()
        status = int(p.stdout or b"0") if p.stdout.strip().isdigit() else 0
        return Response(p.returncode, status, headers, body, p.stderr.decode(errors="replace"),
                        status_lines)


class Response:
    def __init__(self, rc, status, headers, body, stderr, status_lines):
        self.rc, self.status, self.headers, self.body = rc, status, headers, body
        self.stderr, self.status_lines = stderr, status_lines

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[-1] if values else None

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Checker:
    def __init__(self, contract, workdir, skip_stall):
        self.c = contract
        self.work = workdir
        self.r = Results()
        self.curl = Curl(workdir)
        self.skip_stall = skip_stall

    def registry(self, mode):
        return self.c["registries"][mode]

    def skopeo_auth(self, mode, anonymous=False):
        reg = self.registry(mode)
        args = ["--tls-verify=false"]
        if reg["credentials"] and not anonymous:
            args.append(f"--creds={reg['credentials']['username']}:"
                        f"{reg['credentials']['password']}")
        return args

    def skopeo_inspect(self, mode, ref, *flags, anonymous=False):
        p = run(["skopeo", "inspect", *self.skopeo_auth(mode, anonymous), *flags,
                 f"docker://{self.registry(mode)['hostPort']}/{ref}"])
        return p

    def check_fixture(self, key, fx):
        mode = fx["registry"]
        sec = "fixtures"
        kind = fx["kind"]
        if kind in ("image", "index", "manifestList", "referrersTagIndex"):
            for tag in fx["tags"]:
                p = self.skopeo_inspect(mode, f"{fx['repository']}:{tag}", "--raw")
                if self.r.expect(sec, f"{key}: skopeo inspect --raw :{tag}", p.returncode == 0,
                                 p.stderr.decode()[-300:]):
                    self.r.equal(sec, f"{key}: digest of :{tag}", sha(p.stdout), fx["digest"])
                    self.r.equal(sec, f"{key}: size of :{tag}", len(p.stdout), fx["size"])
                    doc = json.loads(p.stdout)
                    self.r.equal(sec, f"{key}: mediaType of :{tag}", doc.get("mediaType"),
                                 fx["mediaType"])
                    if "manifests" in fx:
                        self.r.equal(sec, f"{key}: index entries", doc["manifests"],
                                     fx["manifests"])
        if kind == "artifact":
            p = self.skopeo_inspect(mode, f"{fx['repository']}@{fx['digest']}", "--raw")
            if self.r.expect(sec, f"{key}: skopeo inspect --raw", p.returncode == 0,
                             p.stderr.decode()[-300:]):
                doc = json.loads(p.stdout)
                self.r.equal(sec, f"{key}: digest", sha(p.stdout), fx["digest"])
                self.r.equal(sec, f"{key}: artifactType", doc.get("artifactType"),
                             fx["artifactType"])
                self.r.equal(sec, f"{key}: subject", doc.get("subject"), fx["subject"])
                self.r.equal(sec, f"{key}: config", doc.get("config"), fx["config"])
                self.r.equal(sec, f"{key}: layers", doc.get("layers"), fx["layers"])
                self.r.equal(sec, f"{key}: annotations", doc.get("annotations"),
                             fx["annotations"])
        if kind == "index":
            for att in fx["attestations"]:
                p = self.skopeo_inspect(mode, f"{fx['repository']}@{att['digest']}", "--raw")
                ok = p.returncode == 0 and sha(p.stdout) == att["digest"]
                self.r.expect(sec, f"{key}: attestation {att['digest'][:19]}", ok,
                              p.stderr.decode()[-300:])
                if ok:
                    doc = json.loads(p.stdout)
                    self.r.equal(sec, f"{key}: attestation layer type",
                                 doc["layers"][0]["mediaType"], "application/vnd.in-toto+json")
        images = fx["images"]
        if kind == "tagSet":
            images = images[:3]
        for img in images:
            self.check_image(key, mode, fx["repository"], img)

    def check_image(self, key, mode, repo, img):
        sec = "fixtures"
        label = f"{key} {img['platform']['architecture']}{img['platform'].get('variant', '')}"
        ref = f"{repo}@{img['manifestDigest']}"
        p = self.skopeo_inspect(mode, ref, "--raw")
        if not self.r.expect(sec, f"{label}: manifest by digest", p.returncode == 0,
                             p.stderr.decode()[-300:]):
            return
        self.r.equal(sec, f"{label}: manifest digest", sha(p.stdout), img["manifestDigest"])
        self.r.equal(sec, f"{label}: manifest size", len(p.stdout), img["manifestSize"])
        m = json.loads(p.stdout)
        self.r.equal(sec, f"{label}: config descriptor",
                     [m["config"]["digest"], m["config"]["size"], m["config"]["mediaType"]],
                     [img["configDigest"], img["configSize"], img["configMediaType"]])
        self.r.equal(sec, f"{label}: layer descriptors",
                     [[l["digest"], l["size"], l["mediaType"]] for l in m["layers"]],
                     [[l["digest"], l["size"], l["mediaType"]] for l in img["layers"]])
        p = self.skopeo_inspect(mode, ref, "--config", "--raw")
        if self.r.expect(sec, f"{label}: config via skopeo", p.returncode == 0,
                         p.stderr.decode()[-300:]):
            self.r.equal(sec, f"{label}: config digest", sha(p.stdout), img["configDigest"])
            cfg = json.loads(p.stdout)
            self.r.equal(sec, f"{label}: diff_ids", cfg["rootfs"]["diff_ids"],
                         [l["diffId"] for l in img["layers"]])
            self.r.equal(sec, f"{label}: history count", len(cfg.get("history", [])),
                         img["historyCount"])
            self.r.equal(sec, f"{label}: created", cfg.get("created"), img["created"])
            platform = {k: cfg[k] for k in ("architecture", "os", "variant") if k in cfg}
            self.r.equal(sec, f"{label}: platform", platform, img["platform"])
            if "config" in img:
                self.r.equal(sec, f"{label}: run config", cfg.get("config"), img["config"])
        p = self.skopeo_inspect(mode, ref, "-n")
        if self.r.expect(sec, f"{label}: skopeo inspect", p.returncode == 0,
                         p.stderr.decode()[-300:]):
            info = json.loads(p.stdout)
            self.r.equal(sec, f"{label}: inspect Digest", info["Digest"], img["manifestDigest"])
            self.r.equal(sec, f"{label}: inspect Layers", info["Layers"],
                         [l["digest"] for l in img["layers"]])
            self.r.equal(sec, f"{label}: inspect Architecture/Os",
                         [info["Architecture"], info["Os"]],
                         [img["platform"]["architecture"], img["platform"]["os"]])

    def check_comparison(self, key_a, key_b, rec):
        """What a recorded compare claims, seen again through skopeo: the platform sets of the
        two references, and per platform of both, each layer row (same blob, same diff_id in
        another blob, or nothing like it on the other side) and whether the configs are one
        document."""
        sec = "compare"
        name = f"{key_a} vs {key_b}"
        fixtures = self.c["fixtures"]
        sides = []
        for key in (key_a, key_b):
            fx = fixtures[key]
            p = self.skopeo_inspect(fx["registry"], f"{fx['repository']}:{fx['tags'][0]}", "--raw")
            if not self.r.expect(sec, f"{name}: skopeo inspect --raw {key}", p.returncode == 0,
                                 p.stderr.decode()[-300:]):
                return
            doc = json.loads(p.stdout)
            if "manifests" in doc:
                entries = {platform_text(m["platform"]): m["digest"] for m in doc["manifests"]}
            else:
                entries = {platform_text(fx["images"][0]["platform"]): sha(p.stdout)}
            sides.append((fx, entries))
        (fx_a, entries_a), (fx_b, entries_b) = sides
        self.r.equal(sec, f"{name}: platforms", rec["platforms"],
                     {"both": [p for p in entries_a if p in entries_b],
                      "onlyA": [p for p in entries_a if p not in entries_b],
                      "onlyB": [p for p in entries_b if p not in entries_a]})
        for platform, want in rec["images"].items():
            label = f"{name} {platform}"
            got = []
            for fx, entries in ((fx_a, entries_a), (fx_b, entries_b)):
                ref = f"{fx['repository']}@{entries.get(platform)}"
                m = self.skopeo_inspect(fx["registry"], ref, "--raw")
                c = self.skopeo_inspect(fx["registry"], ref, "--config", "--raw")
                if not self.r.expect(sec, f"{label}: manifest and config of {ref}",
                                     m.returncode == 0 and c.returncode == 0,
                                     (m.stderr + c.stderr).decode()[-300:]):
                    return
                manifest, config = json.loads(m.stdout), json.loads(c.stdout)
                steps = [h.get("created_by", "") for h in config.get("history", [])
                         if not h.get("empty_layer")]
                layers = [{"index": i, "digest": l["digest"], "size": l["size"],
                           "diffId": config["rootfs"]["diff_ids"][i], "createdBy": steps[i]}
                          for i, l in enumerate(manifest["layers"])]
                got.append((sha(m.stdout), sha(c.stdout), layers))
            (manifest_a, config_a, layers_a), (manifest_b, config_b, layers_b) = got
            self.r.equal(sec, f"{label}: manifest and config digests",
                         [manifest_a, manifest_b, config_a, config_b],
                         [want["manifestDigestA"], want["manifestDigestB"],
                          want["configDigestA"], want["configDigestB"]])
            self.r.equal(sec, f"{label}: identical means one config document",
                         want["identical"], config_a == config_b)
            rows = want["layers"]
            self.r.equal(sec, f"{label}: every layer of A in one row, in order",
                         [r["a"] for r in rows if r["a"]], layers_a)
            self.r.equal(sec, f"{label}: every layer of B in one row, in order",
                         [r["b"] for r in rows if r["b"]], layers_b)
            for n, r in enumerate(rows):
                a, b = r["a"], r["b"]
                if r["change"] == "same":
                    ok = a and b and a["digest"] == b["digest"]
                elif r["change"] == "recompressed":
                    ok = a and b and a["diffId"] == b["diffId"] and a["digest"] != b["digest"]
                elif r["change"] == "onlyA":
                    ok = a and not b and all(a["diffId"] != l["diffId"] and
                                             a["digest"] != l["digest"] for l in layers_b)
                else:
                    ok = b and not a and all(b["diffId"] != l["diffId"] and
                                             b["digest"] != l["digest"] for l in layers_a)
                self.r.expect(sec, f"{label}: row {n} {r['change']}", ok, json.dumps(r)[:300])
            self.r.equal(sec, f"{label}: summary counts",
                         [want["summary"][k] for k in ("shared", "recompressed", "onlyA", "onlyB")],
                         [sum(1 for r in rows if r["change"] == c)
                          for c in ("same", "recompressed", "onlyA", "onlyB")])
            self.r.equal(sec, f"{label}: summary sizes",
                         [want["summary"][k] for k in ("sizeA", "sizeB", "sharedBytes")],
                         [sum(l["size"] for l in layers_a), sum(l["size"] for l in layers_b),
                          sum(r["b"]["size"] for r in rows if r["change"] == "same")])

    def check_blobs(self, key, fx):
        """skopeo copy --all to a dir: (skopeo verifies each blob digest), then decompress
        every layer to confirm its diff_id and check every recorded layer arrived."""
        sec = "blobs"
        mode = fx["registry"]
        target = os.path.join(self.work, f"copy-{key}")
        ref = f"{fx['repository']}:{fx['tags'][0]}" if fx["tags"] else \
            f"{fx['repository']}@{fx['digest']}"
        auth = self.skopeo_auth(mode)
        src_flags = [a.replace("--tls-verify", "--src-tls-verify")
                     .replace("--creds", "--src-creds") for a in auth]
        p = run(["skopeo", "--insecure-policy", "copy", "-q", "--all", *src_flags,
                 f"docker://{self.registry(mode)['hostPort']}/{ref}", f"dir:{target}"])
        if not self.r.expect(sec, f"{key}: skopeo copy --all", p.returncode == 0,
                             p.stderr.decode()[-300:]):
            return
        for img in fx["images"]:
            for layer in img["layers"]:
                path = os.path.join(target, layer["digest"].split(":")[1])
                if not self.r.expect(sec, f"{key}: layer {layer['digest'][:19]} copied",
                                     os.path.exists(path)):
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                self.r.equal(sec, f"{key}: layer {layer['digest'][:19]} digest", sha(data),
                             layer["digest"])
                self.r.equal(sec, f"{key}: layer {layer['digest'][:19]} diff_id",
                             sha(decompress(data, layer["mediaType"])), layer["diffId"])
                if layer["mediaType"].endswith(".tar"):
                    self.r.equal(sec, f"{key}: uncompressed layer digest == diff_id",
                                 layer["digest"], layer["diffId"])

    def check_many_tags(self):
        sec = "tags"
        fx = self.c["fixtures"]["manyTags"]
        reg = self.registry("open")
        p = run(["skopeo", "list-tags", "--tls-verify=false",
                 f"docker://{reg['hostPort']}/{fx['repository']}"])
        if self.r.expect(sec, "skopeo list-tags many-tags", p.returncode == 0,
                         p.stderr.decode()[-300:]):
            tags = json.loads(p.stdout)["Tags"]
            self.r.equal(sec, "many-tags: tag set", sorted(tags), sorted(fx["tagDigests"]))
            self.r.expect(sec, "many-tags: registry order is not sorted (2.8.2)",
                          tags != sorted(tags))
        heads = self.head_digests(reg, [(fx["repository"], t) for t in fx["tagDigests"]])
        got = {ref: digest for (_, ref), digest in heads.items()}
        self.r.equal(sec, f"many-tags: {len(got)} tag digests by HEAD", got, fx["tagDigests"])
        self.r.equal(sec, "many-tags: distinct digests", len(set(got.values())),
                     fx["distinctDigests"])
        for tag in list(fx["tagDigests"])[:3]:
            p = self.skopeo_inspect("open", f"{fx['repository']}:{tag}", "--raw")
            self.r.equal(sec, f"many-tags: skopeo :{tag}", sha(p.stdout), fx["tagDigests"][tag])

    def head_digests(self, reg, pairs):
        """HEAD many manifests with one curl process: {(repository, reference): digest}."""
        config = os.path.join(self.work, f"heads-{time.monotonic_ns()}.curlrc")
        with open(config, "w", encoding="utf-8") as f:
            for repo, ref in pairs:
                f.write(f'url = "{reg["url"]}/v2/{repo}/manifests/{ref}"\n'
                        'output = "/dev/null"\n')
        p = run(["curl", "-s", "-I", "-H", f"Accept: {MANIFEST_ACCEPT}", "-w",
                 "%{url_effective} %{http_code} %header{docker-content-digest}\\n", "-K", config])
        answers = {}
        for line in p.stdout.decode().splitlines():
            url, code, *digest = line.split()
            repo, _, ref = urllib.parse.urlsplit(url).path[len("/v2/"):].rpartition("/manifests/")
            answers[(repo, ref)] = digest[0] if code == "200" and digest else f"HTTP {code}"
        return answers

    def check_catalog(self):
        sec = "catalog"
        reg = self.registry("open")
        cat = self.c["catalog"]
        url, seen, pages, sizes = f"{reg['url']}/v2/_catalog", [], 0, []
        while url and pages < 20:
            resp = self.curl(url)
            body = resp.json() or {}
            sizes.append(len(body.get("repositories", [])))
            seen += body.get("repositories", [])
            pages += 1
            link = resp.header("link")
            if link:
                target = link.split(">")[0].lstrip("<")
                self.r.expect(sec, f"page {pages} Link is relative", target.startswith("/v2/"),
                              link)
                url = urllib.parse.urljoin(url, target)
            else:
                url = None
        self.r.equal(sec, "pages at the default n=100", pages, cat["pages"])
        self.r.equal(sec, "page sizes", sizes[:-1], [cat["pageSize"]] * (pages - 1))
        self.r.equal(sec, "repositories across pages", seen, cat["repositories"])
        self.r.equal(sec, "repository count", len(seen), cat["count"])
        one = self.curl(f"{reg['url']}/v2/_catalog?n=1000").json() or {}
        self.r.equal(sec, "n=1000 in one page", one.get("repositories"), cat["repositories"])
        fx = self.c["fixtures"]["catalogFiller"]
        got = self.head_digests(reg, [(r, "latest") for r in fx["repositories"]])
        self.r.equal(sec, f"{len(got)} filler repositories serve the tiny image",
                     set(got.values()), {fx["digest"]})
        self.r.equal(sec, "filler repositories all answered", len(got), len(fx["repositories"]))

    def check_auth(self):
        sec = "auth"
        regs = self.c["registries"]
        # open
        self.r.equal(sec, "open: anonymous /v2/",
                     self.curl(regs["open"]["url"] + "/v2/").status, 200)
        # htpasswd
        h = regs["htpasswd"]
        creds = f"{h['credentials']['username']}:{h['credentials']['password']}"
        resp = self.curl(h["url"] + "/v2/")
        self.r.equal(sec, "htpasswd: anonymous /v2/ refused", resp.status, 401)
        self.r.equal(sec, "htpasswd: Basic challenge", resp.header("www-authenticate"),
                     f'Basic realm="{h["realm"]}"')
        self.r.equal(sec, "htpasswd: alice accepted",
                     self.curl(h["url"] + "/v2/", "-u", creds).status, 200)
        self.r.equal(sec, "htpasswd: wrong password refused",
                     self.curl(h["url"] + "/v2/", "-u", "alice:wrong").status, 401)
        fx = self.c["fixtures"]["htpasswdImage"]
        p = self.skopeo_inspect("htpasswd", f"{fx['repository']}:latest", "--raw", anonymous=True)
        self.r.expect(sec, "htpasswd: skopeo without --creds fails", p.returncode != 0)
        # token
        t = regs["token"]
        issuer = t["tokenIssuer"]
        resp = self.curl(t["url"] + "/v2/")
        self.r.equal(sec, "token: anonymous /v2/ refused", resp.status, 401)
        self.r.equal(sec, "token: Bearer challenge", resp.header("www-authenticate"),
                     f'Bearer realm="{issuer["realm"]}",service="{issuer["service"]}"')
        pub = self.c["fixtures"]["tokenPublicImage"]
        priv = self.c["fixtures"]["tokenPrivateImage"]
        p = self.skopeo_inspect("token", f"{pub['repository']}:latest", "--raw", anonymous=True)
        self.r.expect(sec, "token: anonymous skopeo pulls public/", p.returncode == 0 and
                      sha(p.stdout) == pub["digest"], p.stderr.decode()[-200:])
        p = self.skopeo_inspect("token", f"{priv['repository']}:latest", "--raw", anonymous=True)
        self.r.expect(sec, "token: anonymous skopeo refused on private/", p.returncode != 0)
        anon = self.token(None, [f"repository:{priv['repository']}:pull"])
        self.r.equal(sec, "token: anonymous token grants nothing on private/",
                     jwt_claims(anon)["access"], [])
        resp = self.curl(f"{t['url']}/v2/{priv['repository']}/manifests/latest",
                         "-H", f"Authorization: Bearer {anon}", "-H", f"Accept: {MANIFEST_ACCEPT}")
        self.r.equal(sec, "token: registry refuses anonymous token on private/", resp.status, 401)
        self.r.expect(sec, "token: insufficient_scope in challenge",
                      'error="insufficient_scope"' in (resp.header("www-authenticate") or ""))
        tc = t["credentials"]
        tok = self.token((tc["username"], tc["password"]),
                         [f"repository:{priv['repository']}:pull", "registry:catalog:*"])
        resp = self.curl(f"{t['url']}/v2/{priv['repository']}/manifests/latest",
                         "-H", f"Authorization: Bearer {tok}", "-H", f"Accept: {MANIFEST_ACCEPT}")
        self.r.equal(sec, "token: alice's token pulls private/",
                     resp.header("docker-content-digest"), priv["digest"])
        resp = self.curl(f"{t['url']}/v2/_catalog", "-H", f"Authorization: Bearer {tok}")
        self.r.equal(sec, "token: alice lists the catalog", sorted((resp.json() or {}).get(
            "repositories", [])), sorted([pub["repository"], priv["repository"]]))
        anon_cat = self.token(None, ["registry:catalog:*"])
        resp = self.curl(f"{t['url']}/v2/_catalog", "-H", f"Authorization: Bearer {anon_cat}")
        self.r.equal(sec, "token: anonymous catalog refused", resp.status, 401)
        # tls
        s = regs["tls"]
        resp = self.curl(s["url"] + "/v2/")
        self.r.expect(sec, "tls: curl without a CA refuses the self-signed certificate",
                      resp.rc == 60, f"curl exit {resp.rc}")
        resp = self.curl(s["url"] + "/v2/", "-v", "--cacert", s["caFile"])
        self.r.equal(sec, "tls: curl --cacert", resp.status, 200)
        cert = s["certificate"]
        seen = [line.strip() for line in resp.stderr.splitlines()
                if line.startswith("*  subject:") or line.startswith("*  issuer:")]
        self.r.expect(sec, "tls: subject CN seen by curl",
                      f"CN={cert['subjectCN']}" in resp.stderr, "; ".join(seen))
        self.r.expect(sec, "tls: subject and issuer seen by curl",
                      f"subject: {curl_dn(cert['subject'])}" in resp.stderr and
                      f"issuer: {curl_dn(cert['issuer'])}" in resp.stderr, "; ".join(seen))
        self.r.equal(sec, "tls: curl --insecure", self.curl(s["url"] + "/v2/", "-k").status, 200)
        fx = self.c["fixtures"]["tlsImage"]
        ref = f"docker://{s['hostPort']}/{fx['repository']}:latest"
        p = run(["skopeo", "inspect", "--raw", ref])
        self.r.expect(sec, "tls: skopeo verifying the certificate fails", p.returncode != 0)
        p = run(["skopeo", "inspect", "--raw", "--cert-dir", cert["certDir"], ref])
        self.r.expect(sec, "tls: skopeo --cert-dir works", p.returncode == 0 and
                      sha(p.stdout) == fx["digest"], p.stderr.decode()[-200:])

    def token(self, creds, scopes, extra=()):
        issuer = self.c["tokenIssuer"]
        query = urllib.parse.urlencode([("service", issuer["service"])] +
                                       [("scope", s) for s in scopes])
        args = ["-u", f"{creds[0]}:{creds[1]}"] if creds else []
        resp = self.curl(f"{issuer['tokenUrl']}?{query}", *args, *extra)
        return (resp.json() or {}).get("token", "")

    def check_issuer(self):
        sec = "issuer"
        issuer = self.c["tokenIssuer"]
        t = self.registry("token")
        user, pw = t["credentials"]["username"], t["credentials"]["password"]
        control = issuer["controlUrl"]

        def post_control(body):
            return self.curl(control, "-X", "POST", "-H", "Content-Type: application/json",
                             "--data-binary", json.dumps(body))

        self.r.equal(sec, "reset", post_control({"reset": True}).status, 200)
        scope_a = "repository:public/hello:pull"
        scope_b = "repository:private/secret:pull,push"
        query = urllib.parse.urlencode([("service", issuer["service"]), ("scope", scope_a),
                                        ("scope", scope_b)])
        resp = self.curl(f"{issuer['tokenUrl']}?{query}", "-u", f"{user}:{pw}")
        body = resp.json() or {}
        self.r.equal(sec, "GET answer fields", sorted(body),
                     ["access_token", "expires_in", "issued_at", "token"])
        self.r.equal(sec, "default expires_in", body.get("expires_in"), issuer["defaultExpiresIn"])
        header, claims = jwt_parts(body.get("token", "..."))
        self.r.equal(sec, "JWT header", header, {"typ": "JWT", "alg": "ES256",
                                                 "kid": issuer["keyId"]})
        self.r.equal(sec, "JWT iss/aud/sub", [claims.get("iss"), claims.get("aud"),
                                              claims.get("sub")],
                     [issuer["issuer"], issuer["service"], user])
        self.r.equal(sec, "JWT access for two scopes", claims.get("access"), [
            {"type": "repository", "name": "public/hello", "actions": ["pull"]},
            {"type": "repository", "name": "private/secret", "actions": ["pull", "push"]}])
        self.curl(f"{issuer['tokenUrl']}?{query}", "-u", f"{user}:{pw}")
        resp = self.curl(f"{issuer['tokenUrl']}?{query}", "-u", f"{user}:nope")
        self.r.equal(sec, "wrong password: 401", resp.status, 401)
        self.r.expect(sec, "wrong password: JSON error body",
                      (resp.json() or {}).get("errors", [{}])[0].get("code") == "UNAUTHORIZED")
        form = ["--data-urlencode", "grant_type=password", "--data-urlencode", f"username={user}",
                "--data-urlencode", f"password={pw}", "--data-urlencode",
                f"service={issuer['service']}", "--data-urlencode", "client_id=selfcheck",
                "--data-urlencode", "scope=repository:private/secret:pull"]
        resp = self.curl(issuer["tokenUrl"], *form)
        body = resp.json() or {}
        self.r.expect(sec, "POST password grant with refresh_token",
                      resp.status == 200 and body.get("refresh_token") and body.get("access_token"),
                      f"HTTP {resp.status}")
        refresh = body.get("refresh_token", "")
        resp = self.curl(issuer["tokenUrl"], "--data-urlencode", "grant_type=refresh_token",
                         "--data-urlencode", f"refresh_token={refresh}", "--data-urlencode",
                         f"service={issuer['service']}", "--data-urlencode", "client_id=selfcheck",
                         "--data-urlencode", "scope=repository:private/secret:pull")
        token = (resp.json() or {}).get("access_token", "")
        priv = self.c["fixtures"]["tokenPrivateImage"]
        got = self.curl(f"{t['url']}/v2/{priv['repository']}/manifests/latest",
                        "-H", f"Authorization: Bearer {token}", "-H", f"Accept: {MANIFEST_ACCEPT}")
        self.r.equal(sec, "refresh_token grant works at the registry",
                     got.header("docker-content-digest"), priv["digest"])
        bad = self.curl(issuer["tokenUrl"], *[a.replace(f"password={pw}", "password=nope")
                                               for a in form])
        self.r.equal(sec, "POST wrong password: 401", bad.status, 401)
        stats = self.curl(issuer["statsUrl"]).json() or {}
        self.r.equal(sec, "stats: GET/POST counts", stats.get("requests"), {"GET": 3, "POST": 3})
        self.r.equal(sec, "stats: by user and scope",
                     stats.get("byUserScope", {}).get(user, {}).get(scope_a), {"GET": 3, "POST": 0})
        self.r.equal(sec, "stats: by grant", stats.get("byGrant"),
                     {"password": 2, "refresh_token": 1})
        post_control({"postReturns404": True})
        self.r.equal(sec, "postReturns404", self.curl(issuer["tokenUrl"], *form).status, 404)
        post_control({"expiresIn": 2})
        body = self.curl(f"{issuer['tokenUrl']}?{query}", "-u", f"{user}:{pw}").json() or {}
        self.r.equal(sec, "expiresIn 2", body.get("expires_in"), 2)
        self.r.equal(sec, "unknown control key refused", post_control({"nope": 1}).status, 400)
        post_control({"reset": True})
        self.r.equal(sec, "reset restores POST", self.curl(issuer["tokenUrl"], *form).status, 200)
        post_control({"reset": True})
        log = open(issuer["log"], encoding="utf-8").read()
        self.r.expect(sec, "issuer log holds no password or token",
                      pw not in log and refresh not in log and "eyJ" not in log)

    def check_testservers(self):
        sec = "testservers"
        ts = self.c["testServers"]
        paging = ts["paging"]
        many = paging["tagLists"]["many"]
        url, tags, pages = f"{paging['url']}/v2/{many['repository']}/tags/list?n=100", [], 0
        while url and pages < 10:
            resp = self.curl(url)
            tags += (resp.json() or {}).get("tags", [])
            pages += 1
            link = resp.header("link")
            url = urllib.parse.urljoin(url, link.split(">")[0][1:]) if link else None
        self.r.equal(sec, "paged tags: all tags over 3 pages", [tags, pages], [many["tags"], 3])
        url, repos, pages = f"{paging['url']}/v2/_catalog", [], 0
        while url and pages < 10:
            resp = self.curl(url)
            repos += (resp.json() or {}).get("repositories", [])
            pages += 1
            link = resp.header("link")
            url = urllib.parse.urljoin(url, link.split(">")[0][1:]) if link else None
        self.r.equal(sec, "paged catalog", repos, paging["catalog"]["repositories"])
        elsewhere = ts["elsewhere"]["url"]
        for key, prefix in (("offhost", elsewhere), ("offhostRelative", "//" + elsewhere[7:])):
            repo = paging["tagLists"][key]["repository"]
            link = self.curl(f"{paging['url']}/v2/{repo}/tags/list?n=50").header("link") or ""
            self.r.expect(sec, f"{key}: next link names the other host",
                          link.startswith(f"<{prefix}/v2/{repo}/tags/list?"), link)
        link = self.curl(f"{ts['pagingOffhost']['url']}/v2/_catalog").header("link") or ""
        self.r.expect(sec, "pagingOffhost: catalog next link names the other host",
                      link.startswith(f"<{elsewhere}/v2/_catalog?"), link)

        bad = ts["misbehaving"]
        sc = bad["scenarios"]
        accept = ["-H", f"Accept: {MANIFEST_ACCEPT}"]
        self.curl(bad["reset"], "-X", "POST")
        s = sc["wrongDigestHeader"]
        resp = self.curl(s["manifestUrl"], *accept)
        self.r.equal(sec, "wrong digest header", [resp.header("docker-content-digest"),
                                                  sha(resp.body)],
                     [s["advertisedDigest"], s["manifestDigest"]])
        s = sc["bodyMismatch"]
        resp = self.curl(s["digestManifestUrl"], *accept)
        self.r.equal(sec, "body mismatch by digest", sha(resp.body),
                     s["servedDigestWhenFetchedByDigest"])
        self.r.expect(sec, "body mismatch differs from requested",
                      sha(resp.body) != s["manifestDigest"])
        s = sc["hugeManifest"]
        resp = self.curl(s["manifestUrl"], *accept)
        self.r.equal(sec, "huge manifest", [len(resp.body), sha(resp.body)],
                     [s["servedSize"], s["manifestDigest"]])
        resp = self.curl(sc["redirectLoop"]["manifestUrl"], "-L", "--max-redirs", "8")
        self.r.equal(sec, "redirect loop (curl: too many redirects)", resp.rc, 47)
        s = sc["blobRedirect"]
        creds = f"{bad['credentials']['username']}:{bad['credentials']['password']}"
        self.r.equal(sec, "blob redirect: anonymous refused",
                     self.curl(s["manifestUrl"]).status, 401)
        blob_url = f"{s['url']}/v2/{s['repository']}/blobs/{s['layers'][0]['digest']}"
        for trusted, expect in ((False, "none"), (True, "basic")):
            self.curl(ts["elsewhere"]["reset"], "-X", "POST")
            extra = ["--location-trusted"] if trusted else ["-L"]
            resp = self.curl(blob_url, "-u", creds, *extra)
            self.r.equal(sec, f"blob redirect followed ({'trusted' if trusted else 'plain'})",
                         sha(resp.body), s["layers"][0]["digest"])
            log = (self.curl(s["elsewhereLog"]).json() or {}).get("requests", [])
            self.r.equal(sec, f"elsewhere log: Authorization {expect}",
                         [e["authorization"] for e in log], [expect])
        self.curl(ts["elsewhere"]["reset"], "-X", "POST")
        s = sc["unauthorizedLoop"]
        resp = self.curl(s["manifestUrl"])
        challenge = resp.header("www-authenticate") or ""
        token = (self.curl(s["tokenUrl"]).json() or {}).get("token")
        again = self.curl(s["manifestUrl"], "-H", f"Authorization: Bearer {token}")
        self.r.expect(sec, "401 loop", resp.status == 401 and challenge.startswith(
            f'Bearer realm="{s["tokenUrl"]}"') and token and again.status == 401, challenge)
        for key, parse in (("rateLimited", int), ("rateLimitedHttpDate", http_date)):
            s = sc[key]
            url = f"{s['url']}/v2/{s['repository']}/manifests/selfcheck-{time.monotonic_ns()}"
            answers = [self.curl(url, *accept) for _ in range(s["failingRequestsPerPath"] + 1)]
            codes = [a.status for a in answers]
            retry = answers[0].header("retry-after")
            self.r.equal(sec, f"{key}: 429 then 200",
                         codes, [429] * s["failingRequestsPerPath"] + [200])
            self.r.expect(sec, f"{key}: Retry-After parses ({retry})",
                          retry is not None and parse(retry) is not None)
        s = sc["connectionReset"]
        resp = self.curl(f"{s['url']}/v2/{s['repository']}/manifests/reset", *accept)
        self.r.expect(sec, "connection reset mid-body (manifest)", resp.rc in (18, 56),
                      f"curl exit {resp.rc}")
        resp = self.curl(f"{s['url']}/v2/{s['repository']}/blobs/{s['layers'][0]['digest']}")
        self.r.expect(sec, "connection reset mid-body (blob)", resp.rc in (18, 56),
                      f"curl exit {resp.rc}")
        if not self.skip_stall:
            s = sc["stalled"]
            start = time.monotonic()
            resp = self.curl(s["manifestUrl"], *accept, timeout=2)
            self.r.expect(sec, "stalled: headers then timeout", resp.rc == 28 and
                          resp.status_lines and " 200" in resp.status_lines[-1] and
                          time.monotonic() - start < 10, f"curl exit {resp.rc}")
            resp = self.curl(f"{s['url']}/v2/{s['repository']}/manifests/{s['workingTag']}",
                             *accept)
            self.r.equal(sec, "stalled: working tag", sha(resp.body), s["manifestDigest"])
        s = sc["truncatedLayer"]
        resp = self.curl(f"{s['url']}/v2/{s['repository']}/blobs/{s['fullLayer']['digest']}")
        try:
            gzip.decompress(resp.body)
            inflated = True
        except (EOFError, OSError):
            inflated = False
        self.r.expect(sec, "truncated layer: short, wrong digest, gzip fails",
                      len(resp.body) == s["truncatedSize"] and
                      sha(resp.body) != s["fullLayer"]["digest"] and not inflated)
        ins = ts["insecureRealm"]
        resp = self.curl(ins["url"] + "/v2/", "-k")
        challenge = resp.header("www-authenticate") or ""
        self.r.expect(sec, "insecure realm: https registry, http realm",
                      resp.status == 401 and 'realm="http://' in challenge, challenge)
        self.r.equal(sec, "insecure realm: certificate refused without -k",
                     self.curl(ins["url"] + "/v2/").rc, 60)
        resp = self.curl(f"{ins['url']}/v2/{ins['repository']}/manifests/latest", "-k",
                         "-H", "Authorization: Bearer anything", *accept)
        self.r.equal(sec, "insecure realm: served with a token", sha(resp.body),
                     ins["manifestDigest"])
        self.curl(bad["reset"], "-X", "POST")

    def run(self):
        fixtures = self.c["fixtures"]
        copy_keys = [k for k, f in fixtures.items()
                     if f["kind"] in ("image", "index", "manifestList", "artifact")]
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            jobs = [pool.submit(self.check_fixture, k, f) for k, f in fixtures.items()]
            jobs += [pool.submit(self.check_blobs, k, fixtures[k]) for k in copy_keys]
            jobs += [pool.submit(self.check_comparison, k, other, rec)
                     for k, f in fixtures.items()
                     for other, rec in f.get("comparisons", {}).items()]
            jobs += [pool.submit(fn) for fn in (self.check_many_tags, self.check_catalog,
                                                self.check_auth, self.check_testservers)]
            for job in jobs:
                try:
                    job.result()
                except Exception as e:  # noqa: BLE001 — a crash is a failed check, not a stop
                    self.r.expect("selfcheck", "no crash", False, f"{type(e).__name__}: {e}")
        # Counters must not see other checks' token requests, so this one runs alone.
        try:
            self.check_issuer()
        except Exception as e:  # noqa: BLE001
            self.r.expect("selfcheck", "no crash", False, f"{type(e).__name__}: {e}")
        return self.r.summary()


def platform_text(platform):
    """"linux/arm64/v8", as the compare records name platforms."""
    return "/".join([platform["os"], platform["architecture"]] +
                    ([platform["variant"]] if "variant" in platform else []))


def curl_dn(rfc4514):
    """A distinguished name as curl (OpenSSL) prints it: most significant part first, '; '
    between parts. Enough for the plain names the harness makes."""
    return "; ".join(reversed(rfc4514.split(",")))


def decompress(data, media_type):
    if media_type.endswith("gzip"):
        return gzip.decompress(data)
    if media_type.endswith("zstd"):
        return run(["zstd", "-d", "-c", "-q"], input=data).stdout
    return data


def jwt_parts(token):
    def part(s):
        return json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
    try:
        head, claims, _ = token.split(".")
        return part(head), part(claims)
    except ValueError:
        return {}, {}


def jwt_claims(token):
    return jwt_parts(token)[1]


def http_date(value):
    parsed = email.utils.parsedate_to_datetime(value)
    return parsed if parsed.timestamp() > time.time() - 1 else None


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--state", required=True)
    p.add_argument("--skip-stall", action="store_true",
                   help="skip the 2-second stalled-response check")
    args = p.parse_args()
    path = os.path.join(args.state, "harness.json")
    if not os.path.exists(path):
        sys.exit(f"selfcheck: {path} does not exist; run harness.py start first")
    with open(path, encoding="utf-8") as f:
        contract = json.load(f)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="layerscope-selfcheck-") as work:
        text, ok = Checker(contract, work, args.skip_stall).run()
    print(text)
    print(f"selfcheck took {time.monotonic() - t0:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
