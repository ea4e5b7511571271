#!/usr/bin/python3
"""Start, stop and inspect the Layerscope integration-test harness.

  harness.py start  --state DIR   start registries, token issuer and test servers on free
                                  loopback ports, seed them, write DIR/harness.json; returns
                                  when everything answers (or tears down and fails)
  harness.py stop   --state DIR   stop every process recorded in DIR and remove temporary
                                  storage; safe after a partial or killed start; idempotent
  harness.py status --state DIR   report what runs; exit 0 only when all of it answers

See README.md beside this file for the contents of harness.json.
"""

import argparse
import concurrent.futures
import fcntl
import json
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, HERE)

try:
    from common import make_self_signed, proc_start_time, read_json, \
        rfc3339, utc_now, write_json_atomic, write_private, free_port
    import pusher
except ImportError as e:  # python3-cryptography missing, or the wrong interpreter
    sys.exit(f"harness: {e}. Run with Debian's /usr/bin/python3 and install python3-cryptography.")

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt

SCHEMA_VERSION = 1
TEMP_PREFIX = "layerscope-harness-"
REGISTRY_MODES = ("open", "htpasswd", "token", "tls")
TOKEN_SERVICE = "layerscope-token-registry"
TOKEN_ISSUER_NAME = "layerscope-test-issuer"
BASIC_REALM = "layerscope-basic"
DEFAULT_EXPIRES_IN = 300
TERM_WAIT = 5.0


class HarnessError(Exception):
    pass


class Interrupted(Exception):
    pass


class State:
    """DIR/state.json: every process and temporary folder, written as soon as each exists so
    that `stop` can clean up after a start that died half-way."""

    def __init__(self, state_dir):
        self.dir = state_dir
        self.path = os.path.join(state_dir, "state.json")
        self.data = read_json(self.path) if os.path.exists(self.path) else \
            {"processes": [], "tempDirs": [], "starter": None, "phase": "stopped"}

    def save(self):
        write_json_atomic(self.path, self.data)

    def add_process(self, name, proc):
        self.data["processes"].append({"name": name, "pid": proc.pid,
                                       "startTime": proc_start_time(proc.pid)})
        self.save()

    def forget_process(self, pid):
        self.data["processes"] = [p for p in self.data["processes"] if p["pid"] != pid]
        self.save()


def alive(entry):
    """True while the recorded process is the same one we started (pid reuse checked)."""
    if not entry or not entry.get("pid"):
        return False
    now = proc_start_time(entry["pid"])
    return now is not None and now == entry.get("startTime")


def paths(state_dir):
    return {name: os.path.join(state_dir, name) for name in ("logs", "config", "certs")}


def spawn(state, name, argv, log_path, env=None):
    log = open(log_path, "ab")
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                close_fds=True, env=env)
    finally:
        log.close()
    state.add_process(name, proc)
    return proc


def log_tail(path, lines=15):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


def registry_env():
    """docker-registry lets REGISTRY_* variables override its config file; a stray one in a
    CI environment must not change the harness's registries."""
    return {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}


def yaml_lines(value, indent=0):
    """Enough YAML for a registry config: nested mappings of scalars."""
    out = []
    for key, v in value.items():
        pad = "  " * indent
        if isinstance(v, dict):
            out.append(f"{pad}{key}:")
            out.extend(yaml_lines(v, indent + 1))
        elif isinstance(v, bool):
            out.append(f"{pad}{key}: {'true' if v else 'false'}")
        elif isinstance(v, (int, float)):
            out.append(f"{pad}{key}: {v}")
        else:
            out.append(f"{pad}{key}: {json.dumps(str(v))}")
    return out


