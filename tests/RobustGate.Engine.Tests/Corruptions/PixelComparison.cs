using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Corruptions;

/// <summary>Compares two 8-bit images at a <see cref="ParityLevel"/> and explains a failure.</summary>
public static class PixelComparison
{
    public static void AssertMeets(ParityLevel level, Image expected, Image actual, string what)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        var e = expected.Pixels;
        var a = actual.Pixels;
        long differing = 0, overOne = 0, sumAbs = 0, sumSq = 0;
        var maxAbs = 0;
        for (var i = 0; i < e.Length; i++)
        {
            var d = Math.Abs(e[i] - a[i]);
            if (d == 0)
            {
                continue;
            }

            differing++;
            overOne += d > 1 ? 1 : 0;
            sumAbs += d;
            sumSq += d * d;
            maxAbs = Math.Max(maxAbs, d);
        }

        var meanAbs = (double)sumAbs / e.Length;
        var psnr = sumSq == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / ((double)sumSq / e.Length));
        var summary = $"{what}: {differing} of {e.Length} values differ, {overOne} by more than 1, max |d| {maxAbs}, mean |d| {meanAbs:F4}, PSNR {psnr:F1} dB";
        var ok = level switch
        {
            ParityLevel.BitExact => differing == 0,
            ParityLevel.WithinOneLevel => overOne <= e.Length * 0.001,
            _ => meanAbs <= 1.0 && psnr >= 40.0,
        };
        Assert.True(ok, $"{level} not met. {summary}");
    }
}
