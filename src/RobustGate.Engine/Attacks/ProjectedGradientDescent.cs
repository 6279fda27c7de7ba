using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// PGD (Madry et al. 2018) on the cross-entropy, in L∞ (sign step), L2 (normalised step) or L1
/// (sparse step with the exact projection onto the L1 ball ∩ [0, 1], spec 2.4). Each step is
/// followed by the projection onto the eps-ball and the clip to [0, 1]. With early stopping a sample
/// is frozen at its first misclassified iterate (seen in the logits of the next gradient pass, so
/// it costs no extra forward pass) and restarts attack only the samples not yet fooled.
/// </summary>
public sealed class ProjectedGradientDescent : AttackBase
{
    private float[]? _startPerturbation;

    public ProjectedGradientDescent(AttackNorm norm, AttackParameters parameters)
        : base(NameOf(norm), norm, parameters)
    {
    }

    public static string NameOf(AttackNorm norm) => norm switch
    {
        AttackNorm.Linf => "pgd-linf",
        AttackNorm.L2 => "pgd-l2",
        _ => "pgd-l1",
    };

    /// <summary>Step size: the given alpha, else eps/4 (L∞: 2/255 at 8/255), 0.2·eps (L2: torchattacks' 0.2 at 1.0), 0.075·eps (L1: RART's step).</summary>
    public double Alpha => Parameters.Alpha ?? Norm switch
    {
        AttackNorm.Linf => Eps / 4,
        AttackNorm.L2 => 0.2 * Eps,
        _ => 0.075 * Eps,
    };

    /// <summary>Iterations: the given steps, else 10 (torchattacks) for L∞/L2 and 20 (RART) for L1.</summary>
    public int StepCount => Parameters.Steps ?? (Norm == AttackNorm.L1 ? 20 : 10);

    /// <summary>
    /// PGD from a given start x + <paramref name="startPerturbation"/> (clipped to [0, 1]) instead of a
    /// random one: how the PyTorch reference example is defined.
    /// </summary>
    public AttackResult RunFromStart(Module model, Tensor images, IReadOnlyList<int> labels, Tensor startPerturbation)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(startPerturbation);
        if (startPerturbation.Numel != images.Numel)
        {
            throw new ArgumentException("the start perturbation must have the images' shape", nameof(startPerturbation));
        }

        _startPerturbation = startPerturbation.ToArray();
        try
        {
            return Run(model, images, labels, 0);
        }
        finally
        {
            _startPerturbation = null;
        }
    }

    internal override void Perturb(AttackRun run)
    {
        var d = run.Elements;
        var alpha = (float)Alpha;
        var restarts = Parameters.Restarts ?? 1;
        var randomStart = Parameters.RandomStart ?? true;
        var current = new float[run.Clean.Length];
        var scratch = new float[d];
        for (var restart = 0; restart < restarts; restart++)
        {
            var active = run.Remaining();
            if (active.Length == 0)
            {
                return;
            }

            foreach (var i in active)
            {
                var x = current.AsSpan(i * d, d);
                var clean = run.CleanOf(i);
                if (_startPerturbation is { } start)
                {
                    for (var e = 0; e < d; e++)
                    {
                        x[e] = Math.Clamp(clean[e] + start[(i * d) + e], 0f, 1f);
                    }
                }
                else if (randomStart)
                {
                    Steps.RandomStart(Norm, clean, x, EpsF, run.RandomFor(i, restart), scratch);
                }
                else
                {
                    clean.CopyTo(x);
                }
            }

            run.Iterate(active, current, StepCount, (i, x, g) =>
            {
                switch (Norm)
                {
                    case AttackNorm.Linf:
                        Steps.Sign(x, g, alpha);
                        break;
                    case AttackNorm.L2:
                        Steps.Normalized(x, g, alpha);
                        break;
                    default:
                        Steps.SparseL1(x, g, alpha, Parameters.L1Sparsity, scratch);
                        break;
                }

                Steps.Project(Norm, run.CleanOf(i), x, EpsF, scratch);
            });
        }
    }
}
