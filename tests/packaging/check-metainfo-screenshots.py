#!/usr/bin/env python3
"""Checks that every screenshot the AppStream metainfo names is a PNG committed in docs/images/
with the width and height the metainfo gives (the URLs point at the repository's copy)."""
import argparse
import struct
import sys
import xml.etree.ElementTree as ElementTree

PREFIX = "https://raw.githubusercontent.com/layerscope/layerscope/main/"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--metainfo", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()

    problems = []
    images = ElementTree.parse(args.metainfo).getroot().findall("./screenshots/screenshot/image")
    if not images:
        problems.append(f"{args.metainfo}: no screenshots")
    for image in images:
        url = (image.text or "").strip()
        if not url.startswith(PREFIX):
            problems.append(f"{url}: not a file of the repository ({PREFIX}…)")
            continue
        path = f"{args.source_dir}/{url[len(PREFIX):]}"
        try:
            with open(path, "rb") as png:
                header = png.read(24)
        except OSError as error:
            problems.append(f"{url}: {error}")
            continue
        if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
            problems.append(f"{path}: not a PNG")
            continue
        width, height = struct.unpack(">II", header[16:24])
        expected = (int(image.get("width", 0)), int(image.get("height", 0)))
        if (width, height) != expected:
            problems.append(f"{path}: {width}x{height}, the metainfo says {expected[0]}x{expected[1]}")
        else:
            print(f"{path}: {width}x{height}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
