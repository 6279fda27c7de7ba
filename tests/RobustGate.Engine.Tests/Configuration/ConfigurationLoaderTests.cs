using RobustGate.Engine.Configuration;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Configuration;

public class ConfigurationLoaderTests
{
    private static readonly string Folder = Path.Combine(SharedData.RepositoryRoot, "tests", "RobustGate.Engine.Tests", "Configuration");

    private static RobustGateConfiguration Parse(string json) => ConfigurationLoader.Parse(json, "robustgate.json", "/work/project");

    private static string ErrorOf(string json) => Assert.Throws<ConfigurationException>(() => Parse(json)).Message;

    [Fact]
    public void Full_configuration_loads_with_paths_resolved_against_its_folder()
    {
        var config = ConfigurationLoader.Load(Path.Combine(Folder, "full.robustgate.json"));

        Assert.Equal(Path.Combine(Folder, "models", "resnet18.safetensors"), config.Model!.Weights);
        Assert.Equal("/models/alexnet.safetensors", config.Baseline!.Model!.Weights);
        Assert.Equal(BaselineSourceKind.Model, config.Baseline.Kind);
        Assert.Equal(new PreprocessingConfiguration(36, 32, "bicubic"), config.Model.Preprocessing);
        Assert.Equal([0.4914, 0.4822, 0.4465], config.Model.Mean);
        Assert.Equal("cifar10:test", config.Data);
        var corruptions = config.Suites.Corruptions!;
        Assert.Null(corruptions.Selection);
        Assert.Equal(["gaussian_noise", "fog"], corruptions.Names);
        Assert.Equal([1, 3, 5], corruptions.Severities);
        Assert.Equal(Path.Combine(Folder, "frost"), corruptions.FrostDir);
        var noise = config.Suites.Noise.Single();
        Assert.Equal("gaussian", noise.Family);
        Assert.Equal([0.08, 0.12], noise.Levels);
        var attack = config.Suites.Attacks.Single();
        Assert.Equal(8.0 / 255.0, attack.Eps);
        Assert.Equal((20, 2, "l2"), (attack.Steps, attack.Restarts, attack.Norm));
        Assert.Equal(["mce increase vs baseline <= 0.010", "clean_error <= 0.100"], config.Gate.Rules.Select(r => r.Text));
        Assert.Equal(0.01, config.Gate.Significance);
        Assert.Equal((2000, 128, 42L), (config.Limit!.Value, config.BatchSize, config.Seed));
        Assert.Equal(Path.Combine(Folder, "out", "reports"), config.ReportDir);
        Assert.Equal(["json", "markdown"], config.Formats);
        Assert.Equal("2/4", config.Shard!.ToString());
        Assert.Equal(new DeviceRequest(DeviceKind.Cuda, 1), config.Device);
    }

    [Fact]
    public void Empty_configuration_gets_the_documented_defaults()
    {
        var config = Parse("{}");

        Assert.Null(config.Model);
        Assert.Null(config.Baseline);
        Assert.Equal("benchmark", config.Suites.Corruptions!.Selection);
        Assert.Equal([1, 2, 3, 4, 5], config.Suites.Corruptions.Severities);
        Assert.Empty(config.Gate.Rules);
        Assert.Equal(GatePolicy.DefaultSignificance, config.Gate.Significance);
        Assert.Equal((64, 0L), (config.BatchSize, config.Seed));
        Assert.Null(config.Limit);
        Assert.Equal(Path.GetFullPath("/work/project/robustgate-report"), config.ReportDir);
        Assert.Equal(["json", "markdown", "junit", "html"], config.Formats);
        Assert.Null(config.Device);
    }

    [Theory]
    [InlineData("auto", DeviceKind.Auto, 0)]
    [InlineData("CPU", DeviceKind.Cpu, 0)]
    [InlineData("gpu", DeviceKind.Cuda, 0)]
    [InlineData("cuda:3", DeviceKind.Cuda, 3)]
    public void Device_key_takes_the_command_lines_forms(string value, DeviceKind kind, int ordinal)
    {
        Assert.Equal(new DeviceRequest(kind, ordinal), Parse($"{{ \"device\": \"{value}\" }}").Device);
    }

    [Theory]
    [InlineData("\"alexnet\"", BaselineSourceKind.AlexNet, null)]
    [InlineData("\"baselines/last.json\"", BaselineSourceKind.Report, "/work/project/baselines/last.json")]
    public void Baseline_string_forms(string value, BaselineSourceKind kind, string? path)
    {
        var baseline = Parse($"{{ \"baseline\": {value} }}").Baseline!;

        Assert.Equal(kind, baseline.Kind);
        Assert.Equal(path is null ? null : Path.GetFullPath(path), baseline.ReportPath);
    }

