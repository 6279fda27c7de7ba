"""Reference outputs for the AugMix tests: PIL 9.4 (ImageOps / Image.transform / ImageEnhance,
called exactly as the AugMix reference's augmentations.py calls them, with fixed parameters)
and the PyTorch 1.13 JSD loss of the reference's cifar.py. Run with /usr/bin/python3."""
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageEnhance, ImageOps

rng = np.random.RandomState(1234)


def gray_inputs():
    yy, xx = np.mgrid[0:20, 0:20]
    noise = rng.randint(30, 201, size=(20, 20))
    ramp = 40 + 6 * xx + 2 * yy + rng.randint(0, 9, size=(20, 20))
    blob = 255 * np.exp(-((xx - 8) ** 2 + (yy - 11) ** 2) / 30.0)
    return np.stack([noise, ramp, blob]).clip(0, 255).astype(np.uint8)[..., None]


def rgb_inputs():
    yy, xx = np.mgrid[0:16, 0:16]
    a = np.stack([rng.randint(0, 256, (16, 16)), rng.randint(20, 120, (16, 16)), rng.randint(100, 230, (16, 16))], -1)
    b = np.stack([10 * xx + 5, 12 * yy + 3, 255 - 7 * (xx + yy)], -1) + rng.randint(0, 5, (16, 16, 3))
    return np.stack([a, b]).clip(0, 255).astype(np.uint8)


def to_pil(a):
    return Image.fromarray(a[..., 0], "L") if a.shape[-1] == 1 else Image.fromarray(a, "RGB")


def from_pil(img, channels):
    out = np.asarray(img, dtype=np.uint8)
    return out[..., None] if channels == 1 else out


def affine(img, data):
    return img.transform(img.size, Image.AFFINE, data, resample=Image.BILINEAR)


OPS = {
    "autocontrast": ([0], lambda img, _: ImageOps.autocontrast(img)),
    "equalize": ([0], lambda img, _: ImageOps.equalize(img)),
    "posterize": ([1, 2, 3, 4], lambda img, p: ImageOps.posterize(img, p)),
    "solarize": ([1, 77, 128, 205, 256], lambda img, p: ImageOps.solarize(img, p)),
    "rotate": ([-29, -8, -1, 3, 17, 29], lambda img, p: img.rotate(p, resample=Image.BILINEAR)),
    "shear_x": ([-0.29, -0.05, 0.013, 0.21], lambda img, p: affine(img, (1, p, 0, 0, 1, 0))),
    "shear_y": ([-0.29, -0.05, 0.013, 0.21], lambda img, p: affine(img, (1, 0, 0, p, 1, 0))),
    "translate_x": ([-6, -1, 2, 6], lambda img, p: affine(img, (1, 0, p, 0, 1, 0))),
    "translate_y": ([-6, -1, 2, 6], lambda img, p: affine(img, (1, 0, 0, 0, 1, p))),
    "color": ([0.1, 0.55, 1.0, 1.37, 1.9], lambda img, p: ImageEnhance.Color(img).enhance(p)),
    "contrast": ([0.1, 0.55, 1.0, 1.37, 1.9], lambda img, p: ImageEnhance.Contrast(img).enhance(p)),
    "brightness": ([0.1, 0.55, 1.0, 1.37, 1.9], lambda img, p: ImageEnhance.Brightness(img).enhance(p)),
    "sharpness": ([0.1, 0.55, 1.0, 1.37, 1.9], lambda img, p: ImageEnhance.Sharpness(img).enhance(p)),
}

for name, inputs in (("gray", gray_inputs()), ("rgb", rgb_inputs())):
    np.save(f"{name}_inputs.npy", inputs)
    channels = inputs.shape[-1]
    for op, (params, fn) in OPS.items():
        out = np.stack([np.stack([from_pil(fn(to_pil(x), p), channels) for p in params]) for x in inputs])
        np.save(f"{op}_{name}.npy", out)

# JSD loss of the reference (cifar.py train loop) on fixed logits: B = 4, 5 classes.
logits = torch.tensor(rng.randn(12, 5).astype(np.float32) * 2.0, requires_grad=True)
labels = torch.tensor([0, 3, 1, 4])
clean, aug1, aug2 = torch.split(logits, 4)
loss = F.cross_entropy(clean, labels)
p_clean, p_aug1, p_aug2 = F.softmax(clean, dim=1), F.softmax(aug1, dim=1), F.softmax(aug2, dim=1)
p_mixture = torch.clamp((p_clean + p_aug1 + p_aug2) / 3.0, 1e-7, 1).log()
loss = loss + 12 * (F.kl_div(p_mixture, p_clean, reduction="batchmean")
                    + F.kl_div(p_mixture, p_aug1, reduction="batchmean")
                    + F.kl_div(p_mixture, p_aug2, reduction="batchmean")) / 3.0
loss.backward()
np.save("jsd_logits.npy", logits.detach().numpy())
np.save("jsd_loss_and_grad.npy", np.concatenate([[loss.item()], logits.grad.numpy().ravel()]).astype(np.float32))
print("loss", loss.item())
