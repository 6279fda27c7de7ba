using RobustGate.Engine.IO;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Nn;

/// <summary>State-dict names, order, dtypes, strict loading errors and safetensors round trips.</summary>
public sealed class ModuleStateDictTests
{
    private static readonly string WeightsPath = SharedData.Path("ref", "engine", "models", "resnet18-cifar.weights.safetensors");

    [Fact]
    public void Resnet18_cifar_names_shapes_and_order_equal_the_pytorch_export()
    {
        var file = SafeTensorsFile.Read(WeightsPath);
        var state = ModelRegistry.Create("resnet18-cifar", 10).StateDict();

        // safetensors sorts nothing for us: the exporter wrote PyTorch's state_dict order.
        Assert.Equal(file.Names, state.Names);
        foreach (var tensor in file.Tensors)
        {
            Assert.Equal(tensor.Shape, state[tensor.Name].ShapeArray());
            Assert.Equal(tensor.DType == SafeTensorDType.I64 ? StateDType.Int64 : StateDType.Float32, state[tensor.Name].DType);
        }
    }

    [Fact]
    public void Save_then_load_round_trips_values_and_keeps_counters_int64()
    {
        var model = ModelRegistry.Create("resnet18-cifar", 10);
        model.Load(WeightsPath);
        var path = Path.Combine(Path.GetTempPath(), $"rg-nn-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var saved = SafeTensorsFile.Read(path);
            Assert.Equal(SafeTensorDType.I64, saved.Get("layer1.0.bn1.num_batches_tracked").DType);
            Assert.Equal(SafeTensorDType.F32, saved.Get("fc.weight").DType);

            var copy = ModelRegistry.Create("resnet18-cifar", 10, seed: 99);
            copy.Load(path);
            var expected = model.StateDict();
            foreach (var (name, entry) in copy.StateDict())
            {
                if (entry.DType == StateDType.Int64)
                {
                    Assert.Equal(expected[name].Int64, entry.Int64);
                }
                else
                {
                    Assert.Equal(expected[name].Float32, entry.Float32);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Strict_load_reports_missing_unexpected_and_misshaped_names_in_one_exception()
    {
        var model = ModelRegistry.Create("resnet18-cifar", 10);
        var dict = StateDictFile.Read(WeightsPath);
        var broken = new StateDict();
        foreach (var (name, entry) in dict)
        {
            if (name == "layer3.1.bn2.running_var")
            {
                continue;
            }

            broken.Add(name, name == "fc.weight" ? StateEntry.FromFloat32(new float[100 * 512], 100, 512) : entry);
        }

        broken.Add("head.extra", StateEntry.FromFloat32([1f], 1));
        var error = Assert.Throws<InvalidInputException>(() => model.LoadStateDict(broken, strict: true, file: "weights.safetensors"));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("weights.safetensors: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing 'layer3.1.bn2.running_var' (expected shape [256])", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected 'head.extra' (shape [1])", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fc.weight': expected shape [10, 512], found [100, 512]", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 problems", error.Message, StringComparison.Ordinal);

        // Nothing was copied: the model still has its initial fc weights, not the file's.
        Assert.NotEqual(dict["conv1.weight"].Float32, model.StateDict()["conv1.weight"].Float32);
    }

    [Fact]
    public void Non_strict_load_ignores_missing_and_unexpected_but_not_misshaped()
    {
        var model = new Linear(3, 2, new Generator(1));
        var dict = new StateDict { { "weight", StateEntry.FromFloat32(new float[6], 2, 3) }, { "other", StateEntry.Scalar(1L) } };
        model.LoadStateDict(dict, strict: false);
        Assert.All(model.Weight.ToArray(), v => Assert.Equal(0f, v));

        var bad = new StateDict { { "weight", StateEntry.FromFloat32(new float[6], 3, 2) } };
        Assert.Throws<InvalidInputException>(() => model.LoadStateDict(bad, strict: false));
    }

    [Fact]
    public void Loading_a_missing_file_names_it()
    {
        var model = new Linear(3, 2, new Generator(1));
        var error = Assert.Throws<InvalidInputException>(() => model.Load("/nonexistent/weights.safetensors"));
        Assert.Contains("/nonexistent/weights.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_and_eval_reach_every_descendant_and_batch_norm_counts_batches()
    {
        var model = ModelRegistry.Create("smallcnn", 10);
        model.Eval();
        Assert.All(model.NamedModules(), m => Assert.False(m.Module.Training));
        model.Train();
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.Training));

        using var input = Tensor.Zeros(2, 1, 28, 28);
        model.Forward(input);
        var bn = model.NamedModules().Select(m => m.Module).OfType<BatchNorm2d>().First();
        Assert.Equal(1, bn.NumBatchesTracked.Value);
        model.Eval();
        model.Forward(input);
        Assert.Equal(1, bn.NumBatchesTracked.Value);
        Assert.Equal(1L, model.StateDict()["features.1.num_batches_tracked"].Int64![0]);
    }

    [Fact]
    public void Normalize_has_no_state_and_matches_the_formula()
    {
        var normalize = new Normalize([0.5f, 0.25f], [0.5f, 2f]);
        Assert.Equal(0, normalize.StateDict().Count);
        var x = Tensor.FromArray([1f, 0f, 0.25f, 0.75f], 1, 2, 1, 2);
        Assert.Equal([1f, -1f, 0f, 0.25f], normalize.Forward(x).ToArray());
        Assert.Throws<ArgumentException>(() => normalize.Forward(Tensor.Zeros(1, 3, 1, 1)));
    }
}
