using System.Diagnostics;
using RobustGate.Engine.Attacks;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Attack cost as multiples of one clean forward pass over the same batch (data only; the caller
/// prints). Costs depend on the model: early stopping makes attacks cheaper on weak models.
/// </summary>
public static class AttackBenchmark
{
    /// <summary>The registry's attacks at <paramref name="eps"/> (L∞; L2 and L1 budgets scaled to match) with the given iteration budget.</summary>
    public static IReadOnlyList<IAttack> Suite(double eps, int steps, int squareQueries)
    {
        var d = new AttackParameters { Eps = eps, Steps = steps, SquareQueries = squareQueries };
        return
        [
            AttackRegistry.Create("fgsm", d),
            AttackRegistry.Create("pgd-linf", d),
            AttackRegistry.Create("pgd-l2", d with { Eps = eps * 20 }, AttackNorm.L2),
            AttackRegistry.Create("pgd-l1", d with { Eps = eps * 200 }, AttackNorm.L1),
            AttackRegistry.Create("mifgsm", d),
            AttackRegistry.Create("apgd-ce", d),
            AttackRegistry.Create("apgd-t", d),
            AttackRegistry.Create("square", d with { Steps = squareQueries }),
            AttackRegistry.Create("autoattack", d),
        ];
    }

    /// <summary>Times each attack once after timing the clean forward pass (median of <paramref name="forwardRepeats"/> after a warm-up).</summary>
    public static IReadOnlyList<AttackTiming> Run(Module model, Tensor images, IReadOnlyList<int> labels, IReadOnlyList<IAttack> attacks, ulong seed = 0, int forwardRepeats = 5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(attacks);
        ArgumentOutOfRangeException.ThrowIfLessThan(forwardRepeats, 1);
        var wasTraining = model.Training;
        model.Eval();
        var forward = new double[forwardRepeats];
        using (new NoGrad())
        {
            for (var r = -1; r < forwardRepeats; r++)
            {
                var clock = Stopwatch.StartNew();
                using (new TensorScope())
                {
                    model.Forward(images);
                }

                if (r >= 0)
                {
                    forward[r] = clock.Elapsed.TotalSeconds;
                }
            }
        }

        model.Train(wasTraining);
        var cleanSeconds = GemmBenchmarkData.Median(forward);
        var timings = new List<AttackTiming>(attacks.Count);
        foreach (var attack in attacks)
        {
            var clock = Stopwatch.StartNew();
            var result = attack.Run(model, images, labels, seed);
            timings.Add(new AttackTiming(attack.Name, labels.Count, clock.Elapsed.TotalSeconds, cleanSeconds, result.ForwardImages, result.BackwardImages, result.RobustAccuracy));
        }

        return timings;
    }
}
