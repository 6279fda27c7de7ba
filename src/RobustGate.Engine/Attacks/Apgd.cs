using System.Numerics.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// APGD (Croce and Hein 2020) in L∞ or L2 with the cross-entropy (apgd-ce), DLR (apgd-dlr) or
/// targeted DLR over the top-ranked wrong classes (apgd-t). Step size 2·eps halved at the reference
/// checkpoints (first after int(0.22·T) iterations, each interval int(0.03·T) shorter, never below
/// int(0.06·T)) when the loss rose in at most ρ of the interval's iterations or when the best loss
/// did not improve since an unreduced checkpoint; a halving restarts from the best point. Momentum
/// 0.75 (1 at the first iteration). Random start on the sphere of radius eps. A sample leaves the
/// batch at its first misclassified iterate, which is what is returned (the reference keeps the most
/// recent one; either is valid, spec 2.0); samples never fooled return the clean image.
/// </summary>
public sealed class Apgd : AttackBase
{
    private const float Momentum = 0.75f;

    public Apgd(string name, AttackLoss loss, AttackNorm norm, AttackParameters parameters)
        : base(name, norm, parameters)
    {
        if (norm == AttackNorm.L1)
        {
            throw new ConfigurationException($"attack '{name}': APGD supports linf and l2 (use pgd with norm l1)");
        }

        if (loss is not (AttackLoss.CrossEntropy or AttackLoss.Dlr or AttackLoss.TargetedDlr))
        {
            throw new ConfigurationException($"attack '{name}': APGD runs on the cross-entropy, DLR or targeted DLR loss");
        }

        Loss = loss;
    }

    public AttackLoss Loss { get; }

    /// <summary>Iterations per run: the given steps, else 100 (AutoAttack).</summary>
    public int StepCount => Parameters.Steps ?? 100;

    internal override void Perturb(AttackRun run)
    {
        var restarts = Parameters.Restarts ?? 1;
        if (Loss != AttackLoss.TargetedDlr)
        {
            for (var restart = 0; restart < restarts; restart++)
            {
                SingleRun(run, null, restart);
            }

            return;
        }

        if (run.Classes < 4)
        {
            run.Warnings.Add($"{Name}: the targeted DLR loss needs at least 4 classes, the model has {run.Classes}; skipped");
            return;
        }

        // Targets are the most likely wrong classes of the clean image, in decreasing order (spec 2.6).
        var all = Enumerable.Range(0, run.Count).ToArray();
        var clean = run.Logits(all, run.Clean);
        var targetCount = Math.Min(Parameters.TargetClasses, run.Classes - 1);
        var ranks = new int[run.Count][];
        for (var i = 0; i < run.Count; i++)
        {
            ranks[i] = new int[targetCount + 1];
            LossFunctions.TopIndices(clean.AsSpan(i * run.Classes, run.Classes), ranks[i]);
        }

        var targets = new int[run.Count];
        for (var rank = 1; rank <= targetCount; rank++)
        {
            for (var i = 0; i < run.Count; i++)
            {
                targets[i] = ranks[i][rank];
            }

            for (var restart = 0; restart < restarts; restart++)
            {
                SingleRun(run, targets, ((rank - 1) * restarts) + restart);
            }
        }
    }

