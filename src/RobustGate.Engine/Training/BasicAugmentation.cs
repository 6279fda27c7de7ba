using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// torchvision-style RandomCrop(size, padding=p) + RandomHorizontalFlip(), applied in place to a
/// batch of N×C×H×W images: per image, a flip bit (probability 1/2) and a crop offset in
/// [0, 2p] per axis from the batch generator, zero fill where the crop leaves the image. With
/// <see cref="RandomResizedCropEnabled"/>, each image is first put through
/// <see cref="RandomResizedCrop"/> (ImageNet-size training); its draws come first per image.
/// </summary>
public sealed class BasicAugmentation
{
    private float[] _scratch = [];

    public BasicAugmentation(int cropPadding, bool horizontalFlip, bool randomResizedCrop = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cropPadding);
        CropPadding = cropPadding;
        HorizontalFlip = horizontalFlip;
        RandomResizedCropEnabled = randomResizedCrop;
    }

    public bool RandomResizedCropEnabled { get; }

    public int CropPadding { get; }

    public bool HorizontalFlip { get; }

    public void Apply(Span<float> pixels, int count, (int C, int H, int W) shape, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (c, h, w) = shape;
        var d = c * h * w;
        if (_scratch.Length < d)
        {
            _scratch = new float[d];
        }

        var source = _scratch.AsSpan(0, d);
        for (var i = 0; i < count; i++)
        {
            if (RandomResizedCropEnabled)
            {
                var crop = RandomResizedCrop.SampleCrop(h, w, random);
                if (crop != (0, 0, h, w))
                {
                    var whole = pixels.Slice(i * d, d);
                    whole.CopyTo(source);
                    RandomResizedCrop.ResizeCrop(source, whole, c, h, w, crop);
                }
            }

            // Draw every value for every image so the stream does not depend on earlier outcomes.
            var flip = HorizontalFlip && (random.NextUInt64() >> 63) == 1;
            var dy = CropPadding == 0 ? 0 : (int)random.NextInt64(-CropPadding, CropPadding + 1);
            var dx = CropPadding == 0 ? 0 : (int)random.NextInt64(-CropPadding, CropPadding + 1);
            if (!flip && dx == 0 && dy == 0)
            {
                continue;
            }

            var image = pixels.Slice(i * d, d);
            image.CopyTo(source);
            for (var ch = 0; ch < c; ch++)
            {
                for (var y = 0; y < h; y++)
                {
                    var sy = y + dy;
                    var row = image.Slice((ch * h + y) * w, w);
                    if ((uint)sy >= (uint)h)
                    {
                        row.Clear();
                        continue;
                    }

                    var sourceRow = source.Slice((ch * h + sy) * w, w);
                    for (var x = 0; x < w; x++)
                    {
                        // Flip first, then shift: crop of the (flipped) padded image.
                        var sx = x + dx;
                        row[x] = (uint)sx < (uint)w ? sourceRow[flip ? w - 1 - sx : sx] : 0f;
                    }
                }
            }
        }
    }
}
