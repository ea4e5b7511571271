#!/usr/bin/env python3
"""Checks Layerscope's Flatpak manifest without building it.

The manifest cannot be built offline (flatpak-builder downloads the KDE runtime and the
sources), so this checks what a review of it would: the application id, runtime and command;
that the sandbox gets the permissions Layerscope needs (network, display, the keychain's D-Bus
name, read-only access to docker's and podman's login files) and none that would defeat it;
that every module can be fetched reproducibly; and that Layerscope itself is built last,
from this tree, without its tests.

    check-flatpak-manifest.py --manifest FILE --app-id ID --source-dir DIR [--self-test]

--self-test checks the checker instead: it alters a copy of the manifest in each way a
mistake could and fails unless every alteration is reported.
"""

import argparse
import copy
import json
import os
import re
import sys

RUNTIME = "org.kde.Platform"
SDK = "org.kde.Sdk"
COMMAND = "layerscope"

# What Layerscope does in the sandbox: talk to registries, show a window (Wayland, else X11),
# use the GPU, keep logins in the Secret Service keychain, and read docker's and podman's
# logins without being able to change them.
REQUIRED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--talk-name=org.freedesktop.secrets",
    "--filesystem=~/.docker/config.json:ro",
    "--filesystem=xdg-run/containers/auth.json:ro",
    "--filesystem=~/.config/containers/auth.json:ro",
]

# Access that would make the sandbox pointless: the whole home folder or host, or the D-Bus
# name that lets an application run commands outside its sandbox.
FORBIDDEN_FILESYSTEMS = {"home", "host", "host-os", "host-etc"}
FORBIDDEN_TALK_NAMES = {"org.freedesktop.Flatpak"}

BUILDSYSTEMS = {"autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake"}
DOWNLOADED_SOURCES = {"archive", "file"}
SHA256 = re.compile(r"^[0-9a-f]{64}$")
RUNTIME_VERSION = re.compile(r"^6\.[0-9]+$")


def check(manifest, app_id, manifest_dir, source_dir):
    """Returns the list of problems found in the parsed manifest (empty when it is right)."""
    problems = []
    if not isinstance(manifest, dict):
        return ["the manifest is not a JSON object"]

    manifest_id = manifest.get("app-id", manifest.get("id"))
    if manifest_id != app_id:
        problems.append(f"app-id is {manifest_id!r}, expected the application id {app_id!r}")
    if manifest.get("runtime") != RUNTIME:
        problems.append(f"runtime is {manifest.get('runtime')!r}, expected {RUNTIME!r}")
    runtime_version = manifest.get("runtime-version")
    if not isinstance(runtime_version, str) or not RUNTIME_VERSION.match(runtime_version):
        problems.append(f"runtime-version is {runtime_version!r}, expected a Qt 6 KDE runtime "
                        "such as \"6.10\" (a string)")
    if manifest.get("sdk") != SDK:
        problems.append(f"sdk is {manifest.get('sdk')!r}, expected {SDK!r}")
    if manifest.get("command") != COMMAND:
        problems.append(f"command is {manifest.get('command')!r}, expected {COMMAND!r}")

    problems += check_finish_args(manifest.get("finish-args"))
    problems += check_modules(manifest.get("modules"), manifest_dir, source_dir)
    return problems


def check_finish_args(finish_args):
    if not isinstance(finish_args, list) or not all(isinstance(a, str) for a in finish_args):
        return ["finish-args is missing or not a list of strings"]
    problems = []
    for required in REQUIRED_FINISH_ARGS:
        if required not in finish_args:
            problems.append(f"finish-args lacks {required}")
    seen = set()
    for argument in finish_args:
        if argument in seen:
            problems.append(f"finish-args names {argument} twice")
        seen.add(argument)
        option, _, value = argument.partition("=")
        if option == "--filesystem":
            location, _, mode = value.partition(":")
            if location in FORBIDDEN_FILESYSTEMS:
                problems.append(f"finish-args grants {argument}: Layerscope reads two login "
                                "files, not the whole home folder or host")
            elif "auth.json" in location or "docker" in location:
                if mode != "ro":
                    problems.append(f"finish-args grants {argument} writable: Layerscope only "
                                    "reads docker's and podman's logins (add :ro)")
        elif option == "--talk-name" and value in FORBIDDEN_TALK_NAMES:
            problems.append(f"finish-args grants {argument}, which lets the application run "
                            "commands outside the sandbox")
        elif option == "--socket" and value == "x11":
            problems.append("finish-args grants --socket=x11: use --socket=fallback-x11 so "
                            "Wayland sessions do not get X11 access as well")
    return problems