def registry_config(mode, port, storage, extra):
    config = {
        "version": "0.1",
        "log": {"level": "info", "formatter": "text", "fields": {"harness": mode}},
        "storage": {"filesystem": {"rootdirectory": storage},
                    "delete": {"enabled": True},
                    "maintenance": {"uploadpurging": {"enabled": False}}},
        "http": {"addr": f"127.0.0.1:{port}", "secret": secrets.token_hex(16)},
    }
    config["http"].update(extra.get("http", {}))
    if "auth" in extra:
        config["auth"] = extra["auth"]
    return "\n".join(yaml_lines(config)) + "\n"


def http_probe(url, cafile=None, timeout=2.0):
    """The HTTP status of a GET, or None when nothing answers (yet)."""
    context = None
    if url.startswith("https:"):
        context = ssl.create_default_context(cafile=cafile) if cafile \
            else ssl._create_unverified_context()
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, ValueError):
        return None


class Component:
    """A process being brought up: how to tell it is ready and how to describe a failure."""

    def __init__(self, name, proc, log_path, probe):
        self.name, self.proc, self.log_path, self.probe = name, proc, log_path, probe
        self.ready = False


def wait_ready(components, deadline):
    pending = list(components)
    while pending:
        for c in list(pending):
            if c.proc.poll() is not None:
                raise HarnessError(f"{c.name} exited with status {c.proc.returncode} before "
                                   f"it was ready; log {c.log_path}:\n{log_tail(c.log_path)}")
            if c.probe():
                c.ready = True
                pending.remove(c)
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(c.name for c in pending)
            details = "\n".join(f"--- {c.name} ({c.log_path}):\n{log_tail(c.log_path, 8)}"
                                for c in pending)
            raise HarnessError(f"timed out waiting for: {names}\n{details}")
        time.sleep(0.05)


def ready_file_probe(path):
    def probe():
        return os.path.exists(path)
    return probe


def make_certificates(certs):
    """Self-signed EC certificates: the TLS registry's, the token signer's (the token
    registry's rootcertbundle) and the HTTPS test server's."""
    def make(name, cn, org, hosts=()):
        key = os.path.join(certs, f"{name}.key")
        info = make_self_signed(cn, org, key, os.path.join(certs, f"{name}.crt"), hosts)
        return info, key

    tls, tls_key = make("tls-registry", "Layerscope Harness TLS Registry",
                        "Layerscope Test Harness", ("127.0.0.1", "localhost"))
    cert_dir = os.path.join(certs, "tls-registry.d")  # for skopeo --cert-dir
    os.makedirs(cert_dir, exist_ok=True)
    shutil.copy(tls["path"], os.path.join(cert_dir, "ca.crt"))
    tls.update(caFile=tls["path"], certDir=cert_dir)
    token, token_key = make("token-signing", "Layerscope Harness Token Signer",
                            "Layerscope Test Harness")
    doubles, doubles_key = make("testservers", "Layerscope Misbehaving Test Server",
                                "Layerscope Test Harness (test double)",
                                ("127.0.0.1", "localhost"))
    return {"tls": (tls, tls_key), "token": (token, token_key), "doubles": (doubles, doubles_key)}


def write_htpasswd(path, username, password):
    # bcrypt cost 4 ($2b$04$), the lowest Go accepts: the registry checks the hash on every
    # request, and the default cost 12 spends about a quarter of a CPU second on each.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        line = crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
    write_private(path, f"{username}:{line}\n")


def start_helper(state, name, config, conf, logs):
    """Start one of the Python test doubles. They bind port 0 themselves and report their
    ports in a ready file, so they never race for a port."""
    ready = os.path.join(conf, f"{name}.ready.json")
    config_path = os.path.join(conf, f"{name}.json")
    write_private(config_path, json.dumps(config))
    log_path = os.path.join(logs, f"{name}.log")
    proc = spawn(state, name, [sys.executable, os.path.join(HERE, f"{name}.py"), "--config",
                               config_path, "--ready-file", ready], log_path)
    return Component(name, proc, log_path, ready_file_probe(ready)), ready


