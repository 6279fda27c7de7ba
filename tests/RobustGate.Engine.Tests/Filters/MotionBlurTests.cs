using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// Motion blur against the shared reference outputs (TestData/motion.npz holds the inputs, the
/// reference pixels and the angle numpy drew from each record's seed). The numpy flavour is
/// float64 arithmetic in the reference's order; the one freedom left is numpy's SIMD exp(), which
/// differs from the C library's in the last bit for about a third of the kernel taps, so a sum
/// that lands within an ulp of an integer (119.99999999999997) can truncate one level lower:
/// at most 1 level, on at most 0.1 % of the samples plus two (measured: 0–2 of 3072). At 32 px severity 4–5 the taps run past the image and the early stop must darken it as
/// the reference does. 224 px records are compared on a 38×38 crop whose taps stay inside the
/// stored 120×120 input crop.
/// </summary>
public sealed class MotionBlurTests
{
    private static readonly Dictionary<string, NpyArray> Reference = NpyArray.LoadNpz("motion.npz");
    private static readonly (int Radius, double Sigma)[] ImageNet = [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)];

    [Theory]
    [InlineData("astronaut_32", 1)]
    [InlineData("astronaut_32", 2)]
    [InlineData("astronaut_32", 3)]
    [InlineData("astronaut_32", 4)]
    [InlineData("astronaut_32", 5)]
    [InlineData("chelsea_32", 1)]
    [InlineData("chelsea_32", 5)]
    [InlineData("chelsea_224", 3)]
    public void ImagecorruptionsMatchesReferencePixels(string stem, int severity)
    {
        var key = $"imagecorruptions_{stem}_{severity}";
        var input = Reference["in_" + stem];
        int h = input.Shape[0], w = input.Shape[1];
        var (radius, sigma) = ImageNet[severity - 1];
        var blurred = new double[input.Values.Length];
        MotionBlur.Imagecorruptions(input.AsBytes(), h, w, 3, radius, sigma, Reference["angle_" + key].Values[0], blurred);
        var pixels = Array.ConvertAll(blurred, v => (byte)Math.Clamp(v, 0, 255));
        AssertNearlyIdentical(Reference["out_" + key].AsBytes(), Crop(pixels, h, w, Reference["out_" + key].Shape[0]));
    }

    [Theory]
    [InlineData("chelsea_224", 1)]
    [InlineData("chelsea_224", 5)]
    [InlineData("astronaut_224", 1)]
    [InlineData("astronaut_224", 5)]
    public void ImageMagickEmulationIsWithinOneLevel(string stem, int severity)
    {
        var key = $"hendrycks_{stem}_{severity}";
        var input = Reference["in_" + stem];
        int h = input.Shape[0], w = input.Shape[1];
        var (radius, sigma) = ImageNet[severity - 1];
        var blurred = new byte[input.Values.Length];
        ImageMagickMotionBlur.Apply(input.AsBytes(), h, w, 3, radius, sigma, Reference["angle_" + key].Values[0], blurred);
        var expected = Reference["out_" + key].AsBytes();
        var actual = Crop(blurred, h, w, Reference["out_" + key].Shape[0]);

        // ImageMagick's build (its exp(), its PNG scaling) is not ours to call: the spec accepts
        // a mean difference <= 1 level for this path; we hold it to max 1 level everywhere.
        var maxDiff = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(maxDiff <= 1, $"max difference {maxDiff} levels");
    }

    [Fact]
    public void KernelIsOneSidedAndNormalised()
    {
        var k = MotionBlur.Kernel(31, 8);
        Assert.Equal(1.0, k.Sum(), 12);
        Assert.True(k[0] > k[1] && k[29] > k[30]);
    }

    [Fact]
    public void OffsetsStopAtTheImageBorder()
    {
        Assert.Equal(32, MotionBlur.Offsets(41, 0, 32, 32).Length);
        Assert.Equal(41, MotionBlur.Offsets(41, 0, 224, 224).Length);
    }

    private static void AssertNearlyIdentical(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var differing = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            Assert.True(d <= 1, $"sample {i}: {actual[i]} vs reference {expected[i]}");
            differing += d == 0 ? 0 : 1;
        }

        Assert.True(differing <= expected.Length / 1000 + 2, $"{differing} of {expected.Length} samples differ by one level");
    }

    private static byte[] Crop(byte[] pixels, int height, int width, int size)
    {
        if (size == height)
        {
            return pixels;
        }

        var top = (height - size) / 2;
        var result = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            pixels.AsSpan((((y + top) * width) + top) * 3, size * 3).CopyTo(result.AsSpan(y * size * 3));
        }

        return result;
    }
}
