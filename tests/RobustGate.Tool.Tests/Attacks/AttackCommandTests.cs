using RobustGate.Engine.IO;
using RobustGate.Engine.Tensors;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Attacks;

/// <summary><c>robustgate attack</c> end to end on a freshly initialised smallcnn.</summary>
public sealed class AttackCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rg-attack-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_adversarial_images_and_prints_both_accuracies()
    {
        var (input, labels) = WriteBatch(6);
        var output = Path.Combine(_dir, "adv.npy");
        var result = CliRunner.Run("attack", "--arch", "smallcnn", "--input", input, "--labels", labels, "--attack", "pgd", "--eps", "8/255", "--steps", "5", "--output", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("clean accuracy:", result.Output, StringComparison.Ordinal);
        Assert.Contains("robust accuracy:", result.Output, StringComparison.Ordinal);
        Assert.Contains("pgd-linf", result.Output, StringComparison.Ordinal);
        var adversarial = NpyFile.Read(output);
        Assert.Equal([6, 1, 28, 28], adversarial.Shape);
        var clean = NpyFile.Read(input).ToFloat32();

        // eps = 8/255 in float32 plus one rounding of x + delta.
        Assert.All(adversarial.ToFloat32().Zip(clean), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, (8.0 / 255) + 1e-6));
    }

    [Fact]
    public void Eps_zero_reports_the_clean_accuracy_as_robust_accuracy()
    {
        var (input, labels) = WriteBatch(5);
        var result = CliRunner.Run("attack", "--arch", "smallcnn", "--input", input, "--labels", labels, "--attack", "fgsm", "--eps", "0", "--output", Path.Combine(_dir, "adv.npy"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n');
        var clean = lines.Single(l => l.StartsWith("clean accuracy:", StringComparison.Ordinal))["clean accuracy:".Length..].Trim();
        var robust = lines.Single(l => l.StartsWith("robust accuracy:", StringComparison.Ordinal))["robust accuracy:".Length..].Trim();
        Assert.Equal(clean, robust);
    }

    [Fact]
    public void Unknown_attack_is_a_usage_error_with_a_suggestion()
    {
        var (input, labels) = WriteBatch(2);
        var result = CliRunner.Run("attack", "--arch", "smallcnn", "--input", input, "--labels", labels, "--attack", "sqare", "--eps", "0.1", "--output", Path.Combine(_dir, "adv.npy"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Did you mean 'square'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_labels_are_bad_input_naming_the_file()
    {
        var (input, _) = WriteBatch(2);
        var labels = Path.Combine(_dir, "float-labels.npy");
        NpyFile.Write(labels, new float[] { 1, 2 }, 2);
        var result = CliRunner.Run("attack", "--arch", "smallcnn", "--input", input, "--labels", labels, "--attack", "fgsm", "--eps", "0.1", "--output", Path.Combine(_dir, "adv.npy"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("float-labels.npy", result.Error, StringComparison.Ordinal);
        Assert.Contains("int64", result.Error, StringComparison.Ordinal);
    }

    private (string Input, string Labels) WriteBatch(int count)
    {
        using var images = Tensor.Rand(new Generator(5), count, 1, 28, 28);
        var input = Path.Combine(_dir, "x.npy");
        var labels = Path.Combine(_dir, "y.npy");
        NpyFile.Write(input, images.ReadOnlySpan, count, 1, 28, 28);
        NpyFile.Write(labels, Enumerable.Range(0, count).Select(i => (long)(i % 10)).ToArray(), count);
        return (input, labels);
    }
}
