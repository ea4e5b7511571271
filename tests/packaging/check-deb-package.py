#!/usr/bin/env python3
"""Builds Layerscope's Debian package from a build tree and checks it.

    check-deb-package.py --cpack CPACK --config BUILD/CPackConfig.cmake --work-dir DIR
                         --build-dir BUILD --source-dir SOURCE --version X.Y.Z
                         --homepage URL --app-id ID --icon-sizes 16,22,...

The package is made in a new temporary folder under --work-dir, so two runs (or a run beside
other tests) never share files; the folder is removed at the end. Then, with dpkg-deb:

- the control fields: Package, Version, Architecture, Maintainer, Section, Homepage, a
  Description with a summary and a long part, Recommends naming python3 and docker-registry;
- Depends, computed by dpkg-shlibdeps (the CPack configuration must not write it by hand):
  the Qt 6 libraries, QtKeychain and the C library, each with a minimum version;
- the contents: both programs, the desktop entry and metainfo (the project's own files), the
  scalable icon and a PNG of each hicolor size that really is a PNG of that size, the demo's
  pusher; nothing outside /usr, nothing from the build or source tree, no test programs, and
  programs stripped of their symbol tables;
- the extracted programs answer --version with the project's version, without a display.

Every problem is printed on a line of its own, naming the file or field; the exit status is 1
when there is any.
"""

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

PACKAGE = "layerscope"
MAINTAINER = "The Layerscope developers <layerscope@users.noreply.github.com>"
SECTION = "devel"
# The shared libraries the programs link against, by the Debian package that ships them.
REQUIRED_DEPENDS = ["libqt6core6", "libqt6gui6", "libqt6network6", "libqt6widgets6",
                    "libqt6keychain1", "libc6"]
