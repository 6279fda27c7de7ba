"""Regenerates the filter reference arrays (run with Debian's python3: numpy 1.24, scipy 1.10,
scikit-image 0.19, OpenCV 4.6). The tests never run this; they read the .npz files it writes.

    /usr/bin/python3 make_reference.py [name ...]
"""
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..', '..', 'shared'))


def photo(size):
    """A crop of the shared astronaut test photograph, uint8 HxWx3."""
    img = np.array(Image.open(os.path.join(SHARED, 'ref', 'corruptions', 'inputs', 'astronaut_224.png')).convert('RGB'))
    return np.ascontiguousarray(img[60:60 + size[0], 80:80 + size[1]])


def noise(shape, seed):
    return np.random.RandomState(seed).randint(0, 256, size=shape).astype(np.uint8)


def save(name, **arrays):
    np.savez_compressed(os.path.join(HERE, name + '.npz'), **arrays)
    print(name, {k: (v.shape, str(v.dtype)) for k, v in arrays.items()})


def gaussian():
    from scipy import ndimage
    from skimage.filters import gaussian as sk_gaussian
    out = {}
    img = photo((30, 28))
    rnd = noise((17, 19, 3), 1)
    out['photo'] = img
    out['noise'] = rnd
    x = img / 255.
    r = rnd / 255.
    # scipy gaussian_filter per mode, anisotropic sigma, channel axis untouched
    for mode in ['reflect', 'mirror', 'nearest', 'constant', 'wrap']:
        out['scipy_' + mode] = ndimage.gaussian_filter(r, (1.7, 0.9, 0), mode=mode, cval=0.25, truncate=4.0)
    # kernel wider than the image (elastic_transform's huge sigmas)
    out['scipy_wide_reflect'] = ndimage.gaussian_filter(r[:, :, 0], (9.0, 12.5), mode='reflect', truncate=3.0)
    out['scipy_wide_mirror'] = ndimage.gaussian_filter(r[:, :, 0], 11.0, mode='mirror', truncate=4.0)
    # skimage, as the corruptions call it
    for s in [0.4, 1.0, 3.0, 6.0]:
        out['sk_photo_%g' % s] = sk_gaussian(x, sigma=s, channel_axis=-1)
    out['sk_float32'] = sk_gaussian(r.astype(np.float32), sigma=1.5, channel_axis=-1)
    out['sk_uint8'] = sk_gaussian(rnd, sigma=0.7, channel_axis=-1)
    for s in [0.5, 1.0, 2.44, 3.7, 6.0]:
        out['kernel_%g' % s] = ndimage._filters._gaussian_kernel1d(s, 0, int(4.0 * s + 0.5))[::-1].copy()
    save('gaussian', **out)


def ic_clipped_zoom(img, zoom_factor):
    # imagecorruptions 1.1.2 clipped_zoom; callers keep the top-left HxW
    from scipy.ndimage import zoom as scizoom
    h, w = img.shape[:2]
    ch = int(np.ceil(h / zoom_factor))
    cw = int(np.ceil(w / zoom_factor))
    top = (h - ch) // 2
    left = (w - cw) // 2
    return scizoom(img[top:top + ch, left:left + cw], (zoom_factor, zoom_factor, 1), order=1)[:h, :w]


def h_clipped_zoom(img, zoom_factor):
    # published-ImageNet-C generator clipped_zoom (square images)
    from scipy.ndimage import zoom as scizoom
    h = img.shape[0]
    ch = int(np.ceil(h / zoom_factor))
    top = (h - ch) // 2
    img = scizoom(img[top:top + ch, top:top + ch], (zoom_factor, zoom_factor, 1), order=1)
    trim_top = (img.shape[0] - h) // 2
    return img[trim_top:trim_top + h, trim_top:trim_top + h]