    private void SingleRun(AttackRun run, int[]? targets, int stream)
    {
        var active = run.Remaining();
        if (active.Length == 0)
        {
            return;
        }

        var d = run.Elements;
        var n = run.Count;
        var eps = EpsF;
        var iterations = StepCount;
        var x = new float[n * d];
        var previous = new float[n * d];
        var best = new float[n * d];
        var gradient = new float[n * d];
        var gradientBest = new float[n * d];
        var scratch = new float[d];
        var proposal = new float[d];
        var stepSize = new float[n];
        var lossBest = new double[n];
        var lossBestLastCheck = new double[n];
        var reducedLastCheck = new bool[n];
        var history = new double[n, iterations + 1];

        foreach (var i in active)
        {
            Start(run.CleanOf(i), x.AsSpan(i * d, d), eps, run.RandomFor(i, stream));
            stepSize[i] = 2 * eps;
        }

        var losses = new double[active.Length];
        var batchGradients = new float[active.Length * d];
        var logits = new float[active.Length * run.Classes];
        run.Gradient(active, x, Loss, targets, losses, batchGradients, logits);
        active = Absorb(run, active, x, batchGradients, logits, gradient, (k, i) =>
        {
            lossBest[i] = losses[k];
            lossBestLastCheck[i] = losses[k];
            history[i, 0] = losses[k];
            x.AsSpan(i * d, d).CopyTo(best.AsSpan(i * d, d));
            batchGradients.AsSpan(k * d, d).CopyTo(gradientBest.AsSpan(i * d, d));
            x.AsSpan(i * d, d).CopyTo(previous.AsSpan(i * d, d));
        });

        var interval = Math.Max((int)(0.22 * iterations), 1);
        var minimumInterval = Math.Max((int)(0.06 * iterations), 1);
        var decrease = Math.Max((int)(0.03 * iterations), 1);
        var sinceCheck = 0;
        for (var iteration = 0; iteration < iterations && active.Length > 0; iteration++)
        {
            var a = iteration > 0 ? Momentum : 1f;
            foreach (var i in active)
            {
                var xi = x.AsSpan(i * d, d);
                var prev = previous.AsSpan(i * d, d);
                var clean = run.CleanOf(i);
                var g = gradient.AsSpan(i * d, d);

                // z = P(x + η·dir(g)); x_new = P(x + a·(z − x) + (1 − a)·(x − x_prev)).
                xi.CopyTo(proposal);
                if (Norm == AttackNorm.Linf)
                {
                    Steps.Sign(proposal, g, stepSize[i]);
                }
                else
                {
                    var scale = (float)(stepSize[i] / (Projection.Norm2(g) + 1e-12));
                    TensorPrimitives.MultiplyAdd(g, scale, proposal, proposal);
                }

                Steps.Project(Norm, clean, proposal, eps, scratch);
                for (var e = 0; e < d; e++)
                {
                    var momentumTerm = xi[e] - prev[e];
                    prev[e] = xi[e];
                    xi[e] += (a * (proposal[e] - xi[e])) + ((1 - a) * momentumTerm);
                }

                Steps.Project(Norm, clean, xi, eps, scratch);
            }

            losses = new double[active.Length];
            run.Gradient(active, x, Loss, targets, losses, batchGradients, logits);
            var it = iteration;
            active = Absorb(run, active, x, batchGradients, logits, gradient, (k, i) =>
            {
                history[i, it + 1] = losses[k];
                if (losses[k] > lossBest[i])
                {
                    lossBest[i] = losses[k];
                    x.AsSpan(i * d, d).CopyTo(best.AsSpan(i * d, d));
                    batchGradients.AsSpan(k * d, d).CopyTo(gradientBest.AsSpan(i * d, d));
                }
            });

            if (++sinceCheck == interval)
            {
                foreach (var i in active)
                {
                    var increases = 0;
                    for (var c = 0; c < interval; c++)
                    {
                        var j = iteration + 1 - c;
                        if (j >= 1 && history[i, j] > history[i, j - 1])
                        {
                            increases++;
                        }
                    }

                    var oscillating = increases <= interval * Parameters.Rho;
                    var stalled = !reducedLastCheck[i] && lossBestLastCheck[i] >= lossBest[i];
                    var reduce = oscillating || stalled;
                    reducedLastCheck[i] = reduce;
                    lossBestLastCheck[i] = lossBest[i];
                    if (reduce)
                    {
                        stepSize[i] /= 2;
                        best.AsSpan(i * d, d).CopyTo(x.AsSpan(i * d, d));
                        gradientBest.AsSpan(i * d, d).CopyTo(gradient.AsSpan(i * d, d));
                    }
                }

                sinceCheck = 0;
                interval = Math.Max(interval - decrease, minimumInterval);
            }
        }
    }

    /// <summary>
    /// Takes one gradient pass into the per-sample state: misclassified samples are stored and leave
    /// the batch; the others keep their gradient and run <paramref name="update"/>(batch row, sample).
    /// </summary>
    private static int[] Absorb(AttackRun run, int[] active, float[] x, float[] batchGradients, float[] logits, float[] gradient, Action<int, int> update)
    {
        var d = run.Elements;
        var still = new List<int>(active.Length);
        for (var k = 0; k < active.Length; k++)
        {
            var i = active[k];
            if (run.Misclassified(logits, k, i))
            {
                run.MarkFooled(i, x.AsSpan(i * d, d));
                continue;
            }

            batchGradients.AsSpan(k * d, d).CopyTo(gradient.AsSpan(i * d, d));
            update(k, i);
            still.Add(i);
        }

        return [.. still];
    }

    /// <summary>L∞: x + eps·t/‖t‖∞, t ~ U(−1, 1)ⁿ; L2: x + eps·t/‖t‖₂, t ~ N(0, I); then clipped to [0, 1].</summary>
    private void Start(ReadOnlySpan<float> clean, Span<float> x, float eps, Tensors.Generator random)
    {
        for (var e = 0; e < x.Length; e++)
        {
            x[e] = Norm == AttackNorm.Linf ? (float)((2.0 * random.NextDouble()) - 1.0) : (float)random.NextNormal();
        }

        var length = Norm == AttackNorm.Linf ? Projection.NormInf(x) : Projection.Norm2(x);
        var scale = (float)(eps / Math.Max(length, 1e-12));
        for (var e = 0; e < x.Length; e++)
        {
            x[e] = Math.Clamp(clean[e] + (scale * x[e]), 0f, 1f);
        }
    }
}
