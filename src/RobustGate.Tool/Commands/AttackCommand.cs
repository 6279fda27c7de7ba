using System.CommandLine;
using System.Globalization;
using RobustGate.Engine;
using RobustGate.Engine.Attacks;
using RobustGate.Engine.IO;
using RobustGate.Engine.Tensors;
using RobustGate.Tool.Parsing;

namespace RobustGate.Tool.Commands;

/// <summary><c>robustgate attack</c>: adversarial examples for a .npy batch, with clean and robust accuracy.</summary>
internal static class AttackCommand
{
    public static Command Create(ToolConsole console)
    {
        var model = new ModelOptions();
        var input = new Option<FileInfo>("--input") { Description = "float32 .npy, N x C x H x W, pixels in [0, 1].", Required = true };
        var labelsOption = new Option<FileInfo>("--labels") { Description = "int64 .npy with N class indices.", Required = true };
        var attackOption = new Option<string>("--attack") { Description = $"Attack: {string.Join(", ", AttackRegistry.Names)} (pgd takes --norm).", Required = true };
        var eps = new Option<string>("--eps") { Description = "Perturbation budget in [0, 1] pixel units, e.g. 8/255.", Required = true };
        var norm = new Option<string>("--norm") { Description = "linf, l2 or l1 (pgd, apgd-*, autoattack).", DefaultValueFactory = _ => "linf" };
        var alpha = new Option<string?>("--alpha") { Description = "Step size (default: the attack's, relative to eps)." };
        var steps = new Option<int?>("--steps") { Description = "Iterations (Square: queries); default: the attack's." };
        var restarts = new Option<int?>("--restarts") { Description = "Random restarts (default 1)." };
        var seed = new Option<long>("--seed") { Description = "Seed of random starts, targets and Square proposals.", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Images attacked together.", DefaultValueFactory = _ => 128 };
        var output = new Option<FileInfo>("--output") { Description = "Where to write the float32 adversarial images (.npy).", Required = true };
        var command = new Command("attack", "Attack a model on a .npy batch; print clean and robust accuracy and write the adversarial images.");
        model.AddTo(command, archRequired: true);
        foreach (var option in new Option[] { input, labelsOption, attackOption, eps, norm, alpha, steps, restarts, seed, batch, output })
        {
            command.Options.Add(option);
        }

        DeviceOption.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = model.Read(parse)!;
            var inputPath = parse.GetValue(input)!.FullName;
            var labelsPath = parse.GetValue(labelsOption)!.FullName;
            var outputPath = parse.GetValue(output)!.FullName;
            var parameters = new AttackParameters
            {
                Eps = ValueParsers.ParseNumber(parse.GetValue(eps)!, "--eps"),
                Alpha = parse.GetValue(alpha) is { } a ? ValueParsers.ParseNumber(a, "--alpha") : null,
                Steps = parse.GetValue(steps),
                Restarts = parse.GetValue(restarts),
            };
            var attack = AttackRegistry.Create(parse.GetValue(attackOption)!, parameters, AttackRegistry.ParseNorm(parse.GetValue(norm)!));
            var batchSize = Math.Max(1, parse.GetValue(batch));
            var runSeed = unchecked((ulong)parse.GetValue(seed));

            var (pixels, shape) = ReadImages(inputPath);
            var labels = ReadLabels(labelsPath, shape[0]);
            var net = spec.Build();
            int n = shape[0], per = shape[1] * shape[2] * shape[3];
            var adversarial = new float[pixels.Length];
            int cleanCorrect = 0, robust = 0, zeroGradient = 0;
            var warnings = new List<string>();
            for (var start = 0; start < n; start += batchSize)
            {
                var count = Math.Min(batchSize, n - start);
                using var x = Tensor.FromSpan(pixels.AsSpan(start * per, count * per), count, shape[1], shape[2], shape[3]);
                var ids = Enumerable.Range(start, count).Select(i => (long)i).ToArray();
                AttackResult result;
                try
                {
                    result = attack.Run(net, x, labels[start..(start + count)], runSeed, ids);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidInputException(e.Message, labelsPath, e);
                }

                result.Adversarial.CopyTo(adversarial, start * per);
                cleanCorrect += result.CleanCorrectCount;
                robust += result.RobustCount;
                zeroGradient += result.ZeroGradientSamples;
                warnings.AddRange(result.Warnings.Where(w => !warnings.Contains(w)));
                console.Progress(attack.Name, start + count, n);
            }

            console.EndProgressLine();
            NpyFile.Write(outputPath, adversarial, shape);
            var culture = CultureInfo.InvariantCulture;
            console.WriteLine(string.Create(culture, $"attack {attack.Name} ({AttackRegistry.NormName(attack.Norm)}, eps {attack.Eps:G6}) on {n} images"));
            console.WriteLine(string.Create(culture, $"clean accuracy:  {Percent(cleanCorrect, n)} ({cleanCorrect}/{n})"));
            console.WriteLine(string.Create(culture, $"robust accuracy: {Percent(robust, n)} ({robust}/{n})"));
            if (zeroGradient > 0)
            {
                warnings.Add($"{zeroGradient} attacked samples had an all-zero input gradient (gradient masking or a saturated softmax)");
            }

            foreach (var warning in warnings)
            {
                console.Warn(warning);
            }

            console.Error.WriteLine($"wrote {outputPath}");
            return 0;
        });
        return command;
    }

    private static string Percent(int count, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{(total == 0 ? 0 : 100.0 * count / total):F2}%");

    private static (float[] Pixels, int[] Shape) ReadImages(string path)
    {
        var array = NpyFile.Read(path);
        var shape = array.Shape;
        if (shape.Length != 4)
        {
            throw new InvalidInputException($"expected a 4-d array N x C x H x W, found shape [{string.Join(", ", shape)}]", path);
        }

        var pixels = array.ToFloat32();
        for (var i = 0; i < pixels.Length; i++)
        {
            if (!(pixels[i] >= 0f && pixels[i] <= 1f))
            {
                throw new InvalidInputException($"element {i} is {pixels[i].ToString(CultureInfo.InvariantCulture)}; attack inputs must be pixels in [0, 1] (normalisation belongs inside the model: --mean/--std)", path);
            }
        }

        return (pixels, shape);
    }

    private static int[] ReadLabels(string path, int count)
    {
        var array = NpyFile.Read(path);
        if (array.DType != NpyDType.Int64 || array.Shape.Length != 1 || array.Shape[0] != count)
        {
            throw new InvalidInputException($"labels: expected int64 with shape [{count}] (one per image), found {array}", path);
        }

        return array.ToInt64().Select(v => v is < 0 or > int.MaxValue
            ? throw new InvalidInputException($"labels: {v} is not a class index", path)
            : (int)v).ToArray();
    }
}
