using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Metrics;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// A <c>robustgate-report/1</c> report: what was evaluated, every setting's per-sample
/// correctness, the metrics derived from them and the gate's verdict. Only
/// <see cref="CreatedAt"/> and <see cref="DurationSeconds"/> may differ between two runs of the
/// same configuration; everything else is a function of model, data, seed and settings.
/// </summary>
public sealed record Report
{
    public const string SchemaId = "robustgate-report/1";

    public required string ToolVersion { get; init; }

    /// <summary>Timing field: when the run started (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Timing field: wall-clock seconds of the run.</summary>
    public required double DurationSeconds { get; init; }

    public required ModelInfo Model { get; init; }

    public required DataInfo Data { get; init; }

    public required long Seed { get; init; }

    public required string Profile { get; init; }

    public required string Device { get; init; }

    /// <summary>Which shard this report covers, or null for a whole run (or a merged one).</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>The CE normaliser, or null when none was configured (then CE and mCE are null).</summary>
    public BaselineTable? Baseline { get; init; }

    public required IReadOnlyList<SettingResult> Settings { get; init; }

    public required RobustnessMetrics Metrics { get; init; }

    public required GateVerdict Gate { get; init; }

    public ReportSummary Summary => new(Metrics.CleanError, Metrics.MeanCorruptionError, Metrics.Mce, Gate.Verdict);

    /// <summary>This report with the gate section set by <paramref name="policy"/> (paired against <paramref name="baselineReport"/> when given).</summary>
    public Report WithGate(GatePolicy policy, Report? baselineReport = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return this with { Gate = policy.Evaluate(this, baselineReport) };
    }

    /// <summary>
    /// This report's per-setting errors as a CE normaliser (baseline kind "report"), named after
    /// the model; <paramref name="source"/> is usually the report's file name.
    /// </summary>
    public BaselineTable ToBaselineTable(string? source) =>
        BaselineTable.FromSettings(BaselineKind.Report, Model.Arch, source, Settings);

    /// <summary>Builds a report from the evaluator's results (see the other overload).</summary>
    public static Report Create(
        string toolVersion,
        DateTimeOffset createdAt,
        double durationSeconds,
        ModelInfo model,
        DataInfo data,
        long seed,
        string profile,
        string device,
        ShardSpec? shard,
        BaselineTable? baseline,
        EvaluationResults results,
        double significance = GatePolicy.DefaultSignificance)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(results);
        if (!data.SampleIndices.SequenceEqual(results.SampleIndices))
        {
            throw new ArgumentException("data.SampleIndices must be the sample indices the results were evaluated on", nameof(results));
        }

        return Create(toolVersion, createdAt, durationSeconds, model, data, seed, profile, device, shard, baseline, results.Settings, significance);
    }

    /// <summary>
    /// Builds a report from evaluation results: validates that settings and sample indices agree
    /// and computes the metrics. The gate starts empty; set it with <see cref="GatePolicy"/>.
    /// </summary>
    public static Report Create(
        string toolVersion,
        DateTimeOffset createdAt,
        double durationSeconds,
        ModelInfo model,
        DataInfo data,
        long seed,
        string profile,
        string device,
        ShardSpec? shard,
        BaselineTable? baseline,
        IReadOnlyList<SettingResult> settings,
        double significance = GatePolicy.DefaultSignificance)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        // Validation of ascending indices and per-setting sample counts lives in EvaluationResults.
        _ = new EvaluationResults(data.SampleIndices, settings);
        return new Report
        {
            ToolVersion = toolVersion,
            CreatedAt = createdAt,
            DurationSeconds = durationSeconds,
            Model = model,
            Data = data,
            Seed = seed,
            Profile = profile,
            Device = device,
            Shard = shard,
            Baseline = baseline,
            Settings = settings,
            Metrics = MetricsCalculator.Compute(settings, baseline),
            Gate = GateVerdict.Empty(significance),
        };
    }
}
