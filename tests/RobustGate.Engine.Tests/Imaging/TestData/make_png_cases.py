"""Writes small PNGs covering bit depths 1/2/4/16, palettes, every filter type and Adam7,
with an independent (pure Python) writer, plus the pixels a decoder must produce as .npy:
<name>.npy = 8-bit result (gray scaled to 0..255 as PIL does, palettes expanded, 16-bit -> high
byte), <name>_16.npy = full 16-bit samples for 16-bit files. Run: python3 make_png_cases.py"""
import struct, zlib
import numpy as np

rng = np.random.default_rng(7)
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)

def paeth(a, b, c):
    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

def filt(ft, line, prev, bpp):
    out = bytearray(len(line))
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i] if prev is not None else 0
        c = prev[i - bpp] if prev is not None and i >= bpp else 0
        pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][ft]
        out[i] = (line[i] - pred) & 255
    return bytes([ft]) + bytes(out)

def pack_row(samples, depth):
    if depth == 8: return bytes(int(s) for s in samples)
    if depth == 16: return b''.join(struct.pack('>H', int(s)) for s in samples)
    bits = ''.join(format(int(s), '0%db' % depth) for s in samples)
    bits += '0' * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))

def write(name, samples, depth, ctype, interlace, plte=None, trns=None):
    h, w, ch = samples.shape
    bpp = max(1, ch * depth // 8)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    raw = bytearray(); row_no = 0
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0: continue
        prev = None
        for r in sub:
            line = pack_row(r.reshape(-1), depth)
            raw += filt(row_no % 5, line, prev, bpp); prev = line; row_no += 1
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, interlace))
    if plte is not None: data += chunk(b'PLTE', bytes(plte.reshape(-1).astype(np.uint8)))
    if trns is not None: data += chunk(b'tRNS', bytes(trns.astype(np.uint8)))
    # Split the image data over three IDAT chunks, as some writers do.
    z = zlib.compress(bytes(raw), 9); k = len(z) // 3
    for part in (z[:k], z[k:2 * k], z[2 * k:]): data += chunk(b'IDAT', part)
    data += chunk(b'IEND', b'')
    open('png/%s.png' % name, 'wb').write(data)
    if ctype == 3:
        pal = np.zeros((256, 4), np.uint8); pal[:, 3] = 255
        pal[:len(plte), :3] = plte
        if trns is not None: pal[:len(trns), 3] = trns
        out = pal[samples[..., 0]][..., :4 if trns is not None else 3]
    elif depth == 16:
        np.save('png/%s_16.npy' % name, samples.astype('<u2'))
        out = (samples >> 8).astype(np.uint8)
    elif depth < 8:
        out = (samples * {1: 255, 2: 85, 4: 17}[depth]).astype(np.uint8)
    else:
        out = samples.astype(np.uint8)
    np.save('png/%s.npy' % name, out)

for interlace in (0, 1):
    s = '_adam7' if interlace else ''
    for depth in (1, 2, 4, 8, 16):
        write('gray%d%s' % (depth, s), rng.integers(0, 1 << depth, (13, 11, 1)), depth, 0, interlace)
    for depth in (1, 2, 4, 8):
        n = 1 << depth
        plte = rng.integers(0, 256, (n, 3))
        write('palette%d%s' % (depth, s), rng.integers(0, n, (9, 14, 1)), depth, 3, interlace, plte,
              rng.integers(0, 256, max(1, n // 2)) if depth >= 2 else None)
    for depth in (8, 16):
        write('rgb%d%s' % (depth, s), rng.integers(0, 1 << depth, (10, 12, 3)), depth, 2, interlace)
        write('gray_alpha%d%s' % (depth, s), rng.integers(0, 1 << depth, (7, 9, 2)), depth, 4, interlace)
        write('rgba%d%s' % (depth, s), rng.integers(0, 1 << depth, (6, 5, 4)), depth, 6, interlace)
# A 1x1 interlaced image leaves passes 2..7 empty.
write('rgb8_1x1_adam7', rng.integers(0, 256, (1, 1, 3)), 8, 2, 1)