def zoom():
    from scipy import ndimage
    out = {}
    img = photo((20, 18))
    out['photo'] = img
    x = img / 255.
    x32 = x.astype(np.float32)
    # plain zoom, including n=15, z=1.75, whose last coordinate rounds past the edge
    out['zoom_15_1.75'] = ndimage.zoom(x[:15, :15], (1.75, 1.75, 1), order=1)
    out['zoom_13x11_2.5'] = ndimage.zoom(x[:13, :11], (2.5, 2.5, 1), order=1)
    out['zoom_f32_9x7_3'] = ndimage.zoom(x32[:9, :7], (3, 3, 1), order=1)
    # zoom_blur's factors (np.arange as the corruption builds them) on float32, IC flavour
    for i, z in enumerate(np.arange(1, 1.31, 0.03)):
        out['ic_f32_%d' % i] = ic_clipped_zoom(x32, z)
    out['ic_factors'] = np.arange(1, 1.31, 0.03)
    # snow's factors on a float64 one-channel layer
    layer = np.random.RandomState(3).normal(0.5, 0.3, size=(20, 18, 1))
    out['layer'] = layer
    for z in [1.25, 1.75, 2.0, 2.25, 4.5]:
        out['ic_layer_%g' % z] = ic_clipped_zoom(layer, z)
    sq = x[:17, :17]
    for z in [1.06, 1.15, 1.75, 3.0]:
        out['h_%g' % z] = h_clipped_zoom(sq, z)
        out['h_f32_%g' % z] = h_clipped_zoom(sq.astype(np.float32), z)
    save('zoom', **out)


def map_coordinates():
    from scipy import ndimage
    out = {}
    img = photo((21, 19))
    out['photo'] = img
    x32 = (img / 255.).astype(np.float32)
    h, w = img.shape[:2]
    rng = np.random.RandomState(5)
    yy, xx = np.meshgrid(np.arange(h), np.arange(w), indexing='ij')
    dy = rng.uniform(-9, 9, size=(h, w))
    dx = rng.uniform(-9, 9, size=(h, w))
    rows = (yy + dy).ravel()
    cols = (xx + dx).ravel()
    # exact edges, tiny negatives and far-away points
    special = np.array([0, -0.5, -1e-16, -1.0, 20.0, 20.5, 20.9999, 21.0, 21.5, -41.3, 63.7, -1e-15, 1e-17])
    rows[:len(special)] = special
    cols[len(special):2 * len(special)] = special
    out['rows'] = rows
    out['cols'] = cols
    z = np.tile(np.arange(3), (h * w, 1)).ravel()
    coords = np.stack([np.repeat(rows, 3), np.repeat(cols, 3), z])
    for mode in ['reflect', 'mirror', 'nearest']:
        out['f32_' + mode] = ndimage.map_coordinates(x32, coords, order=1, mode=mode).reshape(h, w, 3)
    out['f64_reflect'] = ndimage.map_coordinates(img / 255., coords, order=1, mode='reflect').reshape(h, w, 3)
    save('map_coordinates', **out)


def reference_pair(profile, corruption, severity, stem):
    """(input uint8, reference output uint8, numpy seed) of one shared reference record."""
    import zlib
    base = os.path.join(SHARED, 'ref', 'corruptions')
    x = np.array(Image.open(os.path.join(base, 'inputs', stem + '.png')).convert('RGB'))
    y = np.array(Image.open(os.path.join(base, 'outputs', profile, corruption, 's%d' % severity, stem + '.png')).convert('RGB'))
    return x, y, zlib.crc32(('%s/%s/%d' % (stem, corruption, severity)).encode())


def hsv():
    from skimage import color
    out = {}
    rng = np.random.RandomState(7)
    rgb = rng.randint(0, 256, size=(20, 20, 3)) / 255.
    rgb[0, :5] = [[0, 0, 0], [1, 1, 1], [0.5, 0.5, 0.5], [1, 1, 0], [0, 1, 1]]
    rgb[1, :5] = [[1, 0, 1], [0.2, 0.7, 0.7], [0.7, 0.2, 0.7], [0.7, 0.7, 0.2], [0.3, 0.1, 0.2]]
    out['rgb'] = rgb
    out['hsv'] = color.rgb2hsv(rgb)
    h = rng.uniform(0, 1, size=(20, 20, 3))
    h[0, :4, 0] = [0, 1 / 6., 0.5, 1 - 1e-17]
    h[1, :3, 1] = [0, 1, 0.5]
    out['hsv_in'] = h
    out['rgb_out'] = color.hsv2rgb(h)
    # brightness / saturate end to end (imagecorruptions, 32 px): primitives + clip + uint8
    for corruption in ['brightness', 'saturate']:
        for sev in [1, 3, 5]:
            x, y, _ = reference_pair('imagecorruptions', corruption, sev, 'chelsea_32')
            out['in_%s_%d' % (corruption, sev)] = x
            out['out_%s_%d' % (corruption, sev)] = y
    save('hsv', **out)


