"""Decodes the qrbench corpus with zxing-cpp or zbar (pyzbar over libzbar0), timing each frame in-process.

Usage: python3 zxing_bench.py zxing|zbar CORPUS_DIR
Reads CORPUS_DIR/manifest.json and prints one JSON line per frame: {"file", "texts", "ms"}; the first line
is {"version": ...}. Exits with status 3 when the decoder's Python package is missing.
"""

import json
import os
import sys
import time


def main():
    backend, corpus = sys.argv[1], sys.argv[2]
    try:
        from PIL import Image

        if backend == "zxing":
            import zxingcpp

            version = getattr(zxingcpp, "__version__", None)
            if version is None:
                from importlib.metadata import version as dist_version

                version = dist_version("zxing-cpp")

            def decode(img):
                found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
                return [b.text for b in found if b.valid]

        else:
            from pyzbar import pyzbar

            version = "libzbar0 via pyzbar"

            def decode(img):
                found = pyzbar.decode(img, symbols=[pyzbar.ZBarSymbol.QRCODE])
                return [s.data.decode("utf-8", "replace") for s in found]

    except ImportError as e:
        print(f"missing: {e}", file=sys.stderr)
        sys.exit(3)
    with open(os.path.join(corpus, "manifest.json")) as f:
        frames = json.load(f)
    print(json.dumps({"version": version}), flush=True)
    for frame in frames:
        img = Image.open(os.path.join(corpus, frame["file"])).convert("L")
        img.load()
        start = time.perf_counter()
        texts = decode(img)
        ms = (time.perf_counter() - start) * 1000.0
        print(json.dumps({"file": frame["file"], "texts": texts, "ms": ms}), flush=True)


if __name__ == "__main__":
    main()
