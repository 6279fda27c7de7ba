using System.CommandLine;
using System.Globalization;
using RobustGate.Engine.Benchmarks;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;
using RobustGate.Tool.Parsing;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate bench attacks</c>: the cost of each attack as a multiple of one clean forward pass
/// over the same images, with the forward and backward passes per image it took. Early stopping
/// makes the multiple depend on the model: time a trained model (--weights) for real numbers.
/// </summary>
internal static class BenchAttacksCommand
{
    public static Command Create(ToolConsole console)
    {
        var model = new ModelOptions();
        var images = new Option<int>("--images") { Description = "Random [0,1] images per attack (or the first N of --input).", DefaultValueFactory = _ => 32 };
        var eps = new Option<string>("--eps") { Description = "L-inf budget, e.g. 8/255.", DefaultValueFactory = _ => "8/255" };
        var steps = new Option<int>("--steps") { Description = "Iterations of the iterative attacks.", DefaultValueFactory = _ => 10 };
        var queries = new Option<int>("--square-queries") { Description = "Queries of the Square attack.", DefaultValueFactory = _ => 200 };
        var command = new Command("attacks", "Attack cost as multiples of one clean forward pass.") { images, eps, steps, queries };
        model.AddTo(command, archRequired: false);
        DeviceOption.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = model.Read(parse, new Engine.Evaluation.ModelSpec { Arch = "smallcnn" })!;
            var net = spec.Build();
            var input = spec.ResolvedInput;
            var count = Math.Max(1, parse.GetValue(images));
            var generator = new Generator(3);
            using var x = Tensor.Rand(generator, count, input.Channels, input.Height, input.Width);
            var labels = Enumerable.Range(0, count).Select(i => i % spec.ResolvedClasses).ToArray();
            var attacks = AttackBenchmark.Suite(ValueParsers.ParseNumber(parse.GetValue(eps)!, "--eps"), parse.GetValue(steps), parse.GetValue(queries));
            var timings = AttackBenchmark.Run(net, x, labels, attacks);
            var inv = CultureInfo.InvariantCulture;
            console.WriteLine(string.Create(inv, $"{spec.Arch}{(spec.Weights is null ? " (untrained)" : string.Empty)}, {count} images, eps {parse.GetValue(eps)}, {parse.GetValue(steps)} steps"));
            console.WriteLine("| attack | cost (clean forward passes) | forwards / image | backwards / image | robust accuracy |");
            console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var t in timings)
            {
                console.WriteLine(string.Create(inv, $"| {t.Attack} | {t.CostInForwardPasses:0.0} | {t.ForwardsPerImage:0.0} | {t.BackwardsPerImage:0.0} | {t.RobustAccuracy:0.000} |"));
            }

            return 0;
        });
        return command;
    }
}
