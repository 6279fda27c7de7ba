using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// numpy's legacy <c>poisson(x·c)</c> for the 256 possible values of x = level / 255, with each
/// level's constants (e^-λ, or PTRS's) computed once instead of once per pixel. The draws are
/// exactly those of <see cref="NumpyRandom.Poisson"/>.
/// </summary>
internal sealed class LevelPoissonSampler
{
    private readonly double[] _lambda = new double[256];
    private readonly double[] _expMinusLambda = new double[256];
    private readonly NumpyRandom.PoissonPtrsConstants[] _ptrs = new NumpyRandom.PoissonPtrsConstants[256];

    public LevelPoissonSampler(double photons)
    {
        var levels = NoiseKernels.UnitLevels;
        for (var v = 0; v < 256; v++)
        {
            var lam = levels[v] * photons;
            _lambda[v] = lam;
            if (lam >= 10.0)
            {
                _ptrs[v] = new NumpyRandom.PoissonPtrsConstants(lam);
            }
            else
            {
                _expMinusLambda[v] = Math.Exp(-lam);
            }
        }
    }

    /// <summary>One draw per level, in order, into <paramref name="counts"/>.</summary>
    public void SampleAll(ReadOnlySpan<byte> levels, NumpyRandom rng, Span<int> counts) =>
        rng.PoissonByLevel(levels, _lambda, _expMinusLambda, _ptrs, counts);
}
