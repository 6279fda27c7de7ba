using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>leaky_relu(x) = x where x &gt; 0, else slope * x.</summary>
public readonly struct LeakyReluOperator(float slope) : IUnaryOperator
{
    // default(T), which the generic kernels pass when no operator is given, means PyTorch's defaults.
    private readonly bool configured = true;
    private readonly float slopeValue = slope;

    public float Slope => configured ? slopeValue : 0.01f;

    public float Invoke(float x) => x > 0f ? x : x * Slope;

    public Vector256<float> Invoke(Vector256<float> x)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * Slope);

    public Vector512<float> Invoke(Vector512<float> x)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * Slope);
}

/// <summary>leaky_relu's backward: (grad, x) -> grad where x &gt; 0, else slope * grad.</summary>
public readonly struct LeakyReluBackwardOperator(float slope) : IBinaryOperator
{
    // default(T), which the generic kernels pass when no operator is given, means PyTorch's defaults.
    private readonly bool configured = true;
    private readonly float slopeValue = slope;

    public float Slope => configured ? slopeValue : 0.01f;

    public float Invoke(float x, float y) => y > 0f ? x : x * Slope;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), x, x * Slope);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), x, x * Slope);
}
