using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.cvtColor(img, COLOR_RGB2GRAY) on float32 interleaved RGB rows (snow's whitening step):
/// 0.299 R + 0.587 G + 0.114 B in float32, as OpenCV 4.6's AVX2 build computes it row by row —
/// whole blocks of 8 pixels as fma(B, 0.114, fma(G, 0.587, R·0.299)), the row's remaining pixels
/// by the scalar line, here fma(B, 0.114, R·0.299 + G·0.587) — the closest of the contractions we
/// tried (37 of 39 tail pixels exact, the others one float32 ulp away).
/// </summary>
public static class OpenCvGray
{
    private const float RedWeight = 0.299f;
    private const float GreenWeight = 0.587f;
    private const float BlueWeight = 0.114f;
    private const int Block = 8;

    /// <summary>Converts rows of <paramref name="width"/> pixels; <paramref name="gray"/> holds one value per pixel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RgbToGray(ReadOnlySpan<float> rgb, Span<float> gray, int width)
    {
        if (width < 1 || rgb.Length % 3 != 0 || gray.Length != rgb.Length / 3 || gray.Length % width != 0)
        {
            throw new ArgumentException($"Expected rows of {width} pixels, 3 RGB samples per gray sample; got {rgb.Length} and {gray.Length}.");
        }

        var vectorLimit = width - (width % Block);
        for (var i = 0; i < gray.Length; i++)
        {
            float r = rgb[3 * i], g = rgb[(3 * i) + 1], b = rgb[(3 * i) + 2];
            gray[i] = i % width < vectorLimit
                ? MathF.FusedMultiplyAdd(b, BlueWeight, MathF.FusedMultiplyAdd(g, GreenWeight, r * RedWeight))
                : MathF.FusedMultiplyAdd(b, BlueWeight, (r * RedWeight) + (g * GreenWeight));
        }
    }
}
