using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The engine's own worker threads for <see cref="ParallelLoop"/>: a fixed team that spins for a short while
/// after each loop before it sleeps, as OpenMP runtimes do. A training step runs thousands of parallel loops of
/// tens of microseconds each (GEMM packing and tiles, im2col, batch-norm, element-wise ops); with the thread
/// pool, waking a parked worker for each of them cost as much as the loop itself, so two threads were barely
/// faster than one on mid-sized GEMMs. The caller takes part in its own loop, items are handed out one index
/// at a time through a shared counter, and nothing depends on which thread runs an item, so results are the
/// same as serially.
/// </summary>
/// <remarks>
/// The team runs one loop at a time. A loop started while it is busy (a nested loop inside a body, or a second
/// caller thread) goes to the thread pool instead, as before. Loops asking for more threads than there are
/// processors also go to the thread pool: spinning workers on an oversubscribed machine would steal the time
/// of the threads doing the work.
/// </remarks>
internal sealed class WorkerTeam
{
    /// <summary>How long an idle worker spins for the next loop before it sleeps (a training step's serial gaps are shorter).</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 20000; // 50 us

    private static readonly Lazy<WorkerTeam> SharedTeam = new(() => new WorkerTeam(Math.Max(0, Environment.ProcessorCount - 1)));

    /// <summary>Per worker, one cache line apart: [0] its ticket (bumped for each loop it is to join), [1] whether it sleeps.</summary>
    private const int SlotStride = 32;

    private readonly SemaphoreSlim[] wake;
    private readonly int[] slots;
    private int busy;
    private Action<int>? body;
    private int count;
    private int next;
    private int chunkSize;
    private int pending;
    private Exception? failure;

    private WorkerTeam(int workers)
    {
        wake = new SemaphoreSlim[workers];
        slots = new int[(workers + 1) * SlotStride];
        for (var i = 0; i < workers; i++)
        {
            wake[i] = new SemaphoreSlim(0);
            var index = i;
            new Thread(() => WorkerLoop(index))
            {
                IsBackground = true,
                Name = $"RobustGate engine worker {i + 1}",
            }.Start();
        }
    }

    public static WorkerTeam Shared => SharedTeam.Value;

    /// <summary>Workers besides the calling thread.</summary>
    public int Workers => wake.Length;

    /// <summary>
    /// Runs body(i) for 0 &lt;= i &lt; count on the caller and threads - 1 workers. Returns false, having run
    /// nothing, when the team is busy or too small; the caller then runs the loop some other way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRun(int count, int threads, Action<int> body)
    {
        var helpers = threads - 1;
        if (helpers < 1 || helpers > Workers || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            this.body = body;
            this.count = count;
            next = 0;

            // Runs of consecutive items (about four per thread), so neighbouring items, which usually touch
            // neighbouring memory, share a thread, and the shared counter is not contended per item.
            chunkSize = Math.Max(1, count / (4 * threads));
            failure = null;
            pending = helpers;

            // Each increment is a full fence: the job's fields are visible before the worker's new ticket, and its
            // sleeping flag is read after it (the worker sets the flag with a fence before re-reading the ticket).
            // Only the helpers get a ticket, and the loop waits for all of them, so a worker never sees a ticket
            // of a loop it is not part of.
            for (var i = 0; i < helpers; i++)
            {
                Interlocked.Increment(ref slots[i * SlotStride]);
                if (Interlocked.Exchange(ref slots[(i * SlotStride) + 1], 0) == 1)
                {
                    wake[i].Release();
                }
            }

            RunItems();
            var spin = new SpinWait();
            while (Volatile.Read(ref pending) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            this.body = null;
            if (failure is { } error)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }

            return true;
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    // The team's loops run at full optimisation from the first call: a worker thread enters WorkerLoop once and
    // never leaves it, so tiered compilation would leave it on on-stack-replaced code, and a GEMM after a large
    // one ran at half speed on two threads until DOTNET_TieredCompilation=0 (caller waiting 116 us per loop).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunItems()
    {
        var work = body!;
        var total = count;
        var chunk = Volatile.Read(ref chunkSize);
        while (true)
        {
            var first = Interlocked.Add(ref next, chunk) - chunk;
            if (first >= total)
            {
                return;
            }

            var end = Math.Min(total, first + chunk);
            try
            {
                for (var item = first; item < end; item++)
                {
                    work(item);
                }
            }
            catch (Exception error)
            {
                // Keep the first failure and hand out no more items, as a serial loop stops at its first throw.
                Interlocked.CompareExchange(ref failure, error, null);
                Volatile.Write(ref next, total);
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WorkerLoop(int index)
    {
        // Tickets start at 0; reading the slot here instead could skip a loop issued before this thread ran.
        var seen = 0;
        while (true)
        {
            seen = AwaitTicket(index, seen);
            RunItems();
            Interlocked.Decrement(ref pending);
        }
    }

    /// <summary>Spins until the worker's ticket moves past <paramref name="seen"/>, then sleeps until it does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AwaitTicket(int index, int seen)
    {
        ref var ticket = ref slots[index * SlotStride];
        ref var sleeping = ref slots[(index * SlotStride) + 1];
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var spins = 0;
            while (Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                var current = Volatile.Read(ref ticket);
                if (current != seen)
                {
                    return current;
                }

                // Pure spinning at first (the next loop of a step usually follows within microseconds), then
                // yielding between checks, so that other runnable threads (a test runner's, a second evaluator's)
                // get the core instead of watching this one spin.
                if (++spins < 256)
                {
                    Thread.SpinWait(4);
                }
                else
                {
                    Thread.Yield();
                }
            }

            // The exchange is a full fence, so either the caller's increment is seen here, or the caller's
            // read of the flag comes after this write and it releases the semaphore.
            Interlocked.Exchange(ref sleeping, 1);
            if (Volatile.Read(ref ticket) != seen)
            {
                if (Interlocked.Exchange(ref sleeping, 0) == 0)
                {
                    // The caller cleared the flag first and released the semaphore: take that release.
                    wake[index].Wait();
                }

                continue;
            }

            wake[index].Wait();
        }
    }
}
