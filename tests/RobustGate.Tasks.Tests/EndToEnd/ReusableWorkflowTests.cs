using System.Text.Json;
using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.EndToEnd;

/// <summary>
/// robustness-gate.yml's own scripts, run locally against the packed tool and the sample: plan,
/// two shard jobs (check --shard k/2), then merge and gate with the job summary. The sample model
/// passes; the damaged model fails at the gate step with ::error annotations.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PackageFeedCollection.Name)]
public sealed class ReusableWorkflowTests
{
    private readonly PackageFeedFixture _packages;

    public ReusableWorkflowTests(PackageFeedFixture packages) => _packages = packages;

    private WorkflowRunner Runner(string name)
    {
        var workspace = _packages.CopySamples(name);
        var runner = new WorkflowRunner(Path.Combine(TestPaths.Workflows, "robustness-gate.yml"), workspace, _packages.NewFolder(name + "-runner"))
        {
            Environment = _packages.Environment,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["inputs.shards"] = "2",
            ["inputs.runs-on"] = "[\"ubuntu-latest\"]",
            ["inputs.fork-pr-label"] = "robustgate-run-on-self-hosted",
            ["inputs.config"] = "robustgate.json",
            ["inputs.working-directory"] = "ModelProject",
            ["inputs.baseline"] = "baseline/report.json",
            ["inputs.device"] = "cpu",
            ["inputs.tool-version"] = _packages.Version,
            ["inputs.tool-source"] = _packages.Feed,
            ["github.event.pull_request.head.repo.full_name"] = string.Empty,
            ["github.repository"] = "owner/models",
            ["toJSON(github.event.pull_request.labels.*.name)"] = "null",
        })
        {
            runner.Context[key] = value;
        }

        return runner;
    }

    private static JobResult RunAll(WorkflowRunner runner)
    {
        var plan = runner.RunJob("plan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        runner.Context["needs.plan.outputs.shards"] = plan.Outputs["shards"];
        foreach (var shard in JsonSerializer.Deserialize<int[]>(plan.Outputs["shards"])!)
        {
            var result = runner.RunJob("shard", shard.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        return runner.RunJob("gate");
    }

    [Fact]
    public void Sharded_run_of_the_sample_passes_and_the_damaged_model_fails_at_the_gate()
    {
        FashionMnist.Require();
        var good = RunAll(Runner("workflow-good"));
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("merged 2 shards (300 samples)", good.Log, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(good.Summary), "the gate wrote no job summary");

        var runner = Runner("workflow-damaged");
        var weights = Path.Combine(runner.Workspace, "ModelProject", "model", "weights.safetensors");
        DamagedModel.Write(Path.Combine(TestPaths.Samples, "ModelProject", "model", "weights.safetensors"), weights);
        var damaged = RunAll(runner);
        Assert.True(damaged.ExitCode == 1, damaged.ToString());
        Assert.Contains("::error", damaged.Log, StringComparison.Ordinal);
        Assert.Contains("RG1", damaged.Summary, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runner.RunnerTemp, "robustgate-report", "report.html")));
    }
}
