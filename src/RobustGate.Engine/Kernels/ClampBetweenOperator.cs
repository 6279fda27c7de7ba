using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// (x, lo, hi) -> min(max(x, lo), hi) with per-element bounds: the projection onto an L-inf ball
/// (lo = x0 - eps, hi = x0 + eps) that PGD-style attacks take every step. NaN propagates.
/// </summary>
public readonly struct ClampBetweenOperator : ITernaryOperator
{
    public float Invoke(float x, float y, float z) => MathF.Min(MathF.Max(x, y), z);

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> z) => Vector256.Min(Vector256.Max(x, y), z);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> z) => Vector512.Min(Vector512.Max(x, y), z);
}
