"""Shared helpers for the Layerscope integration-test harness.

Key and certificate generation, the libtrust key id that distribution 2.8 expects in a JWT
header, small JSON and HTTP helpers, and process bookkeeping. Standard library plus
python3-cryptography only, so that Debian 12's /usr/bin/python3 runs it as installed.
"""

import base64
import datetime
import hashlib
import ipaddress
import json
import os
import socket
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

JSON_HEADERS = {"Content-Type": "application/json"}


def sha256_digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def write_json_atomic(path, value):
    """Write JSON so that readers never see a half-written file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(value, out, indent=2, sort_keys=False)
        out.write("\n")
    os.replace(tmp, path)


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_private(path, data):
    """Write a file that only the owner may read (keys, password files)."""
    if isinstance(data, str):
        data = data.encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def free_port(host="127.0.0.1"):
    """A port that was free a moment ago. Callers that cannot bind port 0 themselves
    (docker-registry takes its address from a config file) retry on a bind failure."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def rfc3339(when):
    return when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def libtrust_key_id(public_key):
    """Key id as libtrust computes it: SHA-256 of the DER SubjectPublicKeyInfo, first
    240 bits, base32 without padding, twelve groups of four joined by ':'."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    encoded = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode("ascii")
    return ":".join(encoded[i:i + 4] for i in range(0, len(encoded), 4))


def make_self_signed(common_name, organization, key_path, cert_path, hosts=(), days=30):
    """Create an EC P-256 key and a self-signed certificate for it.

    The certificate carries CA:TRUE, as `openssl req -x509` makes it, so that it can be
    handed to clients (curl --cacert, skopeo --cert-dir, Qt) as its own trust anchor.
    Returns a dict describing the certificate for harness.json."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    now = utc_now().replace(microsecond=0)
    alt_names = []
    for host in hosts:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
    )
    if alt_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    write_private(key_path, key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    with open(cert_path, "wb") as out:
        out.write(cert.public_bytes(serialization.Encoding.PEM))
    return describe_certificate(cert, cert_path)


def describe_certificate(cert, cert_path):
    def common_name(name):
        values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
        return values[0].value if values else ""

    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        alt = [str(v) for v in san.get_values_for_type(x509.IPAddress)] + \
            san.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        alt = []
    return {
        "path": cert_path,
        "subject": cert.subject.rfc4514_string(),
        "subjectCN": common_name(cert.subject),
        "issuer": cert.issuer.rfc4514_string(),
        "issuerCN": common_name(cert.issuer),
        "selfSigned": cert.subject == cert.issuer,
        "serialNumber": format(cert.serial_number, "x"),
        "notBefore": rfc3339(cert.not_valid_before.replace(tzinfo=datetime.timezone.utc)),
        "notAfter": rfc3339(cert.not_valid_after.replace(tzinfo=datetime.timezone.utc)),
        "sha256Fingerprint": cert.fingerprint(hashes.SHA256()).hex(":").upper(),
        "subjectAltNames": alt,
        "keyType": "EC P-256",
    }


def load_private_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def proc_start_time(pid):
    """The kernel's start time of a process (clock ticks since boot), or None when it is
    gone. Together with the pid it tells a process apart from a later one that reuses the
    pid, so that `stop` never signals a stranger."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses; fields after it are plain.
    fields = stat[stat.rfind(")") + 2:].split()
    if fields and fields[0] == "Z":
        return None
    return int(fields[19])
