using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// softplus(x) = log(1 + exp(beta * x)) / beta, and x itself where beta * x &gt; threshold (PyTorch's defaults:
/// beta 1, threshold 20). Computed as max(z, 0) + log(1 + exp(-|z|)) so exp never overflows. The vector paths use
/// the runtime's vectorised exp/log, which agree with MathF to a few ulp (the tests state the bound).
/// </summary>
public readonly struct SoftplusOperator(float beta, float threshold) : IUnaryOperator
{
    // default(T), which the generic kernels pass when no operator is given, means PyTorch's defaults.
    private readonly bool configured = true;
    private readonly float betaValue = beta;
    private readonly float thresholdValue = threshold;

    public float Beta => configured ? betaValue : 1f;

    public float Threshold => configured ? thresholdValue : 20f;

    public float Invoke(float x)
    {
        var z = x * Beta;
        return z > Threshold ? x : (MathF.Max(z, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(z)))) / Beta;
    }

    public Vector256<float> Invoke(Vector256<float> x)
    {
        var z = x * Beta;
        var soft = (Vector256.Max(z, Vector256<float>.Zero) + Vector256.Log(Vector256<float>.One + Vector256.Exp(-Vector256.Abs(z)))) / Beta;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256.Create(Threshold)), x, soft);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        var z = x * Beta;
        var soft = (Vector512.Max(z, Vector512<float>.Zero) + Vector512.Log(Vector512<float>.One + Vector512.Exp(-Vector512.Abs(z)))) / Beta;
        return Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512.Create(Threshold)), x, soft);
    }
}

/// <summary>softplus's backward: (grad, x) -> grad * sigmoid(beta * x), and grad where beta * x &gt; threshold.</summary>
public readonly struct SoftplusBackwardOperator(float beta, float threshold) : IBinaryOperator
{
    // default(T), which the generic kernels pass when no operator is given, means PyTorch's defaults.
    private readonly bool configured = true;
    private readonly float betaValue = beta;
    private readonly float thresholdValue = threshold;

    public float Beta => configured ? betaValue : 1f;

    public float Threshold => configured ? thresholdValue : 20f;

    public float Invoke(float x, float y)
    {
        var z = y * Beta;
        return z > Threshold ? x : x / (1f + MathF.Exp(-z));
    }

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        var z = y * Beta;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256.Create(Threshold)), x, x / (Vector256<float>.One + Vector256.Exp(-z)));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        var z = y * Beta;
        return Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512.Create(Threshold)), x, x / (Vector512<float>.One + Vector512.Exp(-z)));
    }
}
