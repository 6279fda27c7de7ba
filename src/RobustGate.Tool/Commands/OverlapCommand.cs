using System.CommandLine;
using System.Globalization;
using RobustGate.Engine.Overlap;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate overlap</c>: the corruption overlapping score (spec corruptions.md §9.3). Trains a
/// standard model and one model per corruption (that corruption as augmentation), evaluates each on
/// every corruption and writes OUT/overlap.json and OUT/overlap.html (the matrix as a heat map).
/// </summary>
internal static class OverlapCommand
{
    public static Command Create(ToolConsole console)
    {
        var corruptions = new Option<string>("--corruptions") { Description = "Comma-separated corruptions to compare, at least two (see 'robustgate corruptions').", Required = true };
        var arch = new Option<string>("--arch") { Description = "Architecture (see 'robustgate models').", Required = true };
        var data = new Option<string>("--data") { Description = "Dataset: its train split trains, its test split evaluates, e.g. fashion-mnist.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs of every model.", DefaultValueFactory = _ => 1 };
        var limit = new Option<int?>("--limit") { Description = "Train on a seeded, class-stratified subset of this many images." };
        var evalLimit = new Option<int?>("--eval-limit") { Description = "Evaluate on a seeded, class-stratified subset of this many test images." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for initialisation, shuffling and corruptions (the same for every model).", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
        var profile = new Option<string>("--profile") { Description = "Corruption profile: auto (cifar up to 64 px), cifar, imagecorruptions or imagenet-c.", DefaultValueFactory = _ => "auto" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder for overlap.json and overlap.html.", Required = true };
        var command = new Command("overlap", "Train one model per corruption plus a standard one and write the corruption overlap matrix.")
        {
            corruptions, arch, data, epochs, limit, evalLimit, seed, batch, profile, output,
        };
        DeviceOption.AddTo(command);
        command.SetAction(parse =>
        {
            var settings = new OverlapSettings
            {
                Corruptions = parse.GetValue(corruptions)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Arch = parse.GetValue(arch)!,
                Data = parse.GetValue(data)!,
                Epochs = parse.GetValue(epochs),
                Limit = parse.GetValue(limit),
                EvalLimit = parse.GetValue(evalLimit),
                Seed = parse.GetValue(seed),
                BatchSize = parse.GetValue(batch),
                Profile = parse.GetValue(profile)!,
            };
            if (settings.BatchSize < 1)
            {
                throw new Engine.ConfigurationException($"--batch: expected at least 1, got {settings.BatchSize}");
            }

            var experiment = new OverlapExperiment(settings);
            var outDir = parse.GetValue(output)!.FullName;
            console.Error.WriteLine($"overlap: {settings.Arch}, standard + {experiment.Corruptions.Count} corruption-trained models ({string.Join(", ", experiment.Corruptions)})");
            var matrix = experiment.Run(
                new SynchronousProgress<OverlapProgress>(p => console.Progress(p.Stage, p.Done, p.Total)),
                new SynchronousProgress<OverlapModelResult>(m =>
                {
                    console.EndProgressLine();
                    console.Error.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{m.Name}: clean accuracy {m.CleanAccuracy:0.000}, mean corrupted accuracy {m.Accuracies.Average():0.000}, train {m.TrainSeconds:0.0} s, eval {m.EvaluationSeconds:0.0} s"));
                }));
            console.EndProgressLine();
            PrintMatrix(console, matrix);
            WarnAboutWeakGains(console, matrix);
            Directory.CreateDirectory(outDir);
            var json = OverlapJsonExporter.Write(matrix, outDir);
            var html = OverlapHtmlExporter.Write(matrix, outDir);
            console.Error.WriteLine($"wrote {json} and {html}");
            return 0;
        });
        return command;
    }

    private static void PrintMatrix(ToolConsole console, OverlapMatrix matrix)
    {
        var names = matrix.Corruptions;
        var width = Math.Max(8, names.Max(n => n.Length) + 2);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overlap matrix ({matrix.Seconds:0.0} s):"));
        console.WriteLine(new string(' ', width) + string.Concat(names.Select(n => Cell(n, width))));
        for (var i = 0; i < names.Count; i++)
        {
            var row = matrix.Overlap[i].Select(v => Cell(double.IsNaN(v) ? "n/a" : OverlapScore.Round(v).ToString("0.00", CultureInfo.InvariantCulture), width));
            console.WriteLine(names[i].PadRight(width) + string.Concat(row));
        }
    }

    // A row whose diagonal gain is within two standard errors of zero divides by noise: say so
    // rather than let a large or erratic score pass as a finding.
    private static void WarnAboutWeakGains(ToolConsole console, OverlapMatrix matrix)
    {
        var gains = matrix.DiagonalGains;
        var errors = matrix.DiagonalGainStandardErrors;
        for (var i = 0; i < gains.Count; i++)
        {
            if (!(gains[i] > 2 * errors[i]))
            {
                console.Warn(string.Create(
                    CultureInfo.InvariantCulture,
                    $"training on {matrix.Corruptions[i]} gained {gains[i]:0.000} robustness against it (standard error ~{errors[i]:0.000}); its overlap scores are mostly evaluation noise. More --epochs, --limit or --eval-limit, or a profile with stronger corruptions (--profile imagecorruptions), help."));
            }
        }
    }

    private static string Cell(string text, int width) => text.PadLeft(width);
}
