#!/usr/bin/env python3
"""Draws ShopTrust's toolbar and store icons: a dark-teal shield with a white check mark.

Only the standard library (zlib, struct): rerun it to regenerate
extension/icons/icon-{16,32,48,128}.png after changing the shape or colours.

    python3 xtask/js/make-icons.py [OUT_DIR]
"""

import math
import os
import struct
import sys
import zlib

SIZES = (16, 32, 48, 128)
SHIELD = (0x0B, 0x5C, 0x63)  # dark teal
RIM = (0x07, 0x3F, 0x45)  # darker edge, keeps the shape visible on dark toolbars
CHECK = (0xFF, 0xFF, 0xFF)
SUPERSAMPLE = 5


def shield_half_width(y):
    """Half the shield's width at height y (0 top .. 1 bottom), or None outside it."""
    top, shoulder, bottom = 0.06, 0.52, 0.96
    if y < top or y > bottom:
        return None
    if y <= shoulder:
        return 0.40
    t = (y - shoulder) / (bottom - shoulder)
    return 0.40 * (1.0 - t ** 1.7)


def top_edge(x):
    """The top edge dips gently towards the middle, like a heraldic shield."""
    return 0.06 + 0.05 * (1.0 - (abs(x) / 0.40) ** 2)


def inside_shield(x, y, inset=0.0):
    """x measured from the centre line, y from the top, both in 0..1 units."""
    if y < top_edge(x) + inset:
        return False
    w = shield_half_width(y + inset * 0.6)
    return w is not None and abs(x) <= w - inset


def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def on_check(x, y, size):
    # Thicker strokes at small sizes so the mark survives at 16 px.
    half = 0.075 if size >= 48 else (0.085 if size >= 32 else 0.10)
    a, b, c = (0.30, 0.50), (0.45, 0.65), (0.71, 0.35)
    return (dist_to_segment(x, y, *a, *b) <= half) or (dist_to_segment(x, y, *b, *c) <= half)


def render(size):
    rim = max(1.0 / size, 0.035)
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter type 0 for this scanline
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(SUPERSAMPLE):
                for sx in range(SUPERSAMPLE):
                    x = (px + (sx + 0.5) / SUPERSAMPLE) / size
                    y = (py + (sy + 0.5) / SUPERSAMPLE) / size
                    if not inside_shield(x - 0.5, y):
                        continue
                    if on_check(x, y, size):
                        colour = CHECK
                    elif inside_shield(x - 0.5, y, rim):
                        colour = SHIELD
                    else:
                        colour = RIM
                    acc[0] += colour[0]
                    acc[1] += colour[1]
                    acc[2] += colour[2]
                    acc[3] += 1
            n = acc[3]
            if n:
                row += bytes((round(acc[0] / n), round(acc[1] / n), round(acc[2] / n),
                              round(255 * n / SUPERSAMPLE ** 2)))
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, raw):
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(here, "..", "..", "extension", "icons"))
    os.makedirs(out, exist_ok=True)
    for size in SIZES:
        path = os.path.join(out, f"icon-{size}.png")
        with open(path, "wb") as f:
            f.write(render(size))
        print(path)


if __name__ == "__main__":
    main()
