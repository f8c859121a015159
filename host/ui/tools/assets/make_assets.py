#!/usr/bin/env python3
"""Writes the UI's generated assets into host/ui/public/: the notification chime (N2, a short
two-tone WAV) and the installed app's icons (N3, PNG 192 and 512: the brand colour with a white
speech bubble, full-bleed so they also serve as maskable icons). Standard library only; run it
again after changing the shapes or the sound: `python3 tools/assets/make_assets.py`."""
import math
import os
import struct
import wave
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
PUBLIC = os.path.normpath(os.path.join(HERE, "..", "..", "public"))

BRAND = (0x0F, 0x76, 0x6E)
WHITE = (0xFF, 0xFF, 0xFF)


def chime(path, rate=22050, seconds=0.42):
    """Two soft bell tones (A5 then E6), each a decaying sine with a quiet octave."""
    n = int(rate * seconds)
    notes = [(0.0, 880.0), (0.13, 1318.51)]
    frames = bytearray()
    for i in range(n):
        t = i / rate
        v = 0.0
        for start, freq in notes:
            if t < start:
                continue
            u = t - start
            attack = min(1.0, u / 0.006)
            env = attack * math.exp(-u * 11.0)
            v += env * (math.sin(2 * math.pi * freq * u) + 0.25 * math.sin(4 * math.pi * freq * u))
        fade = min(1.0, (seconds - t) / 0.03)  # no click at the end
        sample = max(-1.0, min(1.0, 0.42 * v * fade))
        frames += struct.pack("<h", int(sample * 32767))
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def inside_bubble(x, y):
    """The white speech bubble on a 1×1 canvas (kept inside the maskable safe zone)."""
    cx, cy, rx, ry = 0.5, 0.46, 0.27, 0.22
    if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0:
        return True
    # the tail, a triangle down-left of the bubble
    ax, ay, bx, by, qx, qy = 0.33, 0.58, 0.45, 0.65, 0.29, 0.76
    d = (by - qy) * (ax - qx) + (qx - bx) * (ay - qy)
    a = ((by - qy) * (x - qx) + (qx - bx) * (y - qy)) / d
    b = ((qy - ay) * (x - qx) + (ax - qx) * (y - qy)) / d
    return a >= 0 and b >= 0 and a + b <= 1


def inside_dots(x, y):
    """Three brand-coloured dots in the bubble ("typing")."""
    for dx in (-0.11, 0.0, 0.11):
        if (x - (0.5 + dx)) ** 2 + (y - 0.46) ** 2 <= 0.035 ** 2:
            return True
    return False


def icon(path, size, ss=3):
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            white = 0
            for sy in range(ss):
                for sx in range(ss):
                    x = (px + (sx + 0.5) / ss) / size
                    y = (py + (sy + 0.5) / ss) / size
                    if inside_bubble(x, y) and not inside_dots(x, y):
                        white += 1
            f = white / (ss * ss)
            row += bytes(round(BRAND[c] * (1 - f) + WHITE[c] * f) for c in range(3))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    os.makedirs(os.path.join(PUBLIC, "icons"), exist_ok=True)
    chime(os.path.join(PUBLIC, "notification.wav"))
    for size in (192, 512):
        icon(os.path.join(PUBLIC, "icons", f"icon-{size}.png"), size)
    print("written to", PUBLIC)