def motion():
    # 224 px records are stored as crops: the input [50:170] and the output [91:129], which
    # only depends on input pixels inside the input crop (taps reach at most 41 px).
    out = {}
    for profile, stems, sevs in [('imagecorruptions', ['astronaut_32', 'chelsea_32'], [1, 2, 3, 4, 5]),
                                 ('imagecorruptions', ['chelsea_224'], [3]),
                                 ('hendrycks-imagenet', ['chelsea_224', 'astronaut_224'], [1, 5])]:
        for stem in stems:
            for sev in sevs:
                x, y, seed = reference_pair(profile, 'motion_blur', sev, stem)
                if x.shape[0] == 224:
                    x, y = x[50:170, 50:170], y[91:129, 91:129]
                np.random.seed(seed)
                key = '%s_%s_%d' % (profile.split('-')[0], stem, sev)
                out['in_' + stem] = x
                out['out_' + key] = y
                out['angle_' + key] = np.array([np.random.uniform(-45, 45)])
    save('motion', **out)


def disk(radius, alias_blur):
    # the corruptions' anti-aliased disk: a float32 0/1 disk normalised, then cv2.GaussianBlur
    import cv2
    if radius <= 8:
        L = np.arange(-8, 8 + 1)
        ksize = (3, 3)
    else:
        L = np.arange(-radius, radius + 1)
        ksize = (5, 5)
    X, Y = np.meshgrid(L, L)
    aliased_disk = np.array((X ** 2 + Y ** 2) <= radius ** 2, dtype=np.float32)
    aliased_disk /= np.sum(aliased_disk)
    return cv2.GaussianBlur(aliased_disk, ksize=ksize, sigmaX=alias_blur)


DISKS = [(3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2),
         (1.5, 0.1), (1, 0.1), (2.5, 0.01), (3, 0.1)]


def opencv():
    import cv2
    out = {}
    for r, a in DISKS:
        out['disk_%g_%g' % (r, a)] = disk(r, a)
    rnd = (noise((13, 11, 3), 9) / 255.).astype(np.float32)
    out['noise'] = rnd
    out['blur3'] = cv2.GaussianBlur(rnd, (3, 3), 0.7)
    out['blur5'] = cv2.GaussianBlur(rnd, (5, 5), 1.3)
    img = photo((26, 24))
    out['photo'] = img
    x = img / 255.
    for r, a in [(6, 0.5), (10, 0.5)]:
        k = disk(r, a)
        out['filter_%g' % r] = np.stack([cv2.filter2D(x[:, :, d], -1, k) for d in range(3)], axis=-1)
    # defocus_blur end to end at 32 px (imagecorruptions ImageNet parameters; CIFAR parameters)
    for profile, params in [('imagecorruptions', DISKS[:5]), ('hendrycks-cifar', DISKS[5:10])]:
        for sev in range(1, 6):
            x, y, _ = reference_pair(profile, 'defocus_blur', sev, 'astronaut_32')
            out['defocus_in'] = x
            out['defocus_%s_%d' % (profile.split('-')[0], sev)] = y
    save('opencv', **out)


def warp():
    import cv2
    out = {}
    img = photo((34, 30))
    out['photo'] = img
    x = (img / 255.).astype(np.float32)
    rng = np.random.RandomState(11)
    center = np.float32(x.shape[:2]) // 2
    size = min(x.shape[:2]) // 3
    pts1 = np.float32([center + size, [center[0] + size, center[1] - size], center - size])
    for i, a in enumerate([1.5, 6.0, 12.0]):
        pts2 = pts1 + rng.uniform(-a, a, size=pts1.shape).astype(np.float32)
        m = cv2.getAffineTransform(pts1, pts2)
        out['src_%d' % i] = pts1
        out['dst_%d' % i] = pts2
        out['m_%d' % i] = m
        out['warp_%d' % i] = cv2.warpAffine(x, m, x.shape[:2][::-1], borderMode=cv2.BORDER_REFLECT_101)
    save('warp', **out)


