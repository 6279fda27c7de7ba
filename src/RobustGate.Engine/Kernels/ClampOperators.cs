using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>clamp(x) = min(max(x, min), max); NaN propagates, as in PyTorch.</summary>
public readonly struct ClampOperator(float min, float max) : IUnaryOperator
{
    // default(T), which the generic kernels pass when no operator is given, means PyTorch's defaults.
    private readonly bool configured = true;
    private readonly float minValue = min;
    private readonly float maxValue = max;

    public float Min => configured ? minValue : float.NegativeInfinity;

    public float Max => configured ? maxValue : float.PositiveInfinity;

    public float Invoke(float x) => MathF.Min(MathF.Max(x, Min), Max);

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256.Create(Min)), Vector256.Create(Max));

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Min(Vector512.Max(x, Vector512.Create(Min)), Vector512.Create(Max));
}

/// <summary>clamp's backward: (grad, x) -> grad where min &lt;= x &lt;= max, else 0 (PyTorch's mask).</summary>
public readonly struct ClampBackwardOperator(float min, float max) : IBinaryOperator
{
    // default(T), which the generic kernels pass when no operator is given, means PyTorch's defaults.
    private readonly bool configured = true;
    private readonly float minValue = min;
    private readonly float maxValue = max;

    public float Min => configured ? minValue : float.NegativeInfinity;

    public float Max => configured ? maxValue : float.PositiveInfinity;

    public float Invoke(float x, float y) => y >= Min && y <= Max ? x : 0f;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
        => x & Vector256.GreaterThanOrEqual(y, Vector256.Create(Min)) & Vector256.LessThanOrEqual(y, Vector256.Create(Max));

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
        => x & Vector512.GreaterThanOrEqual(y, Vector512.Create(Min)) & Vector512.LessThanOrEqual(y, Vector512.Create(Max));
}
