using System.CommandLine;
using RobustGate.Engine;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.IO;
using RobustGate.Engine.Tensors;

namespace RobustGate.Tool.Commands;

/// <summary><c>robustgate predict</c>: logits of a model for a .npy batch of [0, 1] images.</summary>
internal static class PredictCommand
{
    public static Command Create(ToolConsole console)
    {
        var model = new ModelOptions();
        var input = new Option<FileInfo>("--input") { Description = "float32 .npy, N x C x H x W, pixels in [0, 1].", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Where to write the float32 N x classes logits (.npy).", Required = true };
        var batch = new Option<int>("--batch") { Description = "Images per forward pass.", DefaultValueFactory = _ => 64 };
        var command = new Command("predict", "Run a model on a .npy batch and write its logits.");
        model.AddTo(command, archRequired: true);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(batch);
        DeviceOption.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = model.Read(parse)!;
            var inputPath = parse.GetValue(input)!.FullName;
            var outputPath = parse.GetValue(output)!.FullName;
            var batchSize = Math.Max(1, parse.GetValue(batch));
            var net = spec.Build();
            net.Eval();
            var array = NpyFile.Read(inputPath);
            var shape = array.Shape;
            if (shape.Length != 4)
            {
                throw new InvalidInputException($"expected a 4-d array N x C x H x W, found shape [{string.Join(", ", shape)}]", inputPath);
            }

            var pixels = array.ToFloat32();
            int n = shape[0], c = shape[1], h = shape[2], w = shape[3];
            var per = c * h * w;
            var classes = spec.ResolvedClasses;
            var logits = new float[(long)n * classes];
            using (new NoGrad())
            {
                for (var start = 0; start < n; start += batchSize)
                {
                    var count = Math.Min(batchSize, n - start);
                    using var x = Tensor.FromSpan(pixels.AsSpan(start * per, count * per), count, c, h, w);
                    using var y = net.Forward(x);
                    if (y.Numel != count * classes)
                    {
                        throw new InvalidInputException($"the model produced {y.Numel / count} outputs per image, expected {classes} (check --classes)", spec.Weights);
                    }

                    y.ReadOnlySpan.CopyTo(logits.AsSpan(start * classes, count * classes));
                    console.Progress("predict", start + count, n);
                }
            }

            NpyFile.Write(outputPath, logits, [n, classes]);
            console.EndProgressLine();
            console.Error.WriteLine($"wrote {outputPath} ({n} x {classes} logits)");
            return 0;
        });
        return command;
    }
}