def start_registries(state, storage_root, conf, logs, extras, tls_cafile, deadline):
    registries = {}

    def launch(mode):
        storage = os.path.join(storage_root, mode)
        os.makedirs(storage, exist_ok=True)
        port = free_port()
        config_path = os.path.join(conf, f"registry-{mode}.yml")
        with open(config_path, "w", encoding="utf-8") as f:
            f.write(registry_config(mode, port, storage, extras[mode]))
        log_path = os.path.join(logs, f"registry-{mode}.log")
        proc = spawn(state, f"registry-{mode}", ["docker-registry", "serve", config_path],
                     log_path, env=registry_env())
        scheme = "https" if mode == "tls" else "http"
        url = f"{scheme}://127.0.0.1:{port}"
        expected = 200 if mode in ("open", "tls") else 401
        cafile = tls_cafile if mode == "tls" else None

        def probe():
            return http_probe(url + "/v2/", cafile) == expected

        registries[mode] = {"port": port, "hostPort": f"127.0.0.1:{port}", "url": url,
                            "scheme": scheme, "config": config_path, "log": log_path,
                            "storage": storage,
                            "component": Component(f"registry ({mode}) at {url}", proc,
                                                   log_path, probe)}

    for mode in REGISTRY_MODES:
        launch(mode)
    for attempt in range(3):
        try:
            wait_ready([r["component"] for r in registries.values()
                        if not r["component"].ready], deadline)
            return registries
        except HarnessError:
            # A port taken between free_port() and the registry's bind: use another one.
            clashed = [m for m, r in registries.items()
                       if r["component"].proc.poll() is not None
                       and "address already in use" in log_tail(r["log"], 5)]
            if not clashed or attempt == 2:
                raise
            for mode in clashed:
                state.forget_process(registries[mode]["component"].proc.pid)
                launch(mode)


def seed(registries, creds, tls_cafile):
    """Push every fixture, all four registries at once (the open one does most of the work).
    Returns (fixtures, catalog, requests per registry)."""
    clients = {
        "open": pusher.RegistryClient(registries["open"]["url"]),
        "htpasswd": pusher.RegistryClient(registries["htpasswd"]["url"], **creds["htpasswd"]),
        "token": pusher.RegistryClient(registries["token"]["url"], **creds["token"]),
        "tls": pusher.RegistryClient(registries["tls"]["url"], cafile=tls_cafile),
    }
    host = {m: registries[m]["hostPort"] for m in REGISTRY_MODES}
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        try:
            open_job = pool.submit(pusher.seed_open, clients["open"], host["open"])
            small_jobs = [pool.submit(pusher.seed_small, clients[m], m, host[m], plan)
                          for m, plan in pusher.SMALL_PLANS.items()]
            fixtures, catalog = open_job.result()
            for job in small_jobs:
                fixtures.update(job.result())
        except BaseException:
            for client in clients.values():
                client.aborted = True  # pushing threads stop at their next request
            raise
    return fixtures, catalog, {m: c.requests for m, c in clients.items()}


def describe_registries(registries, creds, tls_cert, issuer_info, htpasswd_path, requests):
    out = {}
    for mode in REGISTRY_MODES:
        r = registries[mode]
        entry = {"mode": mode, "host": "127.0.0.1", "port": r["port"], "hostPort": r["hostPort"],
                 "scheme": r["scheme"], "url": r["url"],
                 "auth": {"htpasswd": "basic", "token": "bearer"}.get(mode, "none"),
                 "credentials": creds.get(mode) if mode in ("htpasswd", "token") else None,
                 "caFile": tls_cert["caFile"] if mode == "tls" else None,
                 "certificate": tls_cert if mode == "tls" else None,
                 "tokenIssuer": issuer_info if mode == "token" else None,
                 "pid": r["component"].proc.pid, "config": r["config"], "log": r["log"],
                 "storage": r["storage"], "pushRequests": requests[mode]}
        if mode == "htpasswd":
            entry.update(realm=BASIC_REALM, htpasswdFile=htpasswd_path)
        if mode == "token":
            entry.update(realm=issuer_info["realm"], service=TOKEN_SERVICE,
                         issuer=TOKEN_ISSUER_NAME)
        out[mode] = entry
    return out


