#!/usr/bin/python3
"""Token issuer for the harness's token-auth registry (a test double of an auth server).

Issues ES256 JSON Web Tokens that distribution 2.8's token access controller accepts: the
header names the signing key by its libtrust key id (`kid`), the key's self-signed
certificate is the registry's `rootcertbundle`, and the claims carry iss, sub, aud (a plain
string), exp, nbf, iat, jti and access.

Endpoints (HTTP on 127.0.0.1):
  GET  /token?service=S&scope=A&scope=B[&offline_token=true]
       Docker token protocol. Anonymous, or HTTP basic credentials. Answers
       {"token", "access_token", "expires_in", "issued_at"} (+ "refresh_token" when
       offline_token=true and the caller authenticated).
  POST /token   (application/x-www-form-urlencoded, OAuth2)
       grant_type=password with username, password, scope (space separated), service,
       client_id; or grant_type=refresh_token with refresh_token, scope, service, client_id.
       Answers like GET plus "scope" and "refresh_token".
  POST /control JSON: {"postReturns404": bool} makes POST /token answer 404 (clients must fall
       back to GET); {"expiresIn": seconds} sets the lifetime of new tokens;
       {"tokenFields": "token"|"access_token"|"both"} picks the answer's token field(s); {"reset": true}
       restores the defaults and zeroes the counters (applied before other keys).
  GET  /stats   counters of token requests by method, user and scope.
  GET  /healthz 200 when serving.

Policy: every configured user gets pull and push on every repository and
registry:catalog:*; anonymous callers get pull on repositories under public/ only; actions
not granted are left out (the registry then answers 401 insufficient_scope). Wrong credentials
get 401 with a JSON error body. Neither tokens nor passwords are ever logged.

Usage: tokenissuer.py --config FILE --ready-file FILE   (FILE: see harness.py)
"""

import argparse
import base64
import hmac
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import b64url, libtrust_key_id, load_private_key, rfc3339, utc_now, \
    write_json_atomic  # noqa: E402

ANONYMOUS = "anonymous"
MAX_BODY = 64 * 1024


class BadRequest(Exception):
    pass