def check_modules(modules, manifest_dir, source_dir):
    if not isinstance(modules, list) or not modules:
        return ["modules is missing or empty"]
    problems = []
    names = []
    for index, module in enumerate(modules):
        if not isinstance(module, dict):
            problems.append(f"module #{index + 1} is not an object (modules in other files "
                            "cannot be checked here)")
            continue
        name = module.get("name")
        if not isinstance(name, str) or not name:
            problems.append(f"module #{index + 1} has no name")
            name = f"#{index + 1}"
        elif name in names:
            problems.append(f"module {name} appears twice")
        names.append(name)
        buildsystem = module.get("buildsystem", "autotools")
        if buildsystem not in BUILDSYSTEMS:
            problems.append(f"module {name}: unknown buildsystem {buildsystem!r}")
        sources = module.get("sources")
        if not isinstance(sources, list) or not sources:
            problems.append(f"module {name} has no sources")
            continue
        for number, source in enumerate(sources, start=1):
            problems += check_source(name, number, source)

    by_name = {m.get("name"): m for m in modules if isinstance(m, dict)}
    keychain = by_name.get("qtkeychain")
    if keychain is None:
        problems.append("no qtkeychain module: the KDE runtime does not ship QtKeychain, "
                        "which Layerscope links against")
    elif "-DBUILD_WITH_QT6=ON" not in keychain.get("config-opts", []):
        problems.append("module qtkeychain is not configured with -DBUILD_WITH_QT6=ON: it would "
                        "build against Qt 5")

    last = modules[-1] if isinstance(modules[-1], dict) else {}
    if last.get("name") != "layerscope":
        problems.append(f"the last module is {last.get('name')!r}, expected layerscope (the "
                        "application is built after the libraries it needs)")
    else:
        problems += check_application_module(last, manifest_dir, source_dir)
    return problems


def check_source(module, number, source):
    where = f"module {module}, source {number}"
    if not isinstance(source, dict):
        return [f"{where} is not an object"]
    kind = source.get("type")
    problems = []
    if kind in DOWNLOADED_SOURCES and "url" in source:
        sha256 = source.get("sha256")
        if not isinstance(sha256, str) or not SHA256.match(sha256):
            problems.append(f"{where} ({source.get('url')}) has no sha256 of 64 lower-case hex "
                            f"digits (it has {sha256!r}): downloads must be verified")
        if not str(source.get("url", "")).startswith("https://"):
            problems.append(f"{where} is downloaded over {source.get('url')!r}, not https")
    elif kind == "git":
        if not source.get("commit") and not source.get("tag"):
            problems.append(f"{where} is a git source with neither a tag nor a commit: the "
                            "build would not be reproducible")
    elif kind not in {"dir", "patch", "script", "shell"} and kind not in DOWNLOADED_SOURCES:
        problems.append(f"{where} has an unknown type {kind!r}")
    return problems


