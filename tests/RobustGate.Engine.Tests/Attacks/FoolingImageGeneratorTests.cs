using RobustGate.Engine.Attacks;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>Fooling images: targeted, unbounded gradient ascent on a wrong class's logit.</summary>
public sealed class FoolingImageGeneratorTests
{
    [Fact]
    public void Pushes_images_to_a_wrong_target_class()
    {
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(6);
        var labels = AttackFixtures.Labels(model, images);
        model.Train();
        var result = new FoolingImageGenerator(model, new FoolingOptions { LearningRate = 5, MaxIterations = 50, Seed = 4 }).Generate(images, labels);
        Assert.True(model.Training);
        Assert.All(Enumerable.Range(0, 6), i => Assert.NotEqual(labels[i], result.Targets[i]));
        Assert.All(result.Images, v => Assert.InRange(v, 0f, 1f));

        // An untrained network is easy to steer: every image reaches its target within the cap.
        Assert.Equal(1.0, result.SuccessRate);
        Assert.True(result.MeanL2 > 0);
        Assert.True(result.MedianLinf <= 1);

        using var check = Engine.Tensors.Tensor.FromArray(result.Images, result.Shape);
        model.Eval();
        using var logits = model.Forward(check);
        using var predicted = logits.ArgMax(1);
        Assert.Equal(result.Targets, predicted.ToArray().Select(v => (int)v));
    }

    [Fact]
    public void A_larger_learning_rate_needs_no_more_iterations()
    {
        var model = AttackFixtures.SmallCnn(8);
        using var images = AttackFixtures.Images(6, 21);
        var labels = AttackFixtures.Labels(model, images);
        var slow = new FoolingImageGenerator(model, new FoolingOptions { LearningRate = 0.5, MaxIterations = 200 }).Generate(images, labels);
        var fast = new FoolingImageGenerator(model, new FoolingOptions { LearningRate = 20, MaxIterations = 200 }).Generate(images, labels);
        Assert.Equal(slow.Targets, fast.Targets);
        Assert.True(fast.MeanIterations <= slow.MeanIterations, $"lr 20: {fast.MeanIterations} iterations, lr 0.5: {slow.MeanIterations}");
        Assert.Throws<ConfigurationException>(() => new FoolingImageGenerator(model, new FoolingOptions { LearningRate = 0 }));
    }
}
