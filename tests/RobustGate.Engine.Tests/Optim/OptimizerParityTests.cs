using System.Runtime.CompilerServices;
using RobustGate.Engine.IO;
using RobustGate.Engine.Optim;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Optim;

/// <summary>
/// Five steps of each optimizer configuration against PyTorch 1.13 trajectories
/// (Reference/make_optimizer_reference.py made the file).
/// </summary>
public sealed class OptimizerParityTests
{
    // PyTorch fuses some multiply-adds (AVX2 fmadd) where we round twice, and computes Adam's
    // scalars in double vs our float: each step may differ by a few float32 ulps, so five steps
    // stay well inside 1e-5 relative (plus 1e-6 absolute for values near zero).
    private const float RelativeTolerance = 1e-5f;
    private const float AbsoluteTolerance = 1e-6f;

    private static readonly SafeTensorsFile Reference = SafeTensorsFile.Read(ReferencePath());

    public static TheoryData<string> Configurations => new()
    {
        "sgd_plain", "sgd_momentum_wd", "sgd_dampening", "sgd_nesterov", "adam", "adam_wd", "adamw",
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Trajectory_matches_pytorch(string configuration)
    {
        var parameter = Tensor.FromArray(Reference.Get("initial").ToFloat32(), 3, 4).RequiresGrad_();
        var optimizer = Create(configuration, parameter);
        for (var t = 0; t < 5; t++)
        {
            parameter.Grad = Tensor.FromArray(Reference.Get($"grad.{t}").ToFloat32(), 3, 4);
            optimizer.Step();
            var expected = Reference.Get($"{configuration}.step{t}").ToFloat32();
            var actual = parameter.ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                var tolerance = AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected[i]));
                Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"{configuration} step {t} element {i}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Exported_state_resumes_the_same_trajectory(string configuration)
    {
        // Three steps, export, then two more steps on a fresh optimizer must equal five steps.
        var straight = Tensor.FromArray(Reference.Get("initial").ToFloat32(), 3, 4).RequiresGrad_();
        var straightOptimizer = Create(configuration, straight);
        var resumed = Tensor.FromArray(Reference.Get("initial").ToFloat32(), 3, 4).RequiresGrad_();
        var first = Create(configuration, resumed);
        for (var t = 0; t < 3; t++)
        {
            straight.Grad = Tensor.FromArray(Reference.Get($"grad.{t}").ToFloat32(), 3, 4);
            straightOptimizer.Step();
            resumed.Grad = Tensor.FromArray(Reference.Get($"grad.{t}").ToFloat32(), 3, 4);
            first.Step();
        }

        var second = Create(configuration, resumed);
        second.ImportState(first.ExportState());
        for (var t = 3; t < 5; t++)
        {
            straight.Grad = Tensor.FromArray(Reference.Get($"grad.{t}").ToFloat32(), 3, 4);
            straightOptimizer.Step();
            resumed.Grad = Tensor.FromArray(Reference.Get($"grad.{t}").ToFloat32(), 3, 4);
            second.Step();
        }

        Assert.Equal(straight.ToArray(), resumed.ToArray());
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Vector_and_chunked_updates_give_the_scalar_bits(string configuration)
    {
        // The 12 reference values tiled 5,467 times (65,604 elements): the update runs in Vector512 or
        // Vector256 code, across two threads' chunks, with a scalar tail; each copy must carry exactly the
        // bits of the 12-element run, which goes through the scalar path only.
        const int Copies = 5467;
        var small = Tensor.FromArray(Reference.Get("initial").ToFloat32(), 3, 4).RequiresGrad_();
        var large = Tensor.FromArray(Tile(Reference.Get("initial").ToFloat32(), Copies), 3 * Copies, 4).RequiresGrad_();
        var smallOptimizer = Create(configuration, small);
        var largeOptimizer = Create(configuration, large);
        for (var t = 0; t < 5; t++)
        {
            var grad = Reference.Get($"grad.{t}").ToFloat32();
            small.Grad = Tensor.FromArray(grad, 3, 4);
            smallOptimizer.Step();
            large.Grad = Tensor.FromArray(Tile(grad, Copies), 3 * Copies, 4);
            largeOptimizer.Step();
        }

        Assert.Equal(Tile(small.ToArray(), Copies), large.ToArray());
    }

    [Fact]
    public void Parameters_without_gradient_are_left_alone()
    {
        var withGrad = Tensor.FromArray([1f, 2f], 2).RequiresGrad_();
        var withoutGrad = Tensor.FromArray([3f, 4f], 2).RequiresGrad_();
        var optimizer = new SGD([withGrad, withoutGrad], 0.5, momentum: 0.9);
        withGrad.Grad = Tensor.FromArray([1f, -1f], 2);
        optimizer.Step();
        Assert.Equal([0.5f, 2.5f], withGrad.ToArray());
        Assert.Equal([3f, 4f], withoutGrad.ToArray());
        optimizer.ZeroGrad();
        Assert.Null(withGrad.Grad);
    }

    private static Optimizer Create(string configuration, Tensor parameter) => configuration switch
    {
        "sgd_plain" => new SGD([parameter], 0.1),
        "sgd_momentum_wd" => new SGD([parameter], 0.1, momentum: 0.9, weightDecay: 5e-4),
        "sgd_dampening" => new SGD([parameter], 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 1e-2),
        "sgd_nesterov" => new SGD([parameter], 0.1, momentum: 0.9, weightDecay: 1e-3, nesterov: true),
        "adam" => new Adam([parameter], 1e-2),
        "adam_wd" => new Adam([parameter], 1e-2, 0.8, 0.99, 1e-6, 0.1),
        "adamw" => new AdamW([parameter], 1e-2, weightDecay: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(configuration), configuration, null),
    };

    private static float[] Tile(float[] values, int copies)
    {
        var tiled = new float[values.Length * copies];
        for (var k = 0; k < copies; k++)
        {
            values.CopyTo(tiled, k * values.Length);
        }

        return tiled;
    }

    private static string ReferencePath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Reference", "optimizer_reference.safetensors");
}
