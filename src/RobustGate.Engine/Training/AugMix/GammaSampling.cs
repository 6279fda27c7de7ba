using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// Gamma, Dirichlet and Beta draws from the engine's seeded <see cref="Generator"/>. Gamma(α, 1)
/// uses Marsaglia and Tsang's squeeze-rejection method (2000) for α ≥ 1 and the boost
/// Gamma(α) = Gamma(α + 1)·U^(1/α) for α &lt; 1; Dirichlet normalises independent Gammas and
/// Beta(a, b) = X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
/// </summary>
public static class GammaSampling
{
    /// <summary>One Gamma(<paramref name="shape"/>, 1) draw.</summary>
    public static double Gamma(Generator random, double shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(shape > 0) || !double.IsFinite(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "the Gamma shape must be a positive finite number.");
        }

        if (shape < 1)
        {
            // 1 − U lies in (0, 1], so the power is finite and positive.
            var boost = Math.Pow(1.0 - random.NextDouble(), 1.0 / shape);
            return Gamma(random, shape + 1) * boost;
        }

        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.NextNormal();
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1.0 - random.NextDouble();
            var x2 = x * x;
            if (u < 1.0 - (0.0331 * x2 * x2))
            {
                return d * v;
            }

            if (Math.Log(u) < (0.5 * x2) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Fills <paramref name="weights"/> with one Dirichlet(α, …, α) draw (they sum to 1).</summary>
    public static void Dirichlet(Generator random, double alpha, Span<double> weights)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("a Dirichlet draw needs at least one weight.", nameof(weights));
        }

        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Gamma(random, alpha);
            sum += weights[i];
        }

        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }
    }

    /// <summary>One Beta(<paramref name="a"/>, <paramref name="b"/>) draw.</summary>
    public static double Beta(Generator random, double a, double b)
    {
        var x = Gamma(random, a);
        var y = Gamma(random, b);
        return x / (x + y);
    }
}