def start(state_dir, timeout, stall_seconds, rate_limit_first):
    t0 = time.monotonic()
    deadline = t0 + timeout
    for tool in ("docker-registry", "zstd"):
        if shutil.which(tool) is None:
            raise HarnessError(f"`{tool}` is not installed (apt-get install {tool})")
    p = paths(state_dir)
    for d in p.values():
        os.makedirs(d, exist_ok=True)
    for name in os.listdir(p["logs"]):  # logs describe the latest start only
        if name.endswith(".log"):
            os.remove(os.path.join(p["logs"], name))
    logs, conf, certs = p["logs"], p["config"], p["certs"]
    state = State(state_dir)
    state.data = {"processes": [], "tempDirs": [], "phase": "starting",
                  "starter": {"pid": os.getpid(), "startTime": proc_start_time(os.getpid())}}
    state.save()
    storage_root = tempfile.mkdtemp(prefix=TEMP_PREFIX)
    state.data["tempDirs"].append(storage_root)
    state.save()

    creds = {m: {"username": "alice", "password": secrets.token_urlsafe(12)}
             for m in ("htpasswd", "token", "misbehaving")}
    keys = make_certificates(certs)
    tls_cert, tls_key = keys["tls"]
    htpasswd_path = os.path.join(conf, "htpasswd")
    write_htpasswd(htpasswd_path, **creds["htpasswd"])

    issuer, issuer_ready = start_helper(state, "tokenissuer", {
        "issuer": TOKEN_ISSUER_NAME, "service": TOKEN_SERVICE, "expiresIn": DEFAULT_EXPIRES_IN,
        "keyFile": keys["token"][1],
        "users": {creds["token"]["username"]: creds["token"]["password"]}}, conf, logs)
    doubles, doubles_ready = start_helper(state, "testservers", {
        "credentials": creds["misbehaving"], "tlsCert": keys["doubles"][0]["path"],
        "tlsKey": keys["doubles"][1], "tlsCertInfo": keys["doubles"][0],
        "stallSeconds": stall_seconds, "rateLimitFirst": rate_limit_first}, conf, logs)
    wait_ready([issuer], deadline)  # the token registry's config names the issuer's port
    issuer_url = f"http://127.0.0.1:{read_json(issuer_ready)['port']}"

    extras = {
        "open": {},
        "htpasswd": {"auth": {"htpasswd": {"realm": BASIC_REALM, "path": htpasswd_path}}},
        "token": {"auth": {"token": {"realm": issuer_url + "/token", "service": TOKEN_SERVICE,
                                     "issuer": TOKEN_ISSUER_NAME,
                                     "rootcertbundle": keys["token"][0]["path"]}}},
        "tls": {"http": {"tls": {"certificate": tls_cert["path"], "key": tls_key}}},
    }
    registries = start_registries(state, storage_root, conf, logs, extras, tls_cert["path"],
                                  deadline)
    wait_ready([doubles], deadline)
    t_processes = time.monotonic() - t0

    fixtures, catalog, requests = seed(registries, creds, tls_cert["path"])
    t_total = time.monotonic() - t0

    issuer_info = {
        "url": issuer_url, "tokenUrl": issuer_url + "/token", "realm": issuer_url + "/token",
        "controlUrl": issuer_url + "/control", "statsUrl": issuer_url + "/stats",
        "healthUrl": issuer_url + "/healthz", "service": TOKEN_SERVICE,
        "issuer": TOKEN_ISSUER_NAME, "keyId": read_json(issuer_ready)["kid"],
        "defaultExpiresIn": DEFAULT_EXPIRES_IN, "signingCertificate": keys["token"][0],
        "log": issuer.log_path,
    }
    contract = {
        "schemaVersion": SCHEMA_VERSION,
        "stateDir": os.path.abspath(state_dir),
        "createdAt": rfc3339(utc_now()),
        "startupSeconds": round(t_total, 2),
        "timings": {"processesReadySeconds": round(t_processes, 2),
                    "seedingSeconds": round(t_total - t_processes, 2)},
        "registries": describe_registries(registries, creds, tls_cert, issuer_info,
                                          htpasswd_path, requests),
        "tokenIssuer": issuer_info,
        "fixtures": fixtures,
        "catalog": catalog,
        "testServers": read_json(doubles_ready)["servers"],
    }
    write_json_atomic(os.path.join(state_dir, "harness.json"), contract)
    state.data["phase"] = "ready"
    state.data["starter"] = None
    state.save()
    return contract