REQUIRED_RECOMMENDS = ["python3", "docker-registry"]
PROGRAMS = ["usr/bin/layerscope", "usr/bin/layerscope-cli"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Checker:
    """Collects problems instead of stopping at the first, so one run shows them all."""

    def __init__(self):
        self.problems = []

    def fail(self, message):
        self.problems.append(message)
        print(f"FAIL: {message}", flush=True)

    def expect(self, condition, message):
        if not condition:
            self.fail(message)
        return condition


def run(command, timeout, env=None):
    """Runs a command; returns (exit status, stdout, stderr) as text."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                env=env, check=False)
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout} s"
    except OSError as error:
        return None, "", str(error)
    return result.returncode, result.stdout, result.stderr


def parse_control(text):
    """Parses deb822 control text into {field: value}; continuation lines joined by newlines."""
    fields = {}
    current = None
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and current:
            fields[current] += "\n" + line
        elif ":" in line:
            current, _, value = line.partition(":")
            fields[current] = value.strip()
    return fields


def relation_names(value):
    """Package names of a Depends-style field, with any alternatives ('a | b')."""
    names = set()
    for group in value.split(","):
        for alternative in group.split("|"):
            name = alternative.strip().split(" ")[0].split("(")[0].split(":")[0]
            if name:
                names.add(name)
    return names


def png_size(path):
    """(width, height) from the IHDR chunk of a PNG file; raises ValueError if it is not one."""
    with open(path, "rb") as f:
        header = f.read(24)
    if len(header) < 24 or header[:8] != PNG_SIGNATURE:
        raise ValueError("does not start with the PNG signature")
    if header[12:16] != b"IHDR":
        raise ValueError("has no IHDR chunk first")
    return struct.unpack(">II", header[16:24])


def elf_section_names(path):
    """Names of the sections of a 64-bit little-endian ELF file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("is not a 64-bit little-endian ELF file")
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    def section(index):
        # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size
        return struct.unpack_from("<IIQQQQ", data, shoff + index * shentsize)
    strtab_offset = section(shstrndx)[4]
    names = []
    for index in range(shnum):
        name_offset = strtab_offset + section(index)[0]
        names.append(data[name_offset:data.index(b"\0", name_offset)].decode())
    return names


def check_control(c, deb, fields, args, architecture, cpack_config):
    for field in ("Package", "Version", "Architecture", "Maintainer", "Section", "Description",
                  "Depends", "Recommends", "Homepage"):
        c.expect(fields.get(field), f"{deb}: the control field {field} is missing or empty")
    c.expect(fields.get("Package") == PACKAGE,
             f"{deb}: Package is {fields.get('Package')!r}, expected {PACKAGE!r}")
    c.expect(fields.get("Version") == args.version,
             f"{deb}: Version is {fields.get('Version')!r}, expected the project's {args.version!r}")
    c.expect(fields.get("Architecture") == architecture,
             f"{deb}: Architecture is {fields.get('Architecture')!r}, expected {architecture!r}")
    c.expect(fields.get("Maintainer") == MAINTAINER,
             f"{deb}: Maintainer is {fields.get('Maintainer')!r}, expected {MAINTAINER!r}")
    c.expect(fields.get("Section") == SECTION,
             f"{deb}: Section is {fields.get('Section')!r}, expected {SECTION!r}")
    c.expect(fields.get("Homepage") == args.homepage,
             f"{deb}: Homepage is {fields.get('Homepage')!r}, expected {args.homepage!r}")

    description = fields.get("Description", "").split("\n")
    summary, long_lines = description[0], description[1:]
    c.expect(summary and len(summary) <= 80,
             f"{deb}: the Description's summary line {summary!r} is empty or longer than 80 "
             "characters")
    c.expect(len(long_lines) >= 2,
             f"{deb}: the Description has no long description under its summary")
    for line in long_lines:
        c.expect(line.startswith(" ") and line.strip(),
                 f"{deb}: the Description line {line!r} is not a continuation line (a space, "
                 "then text or '.')")

    depends = fields.get("Depends", "")
    names = relation_names(depends)
    for required in REQUIRED_DEPENDS:
        c.expect(required in names, f"{deb}: Depends does not name {required}: {depends!r}")
    # dpkg-shlibdeps writes a minimum version for each library from its symbols file; a
    # hand-written Depends line usually has none.
    for relation in depends.split(","):
        relation = relation.strip()
        if relation.split(" ")[0] in REQUIRED_DEPENDS:
            c.expect(re.search(r"\(>= [^)]+\)", relation),
                     f"{deb}: the Depends relation {relation!r} has no minimum version, so it "
                     "was not computed by dpkg-shlibdeps")
    with open(cpack_config, encoding="utf-8") as f:
        config = f.read()
    c.expect(re.search(r'set\(CPACK_DEBIAN_PACKAGE_SHLIBDEPS "(ON|TRUE|1)"\)', config),
             f"{cpack_config}: CPACK_DEBIAN_PACKAGE_SHLIBDEPS is not ON")
    c.expect("CPACK_DEBIAN_PACKAGE_DEPENDS" not in config,
             f"{cpack_config}: CPACK_DEBIAN_PACKAGE_DEPENDS is set: Depends must come from "
             "dpkg-shlibdeps alone")

    recommends = relation_names(fields.get("Recommends", ""))
    for required in REQUIRED_RECOMMENDS:
        c.expect(required in recommends,
                 f"{deb}: Recommends does not name {required} (the demo needs it): "
                 f"{fields.get('Recommends')!r}")


def expected_files(args):
    icons = "usr/share/icons/hicolor"
    files = PROGRAMS + [
        f"usr/share/applications/{args.app_id}.desktop",
        f"usr/share/metainfo/{args.app_id}.metainfo.xml",
        f"{icons}/scalable/apps/{args.app_id}.svg",
        "usr/share/layerscope/demo/pusher.py",
    ]
    files += [f"{icons}/{n}x{n}/apps/{args.app_id}.png" for n in args.icon_sizes]
    return files


def check_listing(c, deb, listing, args):
    """Checks `dpkg-deb -c` output: paths, owners and modes."""
    entries = {}
    for line in listing.splitlines():
        parts = line.split(None, 5)
        if len(parts) < 6:
            c.fail(f"{deb}: cannot read the contents line {line!r}")
            continue
        mode, owner, path = parts[0], parts[1], parts[5].split(" -> ")[0]
        path = path[2:] if path.startswith("./") else path
        entries[path.rstrip("/")] = (mode, owner)
    for path in expected_files(args):
        c.expect(path in entries, f"{deb}: does not contain {path}")

    build_dirs = {os.path.realpath(args.build_dir), os.path.realpath(args.source_dir)}
    for path, (mode, owner) in sorted(entries.items()):
        if not path:
            continue
        # An install() rule with an absolute destination puts build-machine paths (/work/…,
        # /root/…) into the package.
        c.expect(path == "usr" or path.startswith("usr/"),
                 f"{deb}: {path} is outside /usr (a build-machine path?)")
        for build_dir in build_dirs:
            c.expect(build_dir.strip("/") not in path,
                     f"{deb}: {path} carries the build or source tree's path {build_dir}")
        name = os.path.basename(path)
        c.expect(not (name.startswith("tst_") or "/tests/" in f"/{path}/"
                      or name in ("layerscope-rendericon", "CTestTestfile.cmake")),
                 f"{deb}: {path} is a test or build program, not part of the application")
        c.expect(owner == "root/root", f"{deb}: {path} is owned by {owner}, not root/root")
        if mode.startswith("-"):
            executable = "x" in mode
            should_execute = path in PROGRAMS or path.endswith(".py")
            c.expect(executable == should_execute,
                     f"{deb}: {path} has mode {mode}, expected it "
                     f"{'executable' if should_execute else 'not executable'}")
    programs = sorted(p for p in entries if p.startswith("usr/bin/"))
    c.expect(programs == sorted(PROGRAMS),
             f"{deb}: usr/bin holds {programs}, expected exactly {sorted(PROGRAMS)}")


def check_extracted(c, deb, root, args):
    """Checks the files themselves: icons, programs, desktop files."""
    for size in args.icon_sizes:
        path = os.path.join(root, f"usr/share/icons/hicolor/{size}x{size}/apps/{args.app_id}.png")
        if not os.path.exists(path):
            continue  # reported with the contents
        try:
            width, height = png_size(path)
            c.expect((width, height) == (size, size),
                     f"{deb}: {os.path.relpath(path, root)} is {width}x{height}, expected "
                     f"{size}x{size}")
        except ValueError as error:
            c.fail(f"{deb}: {os.path.relpath(path, root)} {error}")

    for name, source in ((f"usr/share/applications/{args.app_id}.desktop",
                          f"packaging/{args.app_id}.desktop"),
                         (f"usr/share/metainfo/{args.app_id}.metainfo.xml",
                          f"packaging/{args.app_id}.metainfo.xml"),
                         (f"usr/share/icons/hicolor/scalable/apps/{args.app_id}.svg",
                          "resources/icons/layerscope.svg")):
        path = os.path.join(root, name)
        if os.path.exists(path):
            with open(path, "rb") as packaged, open(os.path.join(args.source_dir, source),
                                                    "rb") as original:
                c.expect(packaged.read() == original.read(),
                         f"{deb}: {name} differs from the project's {source}")

    build_path = os.path.realpath(args.build_dir).encode()
    for program in PROGRAMS:
        path = os.path.join(root, program)
        if not os.path.exists(path):
            continue
        try:
            sections = elf_section_names(path)
            for debug in (".symtab", ".debug_info"):
                c.expect(debug not in sections,
                         f"{deb}: {program} is not stripped (it has a {debug} section)")
        except (ValueError, struct.error) as error:
            c.fail(f"{deb}: {program} {error}")
        with open(path, "rb") as f:
            c.expect(build_path not in f.read(),
                     f"{deb}: {program} contains the build tree's path {build_path.decode()} "
                     "(an RPATH or a generated file's name)")

        # No display: the programs must answer --version before they need one.
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        status, out, err = run([path, "--version"], timeout=60, env=env)
        c.expect(status == 0,
                 f"{deb}: {program} --version exited with {status}: {(out + err).strip()!r}")
        c.expect(args.version in out,
                 f"{deb}: {program} --version does not print the version {args.version}: "
                 f"{(out + err).strip()!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("cpack", "config", "work-dir", "build-dir", "source-dir", "version",
                   "homepage", "app-id", "icon-sizes"):
        parser.add_argument(f"--{option}", required=True)
    args = parser.parse_args()
    args.icon_sizes = [int(size) for size in args.icon_sizes.split(",") if size]

    c = Checker()
    if not args.icon_sizes:
        c.fail("no icon sizes given: the packaging/ CMakeLists.txt did not publish them")
    status, architecture, err = run(["dpkg", "--print-architecture"], timeout=30)
    if status != 0:
        print(f"FAIL: dpkg --print-architecture failed: {err.strip()}")
        return 1
    architecture = architecture.strip()

    os.makedirs(args.work_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="deb_package.", dir=args.work_dir)
    try:
        out_dir = os.path.join(work, "package")
        status, out, err = run([args.cpack, "-G", "DEB", "--config", args.config, "-B", out_dir],
                               timeout=280)
        if status != 0:
            print(out + err)
            print(f"FAIL: cpack -G DEB --config {args.config} failed ({status})")
            return 1
        debs = [f for f in os.listdir(out_dir) if f.endswith(".deb")]
        if len(debs) != 1:
            print(out + err)
            print(f"FAIL: cpack made {len(debs)} .deb files in {out_dir}, expected one: {debs}")
            return 1
        deb = os.path.join(out_dir, debs[0])
        expected_name = f"{PACKAGE}_{args.version}_{architecture}.deb"
        c.expect(debs[0] == expected_name,
                 f"{debs[0]}: the file is not named as Debian names packages ({expected_name})")
        print(f"{debs[0]}: {os.path.getsize(deb)} bytes")

        status, info, err = run(["dpkg-deb", "-I", deb], timeout=60)
        if c.expect(status == 0, f"{debs[0]}: dpkg-deb -I failed: {err.strip()}"):
            c.expect(re.search(r"^\s+\d+ bytes,\s+\d+ lines\s+control", info, re.M),
                     f"{debs[0]}: dpkg-deb -I lists no control file")
            c.expect(re.search(r"^\s+\d+ bytes,\s+\d+ lines\s+md5sums", info, re.M),
                     f"{debs[0]}: dpkg-deb -I lists no md5sums file")
        status, control, err = run(["dpkg-deb", "-f", deb], timeout=60)
        if c.expect(status == 0, f"{debs[0]}: dpkg-deb -f failed: {err.strip()}"):
            print(control.rstrip())
            check_control(c, debs[0], parse_control(control), args, architecture, args.config)
        status, listing, err = run(["dpkg-deb", "-c", deb], timeout=60)
        if c.expect(status == 0, f"{debs[0]}: dpkg-deb -c failed: {err.strip()}"):
            check_listing(c, debs[0], listing, args)
        root = os.path.join(work, "root")
        status, _, err = run(["dpkg-deb", "-x", deb, root], timeout=120)
        if c.expect(status == 0, f"{debs[0]}: dpkg-deb -x failed: {err.strip()}"):
            check_extracted(c, debs[0], root, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if c.problems:
        print(f"{len(c.problems)} problems")
        return 1
    print("the package is as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
