using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Prints workload results as a Markdown table or as the JSON object that
/// bench/pytorch_workloads.py also prints (same field names), which bench/side_by_side.py reads.
/// </summary>
public static class WorkloadReport
{
    /// <summary>Version of the JSON layout; bump when a field changes meaning.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The JSON object: framework, threads, the FMA peak measured in this run, and every workload with all its samples.</summary>
    public static string Json(IReadOnlyList<WorkloadResult> results, int threads, double fmaPeakGflops)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema", SchemaVersion);
            writer.WriteString("framework", "robustgate");
            writer.WriteString("version", typeof(WorkloadReport).Assembly.GetName().Version?.ToString() ?? "unknown");
            writer.WriteNumber("threads", threads);
            writer.WriteNumber("fma_peak_gflops", Math.Round(fmaPeakGflops, 1));
            writer.WriteStartArray("workloads");
            foreach (var r in results)
            {
                var w = r.Workload;
                writer.WriteStartObject();
                writer.WriteString("name", w.Name);
                writer.WriteString("kind", KindName(w.Kind));
                writer.WriteString("description", w.Description);
                if (w.Kind == WorkloadKind.Gemm)
                {
                    writer.WriteNumber("m", w.M);
                    writer.WriteNumber("n", w.N);
                    writer.WriteNumber("k", w.K);
                    writer.WriteString("op", $"{(w.TransA == Kernels.Transpose.No ? 'N' : 'T')}{(w.TransB == Kernels.Transpose.No ? 'N' : 'T')}");
                }

                if (w.IsModel)
                {
                    writer.WriteString("arch", w.Arch);
                    writer.WriteNumber("batch", w.Batch);
                }

                writer.WriteString("unit", r.Unit);
                writer.WriteNumber("warmups", w.Kind == WorkloadKind.FmaPeak ? 0 : w.IsModel ? w.Warmups : 1);
                writer.WriteNumber("repeats", r.SampleSeconds.Count);
                writer.WriteNumber("work_per_sample", r.WorkPerSample);
                writer.WriteStartArray("samples_seconds");
                foreach (var s in r.SampleSeconds)
                {
                    writer.WriteNumberValue(s);
                }

                writer.WriteEndArray();
                writer.WriteNumber("median_seconds", r.MedianSeconds);
                writer.WriteNumber("rate", Math.Round(r.Rate, 3));
                writer.WriteNumber("gflops", Math.Round(r.Gflops, 2));
                writer.WriteNumber("fraction_of_peak", Math.Round(r.Gflops / fmaPeakGflops, 4));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One Markdown row per workload: median rate, GFLOP/s and its share of the FMA peak measured in the same run.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<WorkloadResult> results, int threads, double fmaPeakGflops)
    {
        ArgumentNullException.ThrowIfNull(results);
        var inv = CultureInfo.InvariantCulture;
        yield return string.Create(inv, $"threads: {threads}, FMA peak measured in this run: {fmaPeakGflops:0.0} GFLOP/s; medians of the samples shown");
        yield return "| workload | median | unit | GFLOP/s | % of peak | samples | what |";
        yield return "| --- | ---: | --- | ---: | ---: | ---: | --- |";
        foreach (var r in results)
        {
            yield return string.Create(
                inv,
                $"| {r.Workload.Name} | {r.Rate:0.0} | {r.Unit} | {r.Gflops:0.0} | {100 * r.Gflops / fmaPeakGflops:0.0} % | {r.SampleSeconds.Count} | {r.Workload.Description} |");
        }
    }

    public static string KindName(WorkloadKind kind) => kind switch
    {
        WorkloadKind.FmaPeak => "fma-peak",
        WorkloadKind.Gemm => "gemm",
        WorkloadKind.Inference => "inference",
        WorkloadKind.PgdStep => "pgd-step",
        WorkloadKind.TrainingStep => "training-step",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
