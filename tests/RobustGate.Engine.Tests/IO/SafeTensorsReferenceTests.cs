using RobustGate.Engine.IO;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.IO;

/// <summary>Reads the PyTorch-made files in ref/engine; expected values were printed with numpy from the same bytes.</summary>
public class SafeTensorsReferenceTests
{
    [Fact]
    public void Reads_F32_op_file_in_header_order_with_metadata()
    {
        var file = SafeTensorsFile.Read(SharedData.Path("ref", "engine", "ops", "linear_0.safetensors"));

        Assert.Equal(["input", "weight", "bias", "output", "grad_output", "grad_input", "grad_weight", "grad_bias"], file.Names);
        Assert.Equal("{\"op\": \"linear\"}", file.Metadata["case"]);
        var input = file.Get("input");
        Assert.Equal(SafeTensorDType.F32, input.DType);
        Assert.Equal([5, 7], input.Shape);
        float[] x = input.ToFloat32();
        Assert.Equal(-0.8553314805030823f, x[0]);
        Assert.Equal(1.0553778409957886f, x[1]);

        // y = x W^T + b must reproduce the stored output: float32 sums of 7 products, so 1e-5 is generous.
        float[] w = file.Get("weight").ToFloat32();
        float[] b = file.Get("bias").ToFloat32();
        float[] y = file.Get("output").ToFloat32();
        for (int i = 0; i < 5; i++)
        {
            for (int o = 0; o < 3; o++)
            {
                float sum = b[o];
                for (int k = 0; k < 7; k++)
                {
                    sum += x[i * 7 + k] * w[o * 7 + k];
                }

                Assert.True(Math.Abs(sum - y[i * 3 + o]) < 1e-5f, $"output[{i},{o}]");
            }
        }
    }

    [Fact]
    public void Reads_F16_weights_and_I64_counters()
    {
        var file = SafeTensorsFile.Read(SharedData.Path("ref", "engine", "models", "resnet18-cifar.weights.safetensors"));

        Assert.Equal(122, file.Names.Count);
        Assert.Equal("conv1.weight", file.Names[0]);
        Assert.Equal("fc.bias", file.Names[^1]);
        var conv1 = file.Get("conv1.weight");
        Assert.Equal(SafeTensorDType.F16, conv1.DType);
        Assert.Equal([64, 3, 3, 3], conv1.Shape);
        float[] w = conv1.ToFloat32();
        Assert.Equal([0.096923828125f, -0.0182342529296875f, -0.0037326812744140625f, 0.0025386810302734375f], w[..4]);
        Assert.Equal(0.0394287109375f, file.Get("fc.bias").ToFloat32()[0]);

        var counter = file.Get("bn1.num_batches_tracked");
        Assert.Equal(SafeTensorDType.I64, counter.DType);
        Assert.Empty(counter.Shape);
        Assert.Equal(1, counter.ElementCount);
        Assert.Equal([0L], counter.ToInt64());
        Assert.Contains("resnet18-cifar", file.Metadata["case"], StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_every_reference_file()
    {
        foreach (string path in Directory.EnumerateFiles(SharedData.Path("ref", "engine"), "*.safetensors", SearchOption.AllDirectories))
        {
            var file = SafeTensorsFile.Read(path);
            Assert.NotEmpty(file.Names);
            Assert.True(file.Metadata.ContainsKey("case"), path);
        }
    }

    [Fact]
    public void Missing_tensor_names_the_file()
    {
        string path = SharedData.Path("ref", "engine", "ops", "linear_0.safetensors");
        var file = SafeTensorsFile.Read(path);
        var error = Assert.Throws<InvalidInputException>(() => file.Get("nope"));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }
}