def signal_group(entry, sig):
    """Signal the process group we created for a recorded process (its pid is the group
    id: every child was started in a new session)."""
    if not alive(entry):
        return
    try:
        os.killpg(entry["pid"], sig)
    except ProcessLookupError:
        pass
    except PermissionError:
        os.kill(entry["pid"], sig)


def stop(state_dir, quiet=False):
    state_path = os.path.join(state_dir, "state.json")
    if not os.path.exists(state_path):
        cleanup_files(state_dir)
        if not quiet:
            print(f"harness: nothing running in {state_dir}")
        return
    state = State(state_dir)
    starter = state.data.get("starter")
    if starter and starter.get("pid") != os.getpid() and alive(starter):
        # A start still in progress: let it tear down what it began, then finish the job.
        os.kill(starter["pid"], signal.SIGTERM)
        wait_gone([starter], TERM_WAIT)
        if alive(starter):
            os.kill(starter["pid"], signal.SIGKILL)
        state = State(state_dir) if os.path.exists(state_path) else state
    processes = state.data.get("processes", [])
    for entry in processes:
        signal_group(entry, signal.SIGTERM)
    wait_gone(processes, TERM_WAIT)
    for entry in processes:
        signal_group(entry, signal.SIGKILL)
    wait_gone(processes, 2.0)
    left = [p["name"] for p in processes if alive(p)]
    for temp in state.data.get("tempDirs", []):
        base = os.path.basename(os.path.normpath(temp))
        if base.startswith(TEMP_PREFIX) and os.path.isdir(temp):
            shutil.rmtree(temp, ignore_errors=True)
    cleanup_files(state_dir)
    if left:
        raise HarnessError(f"could not stop: {', '.join(left)}")
    if not quiet:
        print(f"harness: stopped {len(processes)} processes, removed temporary storage")


