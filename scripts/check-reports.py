#!/usr/bin/env python3
"""Checks autoheal's OpenMetrics and HTML reports with real consumers.

OpenMetrics: parsed by prometheus_client's OpenMetrics parser (and by its Prometheus text parser,
which is what node_exporter's textfile collector speaks); the metric families autoheal promises must
be there with the right types.

HTML: a headless Chromium screenshot must not be blank (enough distinct colours, enough ink) and the
DOM Chromium built must hold the report's sections and SVG charts. The file itself must not load
anything from the network or run script.

Usage: check-reports.py [--openmetrics FILE] [--html FILE --screenshot PNG --dom FILE]
Exit status 0 when every given check passes, 1 otherwise (each failure is printed).
"""
import argparse
import re
import struct
import sys
import zlib

FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message, file=sys.stderr)


REQUIRED_FAMILIES = {
    "autoheal_mttd_seconds": "summary",
    "autoheal_mttr_seconds": "summary",
    "autoheal_mttp_seconds": "summary",
    "autoheal_incidents": "gauge",
    "autoheal_incidents_undeclared": "gauge",
    "autoheal_incidents_reclassified": "gauge",
    "autoheal_prevention_open": "gauge",
    "autoheal_clock_fallbacks": "gauge",
    "autoheal_clock_rule": "gauge",
}


def check_openmetrics(path):
    try:
        from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_om
        from prometheus_client.parser import text_string_to_metric_families as parse_prom
    except ImportError:
        fail("python package prometheus-client is missing (pip install prometheus-client)")
        return
    text = open(path, encoding="utf-8").read()
    if not text.endswith("# EOF\n"):
        fail(f"{path}: does not end with '# EOF'")
    try:
        families = {f.name: f for f in parse_om(text)}
    except Exception as e:  # the parser raises ValueError with the offending line
        fail(f"{path}: not valid OpenMetrics: {e}")
        return
    for name, kind in REQUIRED_FAMILIES.items():
        if name not in families:
            fail(f"{path}: metric family {name} missing")
        elif families[name].type != kind:
            fail(f"{path}: {name} is a {families[name].type}, expected {kind}")
    for name in ("autoheal_mttd_seconds", "autoheal_mttr_seconds", "autoheal_mttp_seconds"):
        if name in families and families[name].unit != "seconds":
            fail(f"{path}: {name} has unit {families[name].unit!r}, expected 'seconds'")
    samples = sum(len(f.samples) for f in families.values())
    if samples == 0:
        fail(f"{path}: no samples")
    # node_exporter's textfile collector reads the Prometheus text format.
    try:
        prom = list(parse_prom(text))
    except Exception as e:
        fail(f"{path}: not readable as Prometheus text format (textfile collector): {e}")
        return
    print(f"ok: {path}: {len(families)} OpenMetrics families, {samples} samples; {len(prom)} families as Prometheus text")


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA PNG into (width, height, rows of bytes, bytes per pixel)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def check_screenshot(path):
    try:
        width, height, rows, bpp = png_pixels(path)
    except Exception as e:
        fail(f"{path}: cannot read the screenshot: {e}")
        return
    colours, ink, total = set(), 0, 0
    for row in rows[::2]:
        for x in range(0, width * bpp, bpp * 2):
            px = row[x:x + 3]
            colours.add(px)
            total += 1
            if min(px) < 200:
                ink += 1
    share = ink / max(total, 1)
    if len(colours) < 16 or share < 0.005:
        fail(f"{path}: the page looks blank ({len(colours)} colours, {share:.2%} ink)")
    else:
        print(f"ok: {path}: {width}x{height}, {len(colours)} colours, {share:.1%} ink")


def check_html(path, dom_path):
    html = open(path, encoding="utf-8").read()
    lowered = html.lower()
    styles = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", lowered, re.S))
    problems = {
        "a <script> element": "<script" in lowered,
        "an element loading a resource (src/href)": re.search(r"<[a-z][^>]*\s(src|href|xlink:href|srcset)\s*=", lowered),
        "a stylesheet import or url()": "@import" in styles or "url(" in styles,
    }
    for what, found in problems.items():
        if found:
            fail(f"{path}: contains {what}: the report must be self-contained and script-free")
    dom = open(dom_path, encoding="utf-8", errors="replace").read()
    svgs = dom.count("<svg")
    if svgs < 1:
        fail(f"{dom_path}: the rendered page has no SVG chart")
    for section in ("summary", "clocks", "prevention", "open-work", "tables", "rules", "fallbacks"):
        if f'id="{section}"' not in dom:
            fail(f"{dom_path}: the rendered page has no #{section} section")
    if "<table" not in dom:
        fail(f"{dom_path}: the rendered page has no table")
    print(f"ok: {dom_path}: {svgs} SVG charts, all sections present")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--openmetrics")
    ap.add_argument("--html")
    ap.add_argument("--screenshot")
    ap.add_argument("--dom")
    args = ap.parse_args()
    if args.openmetrics:
        check_openmetrics(args.openmetrics)
    if args.html:
        check_html(args.html, args.dom)
        check_screenshot(args.screenshot)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
