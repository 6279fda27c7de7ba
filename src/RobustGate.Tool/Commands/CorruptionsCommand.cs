using System.CommandLine;
using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Evaluation;

namespace RobustGate.Tool.Commands;

/// <summary><c>robustgate corruptions</c>: every corruption with its group, and the profiles.</summary>
internal static class CorruptionsCommand
{
    public static Command Create(ToolConsole console)
    {
        var profile = new Option<string>("--profile") { Description = "Show the variants of this profile: imagecorruptions, cifar or imagenet-c.", DefaultValueFactory = _ => "imagecorruptions" };
        var command = new Command("corruptions", "List the corruptions, their groups and the parameter profiles.") { profile };
        command.SetAction(parse =>
        {
            var resolved = CheckRunner.ResolveProfile(parse.GetValue(profile), new ModelInputSpec(3, 224, 224));
            var registry = new CorruptionRegistry(new CorruptionOptions { Profile = resolved });
            var width = registry.All.Max(c => c.Name.Length);
            console.WriteLine($"profile: {CheckRunner.ProfileName(resolved)} (others: imagecorruptions = 224 px ImageNet parameters, cifar = CIFAR-10-C's 32 px set, imagenet-c = the published generator's variants)");
            console.WriteLine($"{"name".PadRight(width)}  {"group",-12} benchmark  description");
            foreach (var c in registry.All)
            {
                var benchmark = CorruptionRegistry.Benchmark15.Contains(c.Name) ? "yes" : CorruptionRegistry.Extra4.Contains(c.Name) ? "extra" : "-";
                console.WriteLine($"{c.Name.PadRight(width)}  {c.Group.ToString().ToLowerInvariant(),-12} {benchmark,-9}  {c.Description}");
            }

            return 0;
        });
        return command;
    }
}
