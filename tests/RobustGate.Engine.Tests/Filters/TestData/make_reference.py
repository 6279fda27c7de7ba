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


GENERATORS = {'gaussian': gaussian}

if __name__ == '__main__':
    for name in (sys.argv[1:] or GENERATORS):
        GENERATORS[name]()
