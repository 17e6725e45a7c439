#!/usr/bin/env python3
"""Rebuilds assets/backend-placeholder.zip from assets/backend-placeholder/ reproducibly (fixed
timestamps and permissions, sorted entries), so the same sources always give the same bytes and
the Lambda's source hash only changes when the code does. The serverless stack ships the zip as a
file asset; __tests__/serverless-api.test.ts checks it matches the sources."""
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "assets", "backend-placeholder")
TARGET = os.path.join(ROOT, "assets", "backend-placeholder.zip")


def main() -> int:
    names = sorted(n for n in os.listdir(SOURCE) if not n.startswith(".") and n != "__pycache__")
    with zipfile.ZipFile(TARGET, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(os.path.join(SOURCE, name), "rb") as f:
                z.writestr(info, f.read())
    print(f"wrote {os.path.relpath(TARGET, ROOT)} ({', '.join(names)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
