using RobustGate.Engine.Reporting;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Configuration;

/// <summary>
/// A loaded <c>robustgate.json</c>. Paths are absolute (resolved against <see cref="BaseDirectory"/>,
/// the config file's folder). Defaults: suites = benchmark corruptions x severities 1..5, no
/// baseline, gate defaults, limit = all samples, batch_size 64, seed 0,
/// report_dir "robustgate-report", formats json, markdown, junit, html, no shard, no device
/// (<see cref="Device"/> null: the command line's --device, else ROBUSTGATE_DEVICE, else auto).
/// <see cref="Model"/> and <see cref="Data"/> are null when absent (the command line may supply them).
/// </summary>
public sealed record RobustGateConfiguration(
    string? SourceFile,
    string BaseDirectory,
    ModelConfiguration? Model,
    string? Data,
    SuitesConfiguration Suites,
    BaselineConfiguration? Baseline,
    GateConfiguration Gate,
    int? Limit,
    int BatchSize,
    long Seed,
    string ReportDir,
    IReadOnlyList<string> Formats,
    ShardSpec? Shard,
    DeviceRequest? Device = null)
{
    public const int DefaultBatchSize = 64;

    public const string DefaultReportDir = "robustgate-report";

    /// <summary>Every default, relative paths resolved against <paramref name="baseDirectory"/>.</summary>
    public static RobustGateConfiguration Default(string baseDirectory) => new(
        null,
        baseDirectory,
        null,
        null,
        SuitesConfiguration.Default,
        null,
        GateConfiguration.Default,
        null,
        DefaultBatchSize,
        0,
        System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, DefaultReportDir)),
        ReportExporters.FormatNames,
        null);
}
