"""Generate the example site's images (run once; the results are committed).

    .venv/bin/python scripts/make_example_images.py

Deterministic: no randomness, so re-running gives the same pictures.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "example_site" / "content" / "images"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def font(path: str, size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default(size)


def gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]):
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(h):
        t = y / (h - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (w, y)], fill=colour)
    return img


def cover() -> None:
    """1200×630 JPEG: dusk over hills with a path, for the 'trail' article."""
    img = gradient((1200, 630), (38, 52, 110), (240, 170, 110))
    d = ImageDraw.Draw(img)
    d.ellipse((820, 120, 960, 260), fill=(255, 226, 160))
    for i, (colour, base, amp) in enumerate(
        [((70, 90, 80), 380, 60), ((45, 70, 60), 450, 45), ((25, 45, 40), 520, 30)]
    ):
        pts = [(0, 630)]
        for x in range(0, 1201, 20):
            pts.append((x, base + amp * math.sin(x / (140 + 40 * i) + i)))
        pts.append((1200, 630))
        d.polygon(pts, fill=colour)
    d.polygon([(560, 630), (640, 630), (610, 500), (596, 500)], fill=(200, 180, 140))
    img.save(OUT / "trail-cover.jpg", "JPEG", quality=82, optimize=True, progressive=True)


def default_card() -> None:
    """1200×630 PNG: the site's fallback social card."""
    img = Image.new("RGB", (1200, 630), (247, 244, 236))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 1200, 24), fill=(31, 92, 84))
    d.rectangle((0, 606, 1200, 630), fill=(31, 92, 84))
    # a notebook with a leaf
    d.rounded_rectangle((90, 150, 400, 480), radius=18, fill=(31, 92, 84))
    d.rounded_rectangle((110, 170, 380, 460), radius=10, fill=(255, 255, 255))
    for y in range(210, 440, 34):
        d.line((130, y, 360, y), fill=(190, 205, 200), width=3)
    d.ellipse((180, 240, 320, 380), fill=(117, 170, 90))
    d.line((190, 370, 310, 250), fill=(60, 110, 50), width=6)
    d.text((460, 210), "Field Notes", font=font(FONT_BOLD, 96), fill=(31, 60, 56))
    d.text(
        (464, 340),
        "Walks, tools and small experiments",
        font=font(FONT, 40),
        fill=(80, 90, 88),
    )
    d.text((464, 410), "fieldnotes.example.org", font=font(FONT, 32), fill=(31, 92, 84))
    img.save(OUT / "default-card.png", "PNG", optimize=True)


def small() -> None:
    """150×150 PNG: a compass icon used inline."""
    img = Image.new("RGB", (150, 150), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.ellipse((8, 8, 142, 142), outline=(31, 92, 84), width=8)
    d.polygon([(75, 22), (90, 75), (75, 128), (60, 75)], fill=(200, 60, 50))
    d.polygon([(75, 75), (90, 75), (75, 128), (60, 75)], fill=(60, 60, 60))
    d.ellipse((68, 68, 82, 82), fill=(255, 255, 255))
    img.save(OUT / "small.png", "PNG", optimize=True)


def harbour() -> None:
    """800×600 JPEG: boats in a harbour, first image of the 'harbour' article."""
    img = gradient((800, 600), (150, 200, 235), (230, 240, 250))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 300, 800, 330), fill=(120, 110, 100))
    d.rectangle((0, 330, 800, 600), fill=(40, 90, 140))
    for y in range(380, 600, 18):
        for x in range(-40, 800, 80):
            off = 40 if (y // 18) % 2 else 0
            d.arc((x + off, y, x + off + 60, y + 14), 200, 340, fill=(120, 170, 210), width=2)
    for i, x in enumerate((120, 340, 560)):
        hull = [(x, 350), (x + 140, 350), (x + 115, 395), (x + 25, 395)]
        d.polygon(hull, fill=[(180, 50, 40), (240, 240, 235), (30, 60, 100)][i])
        d.line((x + 70, 350, x + 70, 200), fill=(70, 60, 50), width=5)
        d.polygon([(x + 74, 210), (x + 74, 340), (x + 135, 340)], fill=(250, 250, 245))
    img.save(OUT / "harbour.jpg", "JPEG", quality=80, optimize=True, progressive=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cover()
    default_card()
    small()
    harbour()
    for p in sorted(OUT.iterdir()):
        with Image.open(p) as im:
            size = f"{im.size[0]}x{im.size[1]}"
            print(f"{p.relative_to(OUT.parent.parent)}  {size}  {p.stat().st_size} B")


if __name__ == "__main__":
    main()
