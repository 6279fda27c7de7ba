using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class WorkerTeamTests
{
    [Fact]
    public void ManyShortLoopsInARow_VisitEveryIndexOnce()
    {
        // Back-to-back loops are where a lost wake-up or a worker joining the wrong loop would show: a hang,
        // a skipped index or one visited twice.
        for (var loop = 0; loop < 5000; loop++)
        {
            var count = 1 + (loop % 37);
            var visits = new int[count];
            ParallelLoop.For(count, 2, i => Interlocked.Increment(ref visits[i]));
            Assert.All(visits, v => Assert.Equal(1, v));
        }
    }

    [Fact]
    public void LoopsAfterTheWorkersFellAsleep_StillRun()
    {
        for (var round = 0; round < 3; round++)
        {
            Thread.Sleep(5); // past the spin window: the workers sleep and must be woken
            var visits = new int[64];
            ParallelLoop.For(visits.Length, 2, i => Interlocked.Increment(ref visits[i]));
            Assert.All(visits, v => Assert.Equal(1, v));
        }
    }

    [Fact]
    public void NestedAndConcurrentLoops_FallBackAndComplete()
    {
        var sums = new long[4];
        Parallel.For(0, 4, caller =>
        {
            ParallelLoop.For(50, 2, outer =>
            {
                var inner = new int[20];
                ParallelLoop.For(inner.Length, 2, i => inner[i] = i);
                Interlocked.Add(ref sums[caller], inner.Sum() + outer);
            });
        });
        Assert.All(sums, s => Assert.Equal((50 * 190) + (49 * 50 / 2), s));
    }

    [Fact]
    public void AFailureOnAWorker_IsRethrownAndTheTeamStaysUsable()
    {
        for (var round = 0; round < 20; round++)
        {
            var error = Assert.Throws<InvalidOperationException>(() =>
                ParallelLoop.For(100, 2, i =>
                {
                    if (i % 10 == 9)
                    {
                        throw new InvalidOperationException($"item {i}");
                    }

                    Thread.SpinWait(100);
                }));
            Assert.StartsWith("item ", error.Message, StringComparison.Ordinal);
        }

        var visits = new int[100];
        ParallelLoop.For(visits.Length, 2, i => Interlocked.Increment(ref visits[i]));
        Assert.All(visits, v => Assert.Equal(1, v));
    }
}
