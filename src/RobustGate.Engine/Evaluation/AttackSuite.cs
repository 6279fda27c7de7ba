using RobustGate.Engine.Attacks;
using RobustGate.Engine.Configuration;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// <c>suites.attacks</c> of a check: every configured attack on the clean samples (after the model's
/// geometry), one <see cref="SettingResult"/> each (correct = correct clean and still correct under
/// the attack), plus <c>worst_case</c>, the per-sample AND over them. Setting name = the registry name
/// (<c>pgd-linf</c>), group = the name as configured (<c>pgd</c>), parameter = eps, so
/// <c>robust_accuracy[pgd]</c>, <c>robust_accuracy[pgd-linf]</c> and <c>robust_accuracy[worst_case]</c>
/// all resolve. Batches are attacked in turn with the dataset indices as sample ids, so shards and
/// batch sizes see the same random starts.
/// </summary>
public static class AttackSuite
{
    public const string WorstCaseName = "worst_case";

    public static IReadOnlyList<SettingResult> Run(
        Module model,
        (int Channels, int Height, int Width) input,
        float[] pixels,
        IReadOnlyList<int> labels,
        IReadOnlyList<int> sampleIndices,
        IReadOnlyList<AttackSuiteConfiguration> suites,
        ulong seed,
        int batchSize,
        IProgress<EvaluationProgress>? progress = null,
        List<string>? warnings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleIndices);
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var n = labels.Count;
        var per = input.Channels * input.Height * input.Width;
        if (pixels.Length != n * per || sampleIndices.Count != n)
        {
            throw new ArgumentException($"{pixels.Length} pixels, {n} labels and {sampleIndices.Count} indices do not describe the same samples of {per} elements", nameof(pixels));
        }

        var results = new List<SettingResult>();
        var attacks = suites.Select(s => (Suite: s, Attack: Create(s))).ToList();
        var worst = Enumerable.Repeat(true, n).ToArray();
        foreach (var (suite, attack) in attacks)
        {
            var robust = new bool[n];
            var label = $"{attack.Name} eps={suite.Eps:G4}";
            for (var start = 0; start < n; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, n - start);
                using var batch = Tensor.FromSpan(pixels.AsSpan(start * per, count * per), count, input.Channels, input.Height, input.Width);
                var ids = Enumerable.Range(start, count).Select(i => (long)sampleIndices[i]).ToArray();
                var result = attack.Run(model, batch, labels.Skip(start).Take(count).ToArray(), seed, ids);
                Array.Copy(result.Robust, 0, robust, start, count);
                if (warnings is not null)
                {
                    warnings.AddRange(result.Warnings.Select(w => $"{label}: {w}"));
                    if (result.ZeroGradientSamples > 0)
                    {
                        warnings.Add($"{label}: {result.ZeroGradientSamples} samples had an all-zero input gradient (gradient masking or saturated softmax)");
                    }

                    if (result.NonFiniteGradientSamples > 0)
                    {
                        warnings.Add($"{label}: {result.NonFiniteGradientSamples} samples had a non-finite input gradient");
                    }
                }

                progress?.Report(new EvaluationProgress(label, start + count, n));
            }

            for (var i = 0; i < n; i++)
            {
                worst[i] &= robust[i];
            }

            results.Add(new SettingResult(SuiteKind.Attack, attack.Name, suite.Name.Trim().ToLowerInvariant(), null, suite.Eps, CorrectnessBits.FromBooleans(robust)));
        }

        if (results.Count > 0)
        {
            results.Add(new SettingResult(SuiteKind.Attack, WorstCaseName, WorstCaseName, null, null, CorrectnessBits.FromBooleans(worst)));
        }

        return results;
    }

    /// <summary>The attack a configuration entry names (its steps are Square's queries).</summary>
    public static IAttack Create(AttackSuiteConfiguration suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var parameters = new AttackParameters
        {
            Eps = suite.Eps,
            Alpha = suite.Alpha,
            Steps = suite.Steps,
            Restarts = suite.Restarts,
        };
        return AttackRegistry.Create(suite.Name, parameters, AttackRegistry.ParseNorm(suite.Norm));
    }
}
