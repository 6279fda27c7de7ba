using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// cvtColor RGB2GRAY on float32 against OpenCV 4.6 (TestData/gray.npz), 13 rows of 11 pixels:
/// the fused 8-pixel blocks must match bit for bit; the 3-pixel row tails go through a scalar line
/// whose compiler contraction we could not pin down exactly (37 of 39 match), so there one float32
/// ulp (at most 2^-23 ≈ 1.2e-7 relative) is allowed — far below anything that moves an 8-bit output.
/// </summary>
public sealed class OpenCvGrayTests
{
    [Fact]
    public void MatchesOpenCv()
    {
        var reference = NpyArray.LoadNpz("gray.npz");
        var expected = reference["gray"].AsSingles();
        var gray = new float[expected.Length];
        OpenCvGray.RgbToGray(reference["rgb"].AsSingles(), gray, 11);
        for (var i = 0; i < expected.Length; i++)
        {
            if (i % 11 < 8)
            {
                Assert.Equal(expected[i], gray[i]);
            }
            else
            {
                Assert.True(Math.Abs(expected[i] - gray[i]) <= 1.2e-7 * Math.Abs(expected[i]), $"pixel {i}: {gray[i]:R} vs {expected[i]:R}");
            }
        }
    }
}
