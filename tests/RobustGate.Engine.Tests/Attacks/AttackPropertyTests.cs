using RobustGate.Engine.Attacks;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>Properties every attack must have, on a small random smallcnn.</summary>
public sealed class AttackPropertyTests
{
    // Budgets small enough for a fast test, large enough that every attack does real work.
    private const int Steps = 12;

    // Float32 rounding of x + delta can overshoot the budget by a few ulps of the pixel values
    // (|x| <= 1, ulp 6e-8) per element; for L1/L2 that accumulates over 784 elements.
    private const double LinfSlack = 1e-6;
    private const double SumSlack = 1e-4;

    public static TheoryData<string, string> AllAttacks() => new()
    {
        { "fgsm", "linf" },
        { "pgd", "linf" },
        { "pgd", "l2" },
        { "pgd", "l1" },
        { "mifgsm", "linf" },
        { "apgd-ce", "linf" },
        { "apgd-ce", "l2" },
        { "apgd-dlr", "linf" },
        { "apgd-t", "linf" },
        { "square", "linf" },
        { "autoattack", "linf" },
        { "autoattack", "l2" },
    };

    [Theory]
    [MemberData(nameof(AllAttacks))]
    public void Results_stay_in_the_eps_ball_and_the_box(string name, string normText)
    {
        var norm = AttackRegistry.ParseNorm(normText);
        var eps = norm switch { AttackNorm.Linf => 0.05, AttackNorm.L2 => 1.0, _ => 8.0 };
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(8);
        var labels = AttackFixtures.Labels(model, images);
        var attack = Create(name, norm, eps);
        var result = attack.Run(model, images, labels, 7);
        var clean = images.ToArray();
        var d = clean.Length / 8;
        for (var i = 0; i < 8; i++)
        {
            var x = clean.AsSpan(i * d, d);
            var a = result.Adversarial.AsSpan(i * d, d);
            foreach (var v in a)
            {
                Assert.InRange(v, 0f, 1f);
            }

            var distance = Distance(norm, x, a);
            Assert.True(distance <= eps + (norm == AttackNorm.Linf ? LinfSlack : SumSlack), $"{name}/{normText} sample {i}: distance {distance} > eps {eps}");
        }

        Assert.True(result.RobustCount <= result.CleanCorrectCount);
        Assert.Equal(6, result.CleanCorrectCount);
    }

    [Theory]
    [MemberData(nameof(AllAttacks))]
    public void Eps_zero_gives_the_clean_images_and_the_clean_accuracy(string name, string normText)
    {
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(8);
        var labels = AttackFixtures.Labels(model, images);
        var result = Create(name, AttackRegistry.ParseNorm(normText), 0).Run(model, images, labels, 7);
        Assert.Equal(images.ToArray(), result.Adversarial);
        Assert.Equal(result.CleanCorrectCount, result.RobustCount);
        Assert.Equal(6, result.RobustCount);
    }

    [Theory]
    [InlineData("fgsm", "linf", new[] { 0.0, 0.01, 0.05, 0.3 })]
    [InlineData("pgd", "linf", new[] { 0.0, 0.01, 0.05, 0.3 })]
    [InlineData("pgd", "l2", new[] { 0.0, 0.3, 1.5, 6.0 })]
    [InlineData("pgd", "l1", new[] { 0.0, 2.0, 10.0, 60.0 })]
    [InlineData("mifgsm", "linf", new[] { 0.0, 0.01, 0.05, 0.3 })]
    [InlineData("apgd-ce", "linf", new[] { 0.0, 0.01, 0.05, 0.3 })]
    [InlineData("apgd-t", "linf", new[] { 0.0, 0.01, 0.05, 0.3 })]
    [InlineData("square", "linf", new[] { 0.0, 0.01, 0.05, 0.3 })]
    public void Robust_accuracy_does_not_increase_with_eps(string name, string normText, double[] epsilons)
    {
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(12);
        var labels = AttackFixtures.Labels(model, images);
        var norm = AttackRegistry.ParseNorm(normText);
        var robust = epsilons.Select(eps => Create(name, norm, eps).Run(model, images, labels, 5).RobustCount).ToArray();
        for (var k = 1; k < robust.Length; k++)
        {
            Assert.True(robust[k] <= robust[k - 1], $"{name}/{normText}: robust counts {string.Join(", ", robust)} over eps {string.Join(", ", epsilons)}");
        }

        Assert.True(robust[^1] < robust[0], $"{name}/{normText}: the largest eps fooled nothing ({string.Join(", ", robust)})");
    }