def wait_gone(entries, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end and any(alive(e) for e in entries):
        time.sleep(0.05)


def cleanup_files(state_dir):
    for name in ("harness.json", "state.json"):
        try:
            os.remove(os.path.join(state_dir, name))
        except FileNotFoundError:
            pass
    for name in ("config", "certs"):
        shutil.rmtree(os.path.join(state_dir, name), ignore_errors=True)


def check(state_dir):
    """(healthy, report lines): every recorded process alive and every endpoint answering."""
    if not os.path.exists(os.path.join(state_dir, "state.json")):
        return False, [f"harness: not running ({state_dir} has no state.json)"]
    state = State(state_dir)
    ok = state.data.get("phase") == "ready"
    lines = [f"harness: phase {state.data.get('phase')}"]
    for entry in state.data.get("processes", []):
        up = alive(entry)
        ok &= up
        lines.append(f"  {entry['name']:<20} pid {entry['pid']:<8} {'running' if up else 'GONE'}")
    contract_path = os.path.join(state_dir, "harness.json")
    if not os.path.exists(contract_path):
        return False, lines + ["  no harness.json"]
    contract = read_json(contract_path)
    probes = [(f"registry {m}", r["url"] + "/v2/", r["caFile"],
               (200,) if r["auth"] == "none" else (401,))
              for m, r in contract["registries"].items()]
    probes.append(("token issuer", contract["tokenIssuer"]["healthUrl"], None, (200,)))
    for name in ("paging", "pagingOffhost", "misbehaving", "elsewhere"):
        probes.append((f"test server {name}", contract["testServers"][name]["log"], None,
                       (200,)))
    for name, url, cafile, expect in probes:
        code = http_probe(url, cafile)
        good = code in expect
        ok &= good
        lines.append(f"  {name:<26} {url:<45} {code if code else 'no answer'}"
                     f"{'' if good else '  UNEXPECTED'}")
    lines.append(f"  contract: {contract_path}")
    return ok, lines


def status(state_dir):
    ok, lines = check(state_dir)
    print("\n".join(lines))
    if not os.path.exists(os.path.join(state_dir, "state.json")):
        return 3
    return 0 if ok else 1


def locked(state_dir, blocking_seconds):
    """An exclusive lock on DIR/.lock, so two starts (or a start and a stop) never race."""
    fd = os.open(os.path.join(state_dir, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    end = time.monotonic() + blocking_seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > end:
                os.close(fd)
                raise HarnessError(f"another harness start or stop holds {state_dir}/.lock")
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "stop", "status"):
        s = sub.add_parser(name)
        s.add_argument("--state", required=True, help="state folder (created if missing)")
        if name == "start":
            s.add_argument("--timeout", type=float, default=120.0,
                           help="seconds to wait for everything to come up (default 120)")
            s.add_argument("--stall-seconds", type=int, default=60,
                           help="how long the stalled test server stays silent (default 60)")
            s.add_argument("--rate-limit-first", type=int, default=2,
                           help="429 answers per path before success (default 2)")
    args = parser.parse_args()
    state_dir = os.path.abspath(args.state)
    os.makedirs(state_dir, exist_ok=True)

    if args.command == "status":
        return status(state_dir)

    if args.command == "stop":
        try:
            stop(state_dir)
            return 0
        except HarnessError as e:
            print(f"harness: {e}", file=sys.stderr)
            return 1

    # start
    def interrupted(signum, frame):
        raise Interrupted(f"interrupted by signal {signum}")

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, interrupted)
    lock = None
    try:
        lock = locked(state_dir, 0)
        if os.path.exists(os.path.join(state_dir, "state.json")):
            if check(state_dir)[0]:
                print(f"harness: already running; contract {state_dir}/harness.json")
                return 0
            stop(state_dir, quiet=True)
        contract = start(state_dir, args.timeout, args.stall_seconds, args.rate_limit_first)
    except Exception as e:  # noqa: BLE001 — whatever failed, nothing may be left running
        if not isinstance(e, (HarnessError, Interrupted, OSError, pusher.RegistryError)):
            traceback.print_exc()
        print(f"harness: start failed: {e}", file=sys.stderr)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            stop(state_dir, quiet=True)
        except HarnessError as e2:
            print(f"harness: {e2}", file=sys.stderr)
        print(f"harness: tore down what was started; logs remain in {state_dir}/logs",
              file=sys.stderr)
        return 1
    finally:
        if lock is not None:
            os.close(lock)
    counts = {}
    for f in contract["fixtures"].values():
        counts[f["registry"]] = counts.get(f["registry"], 0) + 1
    print(f"harness: ready in {contract['startupSeconds']} s "
          f"(processes {contract['timings']['processesReadySeconds']} s, seeding "
          f"{contract['timings']['seedingSeconds']} s)")
    for mode, r in contract["registries"].items():
        print(f"  {mode:<9} {r['url']:<28} auth={r['auth']:<7} fixtures={counts.get(mode, 0)}")
    print(f"  issuer    {contract['tokenIssuer']['url']}")
    print(f"  catalog   {contract['catalog']['count']} repositories in the open registry")
    print(f"  contract  {state_dir}/harness.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
