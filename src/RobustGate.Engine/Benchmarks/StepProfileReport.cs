using System.Globalization;

namespace RobustGate.Engine.Benchmarks;

/// <summary>A <see cref="StepProfile"/> as Markdown: phases, op kinds by total time, then convolutions by geometry.</summary>
public static class StepProfileReport
{
    public static IEnumerable<string> Table(StepProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var inv = CultureInfo.InvariantCulture;
        var p = profile;
        yield return string.Create(
            inv,
            $"profile: {p.Arch} b{p.Batch} training step, {p.Threads} threads: {p.StepMs:0.0} ms ({p.Batch * 1000 / p.StepMs:0.0} images/s) = forward+loss {p.ForwardMs:0.0} + backward {p.BackwardMs:0.0} + optimizer {p.OptimizerMs:0.0} ms");
        yield return "op kinds, each node run alone (median); forward '—': not replayable alone, counted in 'other forward'";
        foreach (var line in Rows(p, p.Totals, "op kind"))
        {
            yield return line;
        }

        yield return string.Create(inv, $"| other forward | | {p.UnattributedForwardMs:0.00} | | {p.UnattributedForwardMs:0.00} | {100 * p.UnattributedForwardMs / p.StepMs:0.0} % | |");
        yield return string.Create(inv, $"| optimizer (SGD momentum) | | | | {p.OptimizerMs:0.00} | {100 * p.OptimizerMs / p.StepMs:0.0} % | |");
        yield return string.Empty;
        yield return "convolutions by geometry (input size; /stride)";
        foreach (var line in Rows(p, [.. p.Ops.Where(o => o.Kind.StartsWith("conv2d ", StringComparison.Ordinal))], "layer"))
        {
            yield return line;
        }

        if (p.GemmShapes.Count == 0)
        {
            yield break;
        }

        var gemmFlops = p.GemmShapes.Sum(s => s.Shape.Flops * s.CallsPerStep);
        yield return string.Empty;
        yield return string.Create(
            inv,
            $"GEMM shapes of one step (NT: A as stored, B transposed; 'packed': B packed by the caller), each timed alone; FMA peak {p.FmaPeakGigaflops:0.0} GFLOP/s");
        yield return "| shape MxNxK | calls | % of GEMM flops | GFLOP/s alone | % of peak |";
        yield return "| --- | ---: | ---: | ---: | ---: |";
        foreach (var s in p.GemmShapes)
        {
            yield return string.Create(
                inv,
                $"| {s.Shape} | {s.CallsPerStep} | {100 * s.Shape.Flops * s.CallsPerStep / gemmFlops:0.0} % | {s.GigaflopsAlone:0.0} | {100 * s.GigaflopsAlone / p.FmaPeakGigaflops:0} % |");
        }
    }

    private static IEnumerable<string> Rows(StepProfile p, IReadOnlyList<OpKindTiming> ops, string heading)
    {
        var inv = CultureInfo.InvariantCulture;
        yield return $"| {heading} | nodes | forward ms | backward ms | total ms | % of step | forward GFLOP/s |";
        yield return "| --- | ---: | ---: | ---: | ---: | ---: | ---: |";
        foreach (var o in ops)
        {
            var forward = double.IsNaN(o.ForwardMs) ? "—" : o.ForwardMs.ToString("0.00", inv);
            var total = (double.IsNaN(o.ForwardMs) ? 0 : o.ForwardMs) + o.BackwardMs;
            var gflops = o.Flops > 0 && !double.IsNaN(o.ForwardMs) ? (o.Flops / o.ForwardMs / 1e6).ToString("0.0", inv) : "—";
            yield return string.Create(inv, $"| {o.Kind} | {o.Nodes} | {forward} | {o.BackwardMs:0.00} | {total:0.00} | {100 * total / p.StepMs:0.0} % | {gflops} |");
        }
    }
}