def resize():
    import cv2
    out = {}
    rnd = noise((13, 17, 3), 13)
    out['noise'] = rnd
    out['cubic_up'] = cv2.resize(rnd, (37, 29), interpolation=cv2.INTER_CUBIC)
    out['cubic_down'] = cv2.resize(rnd, (7, 5), interpolation=cv2.INTER_CUBIC)
    out['linear_up'] = cv2.resize(rnd, (0, 0), fx=2.3, fy=1.7)
    out['linear_fifth'] = cv2.resize(rnd, (0, 0), fx=0.2, fy=0.2)
    frost = cv2.imread(os.path.join(SHARED, 'data', 'frost', 'frost3.png'))
    # imagecorruptions at 224: scale 1.1 with INTER_CUBIC, then a random 224x224 crop
    big = cv2.resize(frost, (int(np.ceil(frost.shape[1] * 1.1)), int(np.ceil(frost.shape[0] * 1.1))), interpolation=cv2.INTER_CUBIC)
    # windows of the results, with the only source pixels they read (the tests embed this
    # source crop into an image of the texture's size)
    out['frost_shape'] = np.array(frost.shape)
    out['frost_source'] = frost[175:215, 500:560]
    out['frost_size'] = np.array(big.shape[:2])
    out['frost_window'] = big[200:230, 560:616]
    small = cv2.resize(frost, (0, 0), fx=0.2, fy=0.2)
    out['frost_fifth_size'] = np.array(small.shape[:2])
    out['frost_fifth_source'] = frost[245:315, 445:560]
    out['frost_fifth_window'] = small[50:63, 90:112]
    save('resize', **out)


def gray():
    import cv2
    out = {}
    rnd = (np.random.RandomState(17).randint(0, 256, size=(13, 11, 3)) / 255.).astype(np.float32)
    out['rgb'] = rnd
    out['gray'] = cv2.cvtColor(rnd, cv2.COLOR_RGB2GRAY)
    save('gray', **out)


def spatter():
    # spatter's water-mode chain (severities 1-3), each OpenCV step stored
    import cv2
    from skimage.filters import gaussian as sk_gaussian
    out = {}
    layer = np.random.RandomState(21).normal(size=(40, 36), loc=0.65, scale=0.3)
    layer = sk_gaussian(layer, sigma=2)
    layer[layer < 0.68] = 0
    l8 = (layer * 255).astype(np.uint8)
    out['l8'] = l8
    canny = cv2.Canny(l8, 50, 150)
    out['canny'] = canny
    dist = cv2.distanceTransform(255 - canny, cv2.DIST_L2, 5)
    out['dist'] = dist
    _, trunc = cv2.threshold(dist, 20, 20, cv2.THRESH_TRUNC)
    out['blur_f32'] = cv2.blur(trunc, (3, 3))
    d8 = out['blur_f32'].astype(np.uint8)
    out['equalized'] = cv2.equalizeHist(d8)
    ker = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])
    out['emboss'] = cv2.filter2D(out['equalized'], cv2.CV_8U, ker)
    out['blur_u8'] = cv2.blur(out['emboss'], (3, 3))
    # a noisy image exercises Canny's thresholds and directions far more than the smooth layer
    rnd = sk_gaussian(noise((30, 33), 23), sigma=1.2, preserve_range=True).astype(np.uint8)
    out['noisy'] = rnd
    out['noisy_canny'] = cv2.Canny(rnd, 50, 150)
    out['noisy_canny_low'] = cv2.Canny(rnd, 10, 30)
    out['noisy_dist'] = cv2.distanceTransform(255 - out['noisy_canny'], cv2.DIST_L2, 5)
    out['noisy_equalized'] = cv2.equalizeHist(rnd)
    save('spatter', **out)


def blur_pipelines():
    # deterministic blur corruptions end to end at 32 px (the primitives' integration tests)
    out = {}
    for profile in ['imagecorruptions', 'hendrycks-cifar']:
        for corruption in ['gaussian_blur', 'zoom_blur']:
            for sev in range(1, 6):
                x, y, _ = reference_pair(profile, corruption, sev, 'chelsea_32')
                out['in'] = x
                out['%s_%s_%d' % (profile.split('-')[0], corruption, sev)] = y
    save('blur_pipelines', **out)


GENERATORS = {'blur_pipelines': blur_pipelines, 'spatter': spatter, 'gray': gray, 'resize': resize, 'warp': warp, 'opencv': opencv, 'hsv': hsv, 'motion': motion, 'gaussian': gaussian, 'zoom': zoom, 'map_coordinates': map_coordinates}

if __name__ == '__main__':
    for name in (sys.argv[1:] or GENERATORS):
        GENERATORS[name]()
