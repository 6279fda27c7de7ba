using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// sign(x): 1 for x &gt; 0, -1 for x &lt; 0, 0 for zeros. NaN gives 0 (PyTorch gives NaN): an FGSM step through
/// a NaN gradient then leaves the pixel alone instead of poisoning the image.
/// </summary>
public readonly struct SignOperator : IUnaryOperator
{
    public float Invoke(float x) => x > 0f ? 1f : x < 0f ? -1f : 0f;

    public Vector256<float> Invoke(Vector256<float> x)
        => (Vector256<float>.One & Vector256.GreaterThan(x, Vector256<float>.Zero))
            - (Vector256<float>.One & Vector256.LessThan(x, Vector256<float>.Zero));

    public Vector512<float> Invoke(Vector512<float> x)
        => (Vector512<float>.One & Vector512.GreaterThan(x, Vector512<float>.Zero))
            - (Vector512<float>.One & Vector512.LessThan(x, Vector512<float>.Zero));
}
