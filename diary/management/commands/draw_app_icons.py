"""Draw the home-screen icons of the installable app (static/img/app-*.png) with Pillow.

The mark is the favicon's (static/img/icon.svg): a spine of white vertebrae on the brand
colour, with a small pulse line beside it. "Any" icons are rounded squares; maskable icons
fill the square and keep the mark inside the central 80 % circle that every launcher shape
(circle, squircle, teardrop) leaves visible. Drawn at four times the size and scaled down so
the edges are smooth. The PNGs are committed; run this again only to change the drawing.
"""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

BRAND = (27, 94, 122, 255)       # --brand in static/css/app.css
ACCENT = (255, 205, 112, 255)    # a warm pulse, visible on the brand colour
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 4
OUTPUT_DIR = Path(settings.BASE_DIR) / "static" / "img"

# Vertebrae from the neck down: (centre y, half width, half height) as fractions of the mark's box.
VERTEBRAE = ((0.14, 0.15, 0.055), (0.30, 0.19, 0.06), (0.47, 0.22, 0.065), (0.65, 0.25, 0.07), (0.84, 0.28, 0.075))


def draw_mark(draw, left, top, size):
    """The spine and pulse inside the square box (left, top, size)."""
    cx = left + size * 0.42
    for cy, half_w, half_h in VERTEBRAE:
        box = (cx - half_w * size, top + (cy - half_h) * size, cx + half_w * size, top + (cy + half_h) * size)
        draw.rounded_rectangle(box, radius=half_h * size, fill=WHITE)
    # A short pulse line to the right: the moment of a spasm.
    points = [(0.74, 0.50), (0.80, 0.50), (0.84, 0.34), (0.89, 0.66), (0.93, 0.50), (0.99, 0.50)]
    draw.line([(left + x * size, top + y * size) for x, y in points], fill=ACCENT,
              width=max(1, round(size * 0.045)), joint="curve")


def draw_icon(size, maskable):
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=BRAND)
        mark = big * 0.56  # inside the 80 % safe circle with a margin
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=BRAND)
        mark = big * 0.70
    offset = (big - mark) / 2
    draw_mark(draw, offset, offset, mark)
    return image.resize((size, size), Image.LANCZOS)


def draw_shortcut(size, symbol):
    """Small icons for the manifest's shortcuts: a plus (log an episode) and a tick (check-in)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, big - 1, big - 1), fill=BRAND)
    width = round(big * 0.12)
    if symbol == "plus":
        draw.line([(big * 0.5, big * 0.25), (big * 0.5, big * 0.75)], fill=WHITE, width=width)
        draw.line([(big * 0.25, big * 0.5), (big * 0.75, big * 0.5)], fill=WHITE, width=width)
    else:
        draw.line([(big * 0.27, big * 0.52), (big * 0.44, big * 0.69), (big * 0.75, big * 0.33)],
                  fill=WHITE, width=width, joint="curve")
    return image.resize((size, size), Image.LANCZOS)


ICONS = {
    "app-icon-192.png": lambda: draw_icon(192, maskable=False),
    "app-icon-512.png": lambda: draw_icon(512, maskable=False),
    "app-icon-maskable-192.png": lambda: draw_icon(192, maskable=True),
    "app-icon-maskable-512.png": lambda: draw_icon(512, maskable=True),
    # iOS ignores the manifest's icons and masks this one itself, so it is full-bleed too.
    "apple-touch-icon-180.png": lambda: draw_icon(180, maskable=True).convert("RGB"),
    "shortcut-log-96.png": lambda: draw_shortcut(96, "plus"),
    "shortcut-checkin-96.png": lambda: draw_shortcut(96, "tick"),
}


class Command(BaseCommand):
    help = "Draw the app's home-screen and shortcut icons into static/img/."

    def handle(self, *args, **options):
        for name, draw in ICONS.items():
            path = OUTPUT_DIR / name
            draw().save(path, optimize=True)
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}")