    [Theory]
    [InlineData("{ \"gate\": { \"rules\": [\"mce <= 0.8\", 3] } }", "robustgate.json: $.gate.rules[1]: expected a string, found number")]
    [InlineData("{ \"gate\": { \"rulez\": [] } }", "robustgate.json: $.gate.rulez: unknown key; did you mean \"rules\"?")]
    [InlineData("{ \"modle\": { \"arch\": \"x\" } }", "robustgate.json: $.modle: unknown key; did you mean \"model\"?")]
    [InlineData("{ \"batch_size\": \"64\" }", "robustgate.json: $.batch_size: expected an integer, found string")]
    [InlineData("{ \"batch_size\": 0 }", "robustgate.json: $.batch_size: expected an integer >= 1, found 0")]
    [InlineData("{ \"limit\": 1.5 }", "robustgate.json: $.limit: expected an integer, found 1.5")]
    [InlineData("{ \"model\": { \"weights\": \"w\" } }", "robustgate.json: $.model.arch: missing; expected the architecture name, e.g. \"resnet18\"")]
    [InlineData("{ \"model\": { \"arch\": \"r\", \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5] } }", "robustgate.json: $.model.std: expected 3 values (one per channel, as in mean), found 1")]
    [InlineData("{ \"model\": { \"arch\": \"r\", \"preprocessing\": { \"interpolation\": \"bilinera\" } } }", "robustgate.json: $.model.preprocessing.interpolation: expected one of \"nearest\", \"box\", \"bilinear\", \"bicubic\", \"lanczos\", found \"bilinera\"; did you mean \"bilinear\"?")]
    [InlineData("{ \"suites\": { \"corruptions\": { \"severities\": [1, 6] } } }", "robustgate.json: $.suites.corruptions.severities[1]: expected an integer in [1, 5], found 6")]
    [InlineData("{ \"suites\": { \"attacks\": [ { \"name\": \"pgd\", \"eps\": \"8 over 255\" } ] } }", "robustgate.json: $.suites.attacks[0].eps: expected a number or a fraction such as \"8/255\", found \"8 over 255\"")]
    [InlineData("{ \"suites\": { \"attacks\": [ { \"name\": \"pgd\", \"eps\": 0.03, \"nrom\": \"l2\" } ] } }", "robustgate.json: $.suites.attacks[0].nrom: unknown key; did you mean \"norm\"?")]
    [InlineData("{ \"suites\": { \"noise\": [ { \"family\": \"gausian\", \"levels\": [0.1] } ] } }", "robustgate.json: $.suites.noise[0].family: expected one of \"gaussian\", \"speckle\", \"uniform\", \"salt-and-pepper\", \"salt_and_pepper\", found \"gausian\"; did you mean \"gaussian\"?")]
    [InlineData("{ \"suites\": { \"noise\": [ { \"family\": \"gaussian\", \"levels\": [] } ] } }", "robustgate.json: $.suites.noise[0].levels: expected at least one level")]
    [InlineData("{ \"formats\": [\"jsn\"] }", "robustgate.json: $.formats[0]: expected one of \"json\", \"markdown\", \"junit\", \"html\", found \"jsn\"; did you mean \"json\"?")]
    [InlineData("{ \"shard\": \"5/4\" }", "robustgate.json: $.shard: expected \"k/N\" with 1 <= k <= N (e.g. \"2/8\"), found \"5/4\"")]
    [InlineData("{ \"device\": \"cdua\" }", "robustgate.json: $.device: unknown device 'cdua'; expected auto, cpu, cuda or cuda:N. Did you mean 'cuda' or 'cpu'?")]
    [InlineData("{ \"device\": \"cuda:x\" }", "robustgate.json: $.device: 'cuda:x' has no device number after 'cuda:'; expected cuda:0, cuda:1, ...")]
    [InlineData("{ \"device\": 0 }", "robustgate.json: $.device: expected a string, found number")]
    [InlineData("{ \"gate\": { \"significance\": 1.5 } }", "robustgate.json: $.gate.significance: expected a level in (0, 1) such as 0.05, found 1.5")]
    [InlineData("{ \"baseline\": 3 }", "robustgate.json: $.baseline: expected \"alexnet\", a report path or an object { \"model\": ... }, found number")]
    [InlineData("{ \"seed\": 1, \"seed\": 2 }", "robustgate.json: $.seed: this key appears twice")]
    [InlineData("[]", "robustgate.json: $: expected an object, found array")]
    public void Errors_name_the_file_the_json_path_and_what_was_expected(string json, string expected)
    {
        Assert.Equal(expected, ErrorOf(json));
    }

    [Fact]
    public void Misspelt_corruption_name_gets_a_suggestion()
    {
        var message = ErrorOf("{ \"suites\": { \"corruptions\": { \"names\": [\"fog\", \"gausian_noise\"] } } }");

        Assert.StartsWith("robustgate.json: $.suites.corruptions.names[1]: expected one of", message, StringComparison.Ordinal);
        Assert.EndsWith("found \"gausian_noise\"; did you mean \"gaussian_noise\"?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_gate_rule_points_at_the_token_and_the_json_path()
    {
        Assert.Equal(
            "robustgate.json: $.gate.rules[0]: gate rule \"mce <= lots\": expected a number at column 8, found \"lots\"",
            ErrorOf("{ \"gate\": { \"rules\": [\"mce <= lots\"] } }"));
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_accepted_keys()
    {
        Assert.Equal(
            "robustgate.json: $.gate.xyzzy: unknown key; expected one of rules, significance",
            ErrorOf("{ \"gate\": { \"xyzzy\": 1 } }"));
    }

    [Fact]
    public void Malformed_json_and_missing_files_are_configuration_errors()
    {
        Assert.StartsWith("robustgate.json: not valid JSON (line 1", ErrorOf("{ \"seed\": }"), StringComparison.Ordinal);
        var missing = Path.Combine(Path.GetTempPath(), "no-such-folder-rg", "robustgate.json");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(missing));
        Assert.Equal(missing, error.File);
    }
}
