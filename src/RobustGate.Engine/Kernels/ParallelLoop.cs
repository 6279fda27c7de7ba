using System.Runtime.ExceptionServices;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// A parallel-for over independent work items, bounded by <see cref="EngineThreads.Count"/>. Items are
/// identified by index only, never by the thread that runs them, so as long as each item writes its own
/// outputs the results are identical for any thread count.
/// </summary>
public static class ParallelLoop
{
    /// <summary>Set to 0 to run parallel loops on the .NET thread pool instead of the engine's spinning <see cref="WorkerTeam"/> (for machines shared with other busy processes, where spinning steals their time).</summary>
    public const string WorkerTeamVariable = "ROBUSTGATE_WORKER_TEAM";

    private static readonly bool TeamEnabled = Environment.GetEnvironmentVariable(WorkerTeamVariable) != "0";

    /// <summary>Runs <paramref name="body"/> for 0 &lt;= i &lt; count on up to <paramref name="threads"/> threads.</summary>
    public static void For(int count, int threads, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0)
        {
            return;
        }

        threads = Math.Min(threads, count);
        if (threads <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        if (TeamEnabled && WorkerTeam.Shared.TryRun(count, threads, body))
        {
            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            // Throw what the body threw (e.g. an InvalidInputException naming a file), as the serial path does.
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0 &lt;= i &lt; count on up to <see cref="EngineThreads.Count"/> threads.</summary>
    public static void For(int count, Action<int> body) => For(count, EngineThreads.Count, body);

    /// <summary>
    /// Splits [0, length) into chunks of <paramref name="chunkSize"/> (the last one shorter) and runs
    /// body(start, end) for each. The boundaries depend on the chunk size only, never on the thread count,
    /// so a body that reduces within its chunk gives the same results everywhere.
    /// </summary>
    public static void ForChunks(long length, long chunkSize, Action<long, long> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        if (length <= 0)
        {
            return;
        }

        var chunks = (length + chunkSize - 1) / chunkSize;
        if (chunks > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), "Too many chunks; use a larger chunk size.");
        }

        For((int)chunks, i =>
        {
            var start = i * chunkSize;
            body(start, Math.Min(length, start + chunkSize));
        });
    }
}
