# Writes the reference resizes in this folder with PIL itself (run with Pillow 9.4, Debian bookworm's
# python3-pil). Re-run: python3 make_references.py
import numpy as np
from PIL import Image

rng = np.random.default_rng(2024)
h, w = 17, 23
# noise on top of a diagonal ramp: exercises the filters' negative lobes and clipping at 0 and 255
ramp = (np.add.outer(np.arange(h) * 9, np.arange(w) * 7) % 256)[..., None]
src = np.clip(ramp + rng.integers(-90, 90, size=(h, w, 3)), 0, 255).astype(np.uint8)
src[0, :] = 255
src[:, -1] = 0
Image.fromarray(src, "RGB").save("source.png")

filters = {"nearest": 0, "lanczos": 1, "bilinear": 2, "bicubic": 3, "box": 4, "hamming": 5}
sizes = [(9, 7), (37, 26), (13, 30), (23, 8), (10, 17), (5, 3)]  # (width, height)
im = Image.open("source.png")
for name, code in filters.items():
    for (tw, th) in sizes:
        im.resize((tw, th), resample=code).save(f"{name}-{tw}x{th}.png")