class Issuer:
    def __init__(self, config):
        self.issuer = config["issuer"]
        self.service = config["service"]
        self.users = config["users"]
        self.default_expires_in = int(config.get("expiresIn", 300))
        self.key = load_private_key(config["keyFile"])
        self.kid = libtrust_key_id(self.key.public_key())
        self.lock = threading.Lock()
        self.refresh_tokens = {}
        self.reset()

    def reset(self):
        with self.lock:
            self.settings = {"postReturns404": False, "expiresIn": self.default_expires_in,
                             "tokenFields": "both"}
            self.stats = {"requests": {"GET": 0, "POST": 0}, "issued": 0, "refused": 0,
                          "postAnswered404": 0, "byGrant": {}, "byUser": {}, "byScope": {},
                          "byUserScope": {}}

    def count(self, method, user, scopes, grant=None):
        with self.lock:
            s = self.stats
            s["requests"][method] += 1
            if grant:
                s["byGrant"][grant] = s["byGrant"].get(grant, 0) + 1
            per_user = s["byUser"].setdefault(user, {"GET": 0, "POST": 0})
            per_user[method] += 1
            for scope in scopes or ["(none)"]:
                per_scope = s["byScope"].setdefault(scope, {"GET": 0, "POST": 0})
                per_scope[method] += 1
                both = s["byUserScope"].setdefault(user, {}).setdefault(
                    scope, {"GET": 0, "POST": 0})
                both[method] += 1

    def bump(self, counter):
        with self.lock:
            self.stats[counter] += 1

    def check_password(self, user, password):
        expected = self.users.get(user)
        return expected is not None and hmac.compare_digest(expected.encode(),
                                                            password.encode())

    @staticmethod
    def parse_scopes(values):
        scopes = []
        for value in values:
            scopes.extend(value.split())
        parsed = []
        for scope in scopes:
            first, last = scope.find(":"), scope.rfind(":")
            if first <= 0 or last == first:
                raise BadRequest(f"malformed scope {scope!r} (want type:name:actions)")
            parsed.append((scope[:first], scope[first + 1:last],
                           [a for a in scope[last + 1:].split(",") if a]))
        return scopes, parsed

    def grant(self, user, parsed):
        access = {}
        for rtype, name, actions in parsed:
            if rtype == "repository":
                allowed = {"pull", "push"} if user != ANONYMOUS else \
                    ({"pull"} if name.startswith("public/") else set())
            elif rtype == "registry" and name == "catalog":
                allowed = {"*"} if user != ANONYMOUS else set()
            else:
                allowed = set()
            granted = [a for a in actions if a in allowed]
            if not granted:
                continue
            entry = access.setdefault((rtype, name), [])
            entry.extend(a for a in granted if a not in entry)
        return [{"type": t, "name": n, "actions": a} for (t, n), a in access.items()]

    def mint(self, user, access):
        with self.lock:
            lifetime = self.settings["expiresIn"]
            fields = self.settings["tokenFields"]
            self.stats["issued"] += 1
        now = utc_now()
        iat = int(now.timestamp())
        header = {"typ": "JWT", "alg": "ES256", "kid": self.kid}
        claims = {"iss": self.issuer, "sub": "" if user == ANONYMOUS else user,
                  "aud": self.service, "exp": iat + lifetime, "nbf": iat, "iat": iat,
                  "jti": secrets.token_hex(12), "access": access}
        signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                         b64url(json.dumps(claims, separators=(",", ":")).encode()))
        der = self.key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        token = signing_input + "." + b64url(signature)
        # Token services answer with "token" (distribution's spec), "access_token" (OAuth2) or
        # both; clients must take either.
        answer = {"expires_in": lifetime, "issued_at": rfc3339(now)}
        if fields in ("both", "token"):
            answer["token"] = token
        if fields in ("both", "access_token"):
            answer["access_token"] = token
        return answer

    def new_refresh_token(self, user):
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.refresh_tokens[token] = user
        return token


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "layerscope-test-token-issuer"
    issuer = None  # set by main()

    def log_message(self, fmt, *args):
        pass  # replaced by note(), which never includes credentials or tokens

    def note(self, status, user="-", scopes=()):
        path = urllib.parse.urlsplit(self.path).path
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} {self.command} {path} user={user} "
                         f"scopes={' '.join(scopes) or '-'} -> {status}\n")

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise BadRequest("request body too large")
        return self.rfile.read(length) if length else b""

    def basic_credentials(self):
        header = self.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("malformed basic credentials")
        return user, password

    def refuse(self, user, scopes, oauth):
        self.issuer.bump("refused")
        self.note(401, user, scopes)
        if oauth:
            body = {"error": "invalid_grant", "error_description": "invalid username or password"}
        else:
            body = {"errors": [{"code": "UNAUTHORIZED",
                                "message": "invalid username or password"}]}
        self.send_json(401, body, {"WWW-Authenticate": 'Basic realm="layerscope-token-issuer"'})

    def check_service(self, service):
        if service and service != self.issuer.service:
            raise BadRequest(f"unknown service {service!r}")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        try:
            if url.path == "/token":
                self.token_get(urllib.parse.parse_qs(url.query))
            elif url.path == "/stats":
                with self.issuer.lock:
                    body = json.loads(json.dumps({**self.issuer.stats,
                                                  "settings": self.issuer.settings}))
                self.send_json(200, body)
            elif url.path == "/healthz":
                self.send_json(200, {"ok": True})
            else:
                self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": url.path}]})
        except BadRequest as e:
            self.note(400)
            self.send_json(400, {"errors": [{"code": "INVALID_REQUEST", "message": str(e)}]})

    def token_get(self, query):
        self.check_service((query.get("service") or [""])[0])
        scopes, parsed = self.issuer.parse_scopes(query.get("scope", []))
        creds = self.basic_credentials()
        user = creds[0] if creds else ANONYMOUS
        self.issuer.count("GET", user, scopes)
        if creds and not self.issuer.check_password(*creds):
            return self.refuse(user, scopes, oauth=False)
        answer = self.issuer.mint(user, self.issuer.grant(user, parsed))
        if creds and (query.get("offline_token") or [""])[0].lower() == "true":
            answer["refresh_token"] = self.issuer.new_refresh_token(user)
        self.note(200, user, scopes)
        self.send_json(200, answer)

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        try:
            body = self.read_body()
            if path == "/token":
                self.token_post(body)
            elif path == "/control":
                self.control(body)
            else:
                self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": path}]})
        except BadRequest as e:
            self.note(400)
            self.send_json(400, {"error": "invalid_request", "error_description": str(e)})

    def token_post(self, body):
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))

        def field(name):
            return (form.get(name) or [""])[0]

        grant_type = field("grant_type")
        with self.issuer.lock:
            answer404 = self.issuer.settings["postReturns404"]
        if answer404:
            self.issuer.count("POST", field("username") or ANONYMOUS, [], grant_type or None)
            self.issuer.bump("postAnswered404")
            self.note(404)
            data = b"404 page not found\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.check_service(field("service"))
        scopes, parsed = self.issuer.parse_scopes(form.get("scope", []))
        if grant_type == "password":
            user = field("username")
            self.issuer.count("POST", user or ANONYMOUS, scopes, grant_type)
            if not user:
                raise BadRequest("username is required")
            if not field("client_id"):
                raise BadRequest("client_id is required")
            if not self.issuer.check_password(user, field("password")):
                return self.refuse(user, scopes, oauth=True)
            refresh = self.issuer.new_refresh_token(user)
        elif grant_type == "refresh_token":
            refresh = field("refresh_token")
            with self.issuer.lock:
                user = self.issuer.refresh_tokens.get(refresh)
            self.issuer.count("POST", user or ANONYMOUS, scopes, grant_type)
            if not field("client_id"):
                raise BadRequest("client_id is required")
            if user is None:
                self.issuer.bump("refused")
                self.note(400, "-", scopes)
                return self.send_json(400, {"error": "invalid_grant",
                                            "error_description": "unknown refresh token"})
        else:
            self.issuer.count("POST", ANONYMOUS, scopes, grant_type or None)
            self.note(400)
            return self.send_json(400, {"error": "unsupported_grant_type",
                                        "error_description": f"grant_type {grant_type!r}"})
        access = self.issuer.grant(user, parsed)
        answer = self.issuer.mint(user, access)
        answer["scope"] = " ".join(f"{a['type']}:{a['name']}:{','.join(a['actions'])}"
                                   for a in access)
        answer["refresh_token"] = refresh
        self.note(200, user, scopes)
        self.send_json(200, answer)

    def control(self, body):
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            raise BadRequest("control body must be JSON")
        if not isinstance(request, dict):
            raise BadRequest("control body must be a JSON object")
        known = {"reset", "postReturns404", "expiresIn", "tokenFields"}
        unknown = set(request) - known
        if unknown:
            raise BadRequest(f"unknown control keys {sorted(unknown)}; known: {sorted(known)}")
        if request.get("reset"):
            self.issuer.reset()
        with self.issuer.lock:
            if "postReturns404" in request:
                self.issuer.settings["postReturns404"] = bool(request["postReturns404"])
            if "expiresIn" in request:
                value = request["expiresIn"]
                if not isinstance(value, int) or value < 1:
                    raise BadRequest("expiresIn must be a positive integer")
                self.issuer.settings["expiresIn"] = value
            if "tokenFields" in request:
                value = request["tokenFields"]
                if value not in ("both", "token", "access_token"):
                    raise BadRequest("tokenFields must be both, token or access_token")
                self.issuer.settings["tokenFields"] = value
            settings = dict(self.issuer.settings)
        self.note(200)
        self.send_json(200, {"settings": settings})


def main():
    p = argparse.ArgumentParser(description="Token issuer test double for the harness.")
    p.add_argument("--config", required=True)
    p.add_argument("--ready-file", required=True)
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args()
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    Handler.issuer = Issuer(config)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    write_json_atomic(args.ready_file, {"port": server.server_address[1], "pid": os.getpid(),
                                        "kid": Handler.issuer.kid})
    sys.stderr.write(f"token issuer on 127.0.0.1:{server.server_address[1]} "
                     f"kid={Handler.issuer.kid}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