def check_application_module(module, manifest_dir, source_dir):
    problems = []
    if module.get("buildsystem") != "cmake-ninja":
        problems.append(f"module layerscope: buildsystem is {module.get('buildsystem')!r}, "
                        "expected cmake-ninja")
    options = module.get("config-opts", [])
    for required in ("-DLAYERSCOPE_BUILD_TESTS=OFF", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"):
        if required not in options:
            problems.append(f"module layerscope: config-opts lacks {required}")
    if any(o.startswith("-DLAYERSCOPE_BUILD_TESTS=") and o != "-DLAYERSCOPE_BUILD_TESTS=OFF"
           for o in options):
        problems.append("module layerscope: config-opts turns the tests on; they need a "
                        "registry and a keychain the build sandbox does not have")
    sources = module.get("sources", [])
    dirs = [s for s in sources if isinstance(s, dict) and s.get("type") == "dir"]
    if len(dirs) != 1:
        problems.append("module layerscope: expected exactly one source of type dir (this tree)")
        return problems
    path = dirs[0].get("path")
    resolved = os.path.realpath(os.path.join(manifest_dir, str(path)))
    if resolved != os.path.realpath(source_dir):
        problems.append(f"module layerscope: the dir source {path!r} resolves to {resolved}, "
                        f"not to the project's root {os.path.realpath(source_dir)}")
    elif "build" not in dirs[0].get("skip", []):
        problems.append("module layerscope: the dir source does not skip build/, so every local "
                        "build tree would be copied into the Flatpak build")
    return problems


def self_test(manifest, app_id, manifest_dir, source_dir):
    """Each alteration must be reported, with a message naming the altered thing."""

    def without_finish_arg(argument):
        def alter(m):
            m["finish-args"].remove(argument)
        return alter

    def add_finish_arg(argument):
        def alter(m):
            m["finish-args"].append(argument)
        return alter

    def module(m, name):
        return next(x for x in m["modules"] if x.get("name") == name)

    def set_key(key, value):
        def alter(m):
            m[key] = value
        return alter

    def break_sha(m):
        module(m, "qtkeychain")["sources"][0]["sha256"] = "0123"

    def drop_sha(m):
        del module(m, "qtkeychain")["sources"][0]["sha256"]

    def tests_on(m):
        opts = module(m, "layerscope")["config-opts"]
        opts[opts.index("-DLAYERSCOPE_BUILD_TESTS=OFF")] = "-DLAYERSCOPE_BUILD_TESTS=ON"

    def application_first(m):
        m["modules"].insert(0, m["modules"].pop())

    def drop_sources(m):
        del module(m, "qtkeychain")["sources"]

    def drop_name(m):
        del module(m, "qtkeychain")["name"]

    def wrong_dir(m):
        module(m, "layerscope")["sources"][0]["path"] = ".."

    def writable_login(m):
        args = m["finish-args"]
        args[args.index("--filesystem=~/.docker/config.json:ro")] = "--filesystem=~/.docker/config.json"

    def no_qt6(m):
        module(m, "qtkeychain")["config-opts"].remove("-DBUILD_WITH_QT6=ON")

    # Each alteration and a piece of the message that must report it.
    alterations = [
        (set_key("app-id", "org.example.Other"), "app-id is 'org.example.Other'"),
        (set_key("runtime", "org.freedesktop.Platform"), "runtime is 'org.freedesktop.Platform'"),
        (set_key("runtime-version", "5.15-23.08"), "runtime-version is '5.15-23.08'"),
        (set_key("runtime-version", 6.1), "runtime-version is 6.1"),
        (set_key("sdk", "org.gnome.Sdk"), "sdk is 'org.gnome.Sdk'"),
        (set_key("command", "layerscope-cli"), "command is 'layerscope-cli'"),
        (without_finish_arg("--share=network"), "lacks --share=network"),
        (without_finish_arg("--talk-name=org.freedesktop.secrets"),
         "lacks --talk-name=org.freedesktop.secrets"),
        (without_finish_arg("--socket=fallback-x11"), "lacks --socket=fallback-x11"),
        (without_finish_arg("--filesystem=xdg-run/containers/auth.json:ro"),
         "lacks --filesystem=xdg-run/containers/auth.json:ro"),
        (add_finish_arg("--filesystem=home"), "grants --filesystem=home"),
        (add_finish_arg("--filesystem=host:ro"), "grants --filesystem=host:ro"),
        (add_finish_arg("--talk-name=org.freedesktop.Flatpak"),
         "grants --talk-name=org.freedesktop.Flatpak"),
        (add_finish_arg("--socket=x11"), "grants --socket=x11"),
        (add_finish_arg("--share=network"), "names --share=network twice"),
        (writable_login, "grants --filesystem=~/.docker/config.json writable"),
        (break_sha, "has no sha256"),
        (drop_sha, "has no sha256"),
        (tests_on, "turns the tests on"),
        (application_first, "the last module is 'qtkeychain'"),
        (drop_sources, "module qtkeychain has no sources"),
        (drop_name, "module #1 has no name"),
        (wrong_dir, "resolves to"),
        (no_qt6, "-DBUILD_WITH_QT6=ON"),
    ]
    failures = []
    for alter, expected in alterations:
        altered = copy.deepcopy(manifest)
        alter(altered)
        problems = check(altered, app_id, manifest_dir, source_dir)
        if not any(expected in p for p in problems):
            failures.append(f"the alteration that should report {expected!r} was not reported "
                            f"(problems reported: {problems or 'none'})")
    print(f"{len(alterations) - len(failures)} of {len(alterations)} alterations reported")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()

    try:
        with open(args.manifest, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as error:
        print(f"FAIL: {args.manifest}: cannot be read as JSON: {error}")
        return 1
    manifest_dir = os.path.dirname(os.path.abspath(args.manifest))

    problems = check(manifest, args.app_id, manifest_dir, args.source_dir)
    if args.self_test:
        if problems:
            problems = ["the manifest itself must pass before the checker can be tested: "
                        + "; ".join(problems)]
        else:
            problems = self_test(manifest, args.app_id, manifest_dir, args.source_dir)
    for problem in problems:
        print(f"FAIL: {args.manifest}: {problem}")
    if problems:
        return 1
    if not args.self_test:
        print(f"{args.manifest}: {len(manifest['modules'])} modules, "
              f"{len(manifest['finish-args'])} finish-args, all as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
