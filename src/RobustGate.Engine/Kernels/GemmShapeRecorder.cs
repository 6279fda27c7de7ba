using System.Collections.Concurrent;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Opt-in record of the GEMM shapes a computation issues (<c>robustgate bench --profile</c> lists them), so the
/// SGEMM speed is judged on the shapes the convolutions really produce after batching, not on guesses. Off by
/// default; when off, recording is one volatile read per GEMM call.
/// </summary>
public sealed class GemmShapeRecorder : IDisposable
{
    private static GemmShapeRecorder? active;

    private readonly ConcurrentDictionary<GemmShape, int> counts = new();

    private GemmShapeRecorder()
    {
    }

    /// <summary>Starts recording every GEMM call on any thread until the recorder is disposed; one recorder at a time.</summary>
    public static GemmShapeRecorder Start()
    {
        var recorder = new GemmShapeRecorder();
        if (Interlocked.CompareExchange(ref active, recorder, null) is not null)
        {
            throw new InvalidOperationException("A GEMM shape recorder is already running.");
        }

        return recorder;
    }

    /// <summary>The distinct shapes seen so far with their call counts, the most flops first.</summary>
    public IReadOnlyList<(GemmShape Shape, int Calls)> Shapes => [.. counts
        .Select(pair => (pair.Key, pair.Value))
        .OrderByDescending(s => s.Key.Flops * s.Value)
        .ThenBy(s => s.Key.ToString(), StringComparer.Ordinal)];

    public void Dispose() => Interlocked.CompareExchange(ref active, null, this);

    internal static void Record(Transpose transA, Transpose transB, int m, int n, int k, bool prepackedB)
    {
        if (Volatile.Read(ref active) is { } recorder)
        {
            recorder.counts.AddOrUpdate(new GemmShape(transA, transB, m, n, k, prepackedB), 1, (_, count) => count + 1);
        }
    }
}
