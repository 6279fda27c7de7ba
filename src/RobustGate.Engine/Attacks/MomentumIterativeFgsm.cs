namespace RobustGate.Engine.Attacks;

/// <summary>
/// MI-FGSM (Dong et al. 2018), as torchattacks' MIFGSM: m ← μ·m + g/mean|g| (per sample), x ←
/// x + alpha·sign(m), project onto the L∞ ball, clip. No random start unless asked for (RART's
/// variant starts uniformly in the ball).
/// </summary>
public sealed class MomentumIterativeFgsm : AttackBase
{
    public MomentumIterativeFgsm(AttackParameters parameters)
        : base("mifgsm", AttackNorm.Linf, parameters)
    {
    }

    /// <summary>The given alpha, else eps/4 (torchattacks: 2/255 at 8/255).</summary>
    public double Alpha => Parameters.Alpha ?? Eps / 4;

    public int StepCount => Parameters.Steps ?? 10;

    internal override void Perturb(AttackRun run)
    {
        var d = run.Elements;
        var alpha = (float)Alpha;
        var decay = (float)Parameters.Decay;
        var current = new float[run.Clean.Length];
        var momentum = new float[run.Clean.Length];
        var scratch = new float[d];
        for (var restart = 0; restart < (Parameters.Restarts ?? 1); restart++)
        {
            var active = run.Remaining();
            if (active.Length == 0)
            {
                return;
            }

            foreach (var i in active)
            {
                var x = current.AsSpan(i * d, d);
                if (Parameters.RandomStart == true)
                {
                    Steps.RandomStart(AttackNorm.Linf, run.CleanOf(i), x, EpsF, run.RandomFor(i, restart), scratch);
                }
                else
                {
                    run.CleanOf(i).CopyTo(x);
                }

                momentum.AsSpan(i * d, d).Clear();
            }

            run.Iterate(active, current, StepCount, (i, x, g) =>
            {
                var m = momentum.AsSpan(i * d, d);
                var meanAbs = Projection.Norm1(g) / d;

                // torchattacks divides by mean|g| without a guard; a zero gradient leaves the momentum as is.
                var scale = meanAbs > 0 ? (float)(1.0 / meanAbs) : 0f;
                for (var e = 0; e < d; e++)
                {
                    m[e] = (decay * m[e]) + (g[e] * scale);
                }

                Steps.Sign(x, m, alpha);
                Projection.Linf(run.CleanOf(i), x, EpsF);
            });
        }
    }
}