    [Theory]
    [InlineData("linf", 0.02)]
    [InlineData("l2", 0.5)]
    public void The_worst_case_is_at_most_every_single_attack(string normText, double eps)
    {
        var norm = AttackRegistry.ParseNorm(normText);
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(12);
        var labels = AttackFixtures.Labels(model, images);
        var worst = (AutoAttack)Create("autoattack", norm, eps);
        var combined = worst.Run(model, images, labels, 9);
        foreach (var component in worst.Components)
        {
            var alone = component.Run(model, images, labels, 9);
            Assert.True(combined.RobustCount <= alone.RobustCount, $"{component.Name}: worst case {combined.RobustCount} > single {alone.RobustCount}");
            for (var i = 0; i < labels.Length; i++)
            {
                Assert.False(combined.Robust[i] && !alone.Robust[i], $"sample {i} robust in the worst case but not under {component.Name}");
            }
        }

        Assert.Equal(worst.Components.Count, combined.Stages.Count);
        Assert.Equal(combined.RobustCount, combined.Stages[^1].RobustAfter);
    }

    [Theory]
    [MemberData(nameof(AllAttacks))]
    public void A_model_that_ignores_its_input_keeps_its_clean_accuracy(string name, string normText)
    {
        var model = new ConstantModel();
        using var images = AttackFixtures.Images(6);
        int[] labels = [2, 2, 1, 2, 0, 2];
        var result = Create(name, AttackRegistry.ParseNorm(normText), normText == "linf" ? 0.3 : 3.0).Run(model, images, labels, 1);
        Assert.Equal(4, result.CleanCorrectCount);
        Assert.Equal(result.CleanCorrectCount, result.RobustCount);
        if (name != "square")
        {
            // Every attacked sample (the four correct ones) has an all-zero input gradient.
            Assert.Equal(4, result.ZeroGradientSamples);
        }
    }

    [Theory]
    [InlineData("pgd", "linf")]
    [InlineData("pgd", "l1")]
    [InlineData("apgd-t", "linf")]
    [InlineData("square", "linf")]
    public void Same_seed_same_images_and_batching_does_not_matter(string name, string normText)
    {
        var norm = AttackRegistry.ParseNorm(normText);
        var eps = norm == AttackNorm.Linf ? 0.03 : 6.0;
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(8);
        var labels = AttackFixtures.Labels(model, images);
        var ids = Enumerable.Range(100, 8).Select(i => (long)i).ToArray();
        var whole = Create(name, norm, eps).Run(model, images, labels, 42, ids);
        var again = Create(name, norm, eps).Run(model, images, labels, 42, ids);
        Assert.Equal(whole.Adversarial, again.Adversarial);

        // The same samples in two batches of 3 and 5: per-sample streams keyed by sample id.
        var d = images.Numel / 8;
        var pixels = images.ToArray();
        var parts = new List<float>();
        var success = new List<bool>();
        foreach (var (start, count) in new[] { (0, 3), (3, 5) })
        {
            using var part = Tensor.FromArray(pixels.AsSpan(start * d, count * d).ToArray(), count, 1, 28, 28);
            var r = Create(name, norm, eps).Run(model, part, labels[start..(start + count)], 42, ids[start..(start + count)]);
            parts.AddRange(r.Adversarial);
            success.AddRange(r.Success);
        }

        Assert.Equal(whole.Success, success);

        // Batched GEMMs may round a logit differently for another batch size, which can flip a sign
        // of a near-zero gradient element; demand agreement on all but a handful of elements.
        var differing = whole.Adversarial.Zip(parts).Count(p => Math.Abs(p.First - p.Second) > 1e-6);
        Assert.True(differing <= whole.Adversarial.Length / 1000, $"{differing} elements differ between batchings");
    }

    [Fact]
    public void Training_mode_and_parameter_gradients_are_restored()
    {
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(4);
        var labels = AttackFixtures.Labels(model, images);
        model.Train();
        Create("pgd", AttackNorm.Linf, 0.03).Run(model, images, labels, 1);
        Assert.True(model.Training);
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void Unknown_names_suggest_the_closest_attack()
    {
        var error = Assert.Throws<ConfigurationException>(() => AttackRegistry.Create("pgd-lnf", new AttackParameters { Eps = 0.1 }));
        Assert.Contains("Did you mean 'pgd-linf'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => AttackRegistry.Create("fgsm", new AttackParameters { Eps = 0.1 }, AttackNorm.L2));
        Assert.Throws<ConfigurationException>(() => AttackRegistry.Create("pgd", new AttackParameters { Eps = -1 }));
        Assert.Equal("pgd-l2", AttackRegistry.Create("pgd", new AttackParameters { Eps = 1 }, AttackNorm.L2).Name);
    }

    internal static IAttack Create(string name, AttackNorm norm, double eps) =>
        AttackRegistry.Create(name, new AttackParameters { Eps = eps, Steps = name == "square" ? 100 : Steps, SquareQueries = 100, TargetClasses = 3 }, norm);

    private static double Distance(AttackNorm norm, ReadOnlySpan<float> x, ReadOnlySpan<float> a)
    {
        double result = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = Math.Abs((double)a[i] - x[i]);
            result = norm == AttackNorm.Linf ? Math.Max(result, d) : norm == AttackNorm.L2 ? result + (d * d) : result + d;
        }

        return norm == AttackNorm.L2 ? Math.Sqrt(result) : result;
    }
}
