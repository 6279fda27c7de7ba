using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class EngineThreadsTests
{
    [Fact]
    public void Count_RejectsValuesBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EngineThreads.Count = 0);
        Assert.True(EngineThreads.Count >= 1);
    }

    [Fact]
    public void DefaultCount_ReadsTheEnvironmentOverride()
    {
        var saved = Environment.GetEnvironmentVariable(EngineThreads.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(EngineThreads.EnvironmentVariable, "3");
            Assert.Equal(3, EngineThreads.DefaultCount());
            Environment.SetEnvironmentVariable(EngineThreads.EnvironmentVariable, null);
            Assert.Equal(Environment.ProcessorCount, EngineThreads.DefaultCount());
            Environment.SetEnvironmentVariable(EngineThreads.EnvironmentVariable, "many");
            var error = Assert.Throws<ConfigurationException>(() => EngineThreads.DefaultCount());
            Assert.Contains(EngineThreads.EnvironmentVariable, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EngineThreads.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void ParallelLoop_VisitsEveryIndexOnce()
    {
        foreach (var threads in new[] { 1, 2, 5 })
        {
            var visits = new int[1000];
            ParallelLoop.For(visits.Length, threads, i => Interlocked.Increment(ref visits[i]));
            Assert.All(visits, v => Assert.Equal(1, v));
        }
    }

    [Fact]
    public void ParallelLoop_RethrowsTheBodysException()
    {
        foreach (var threads in new[] { 1, 2 })
        {
            var error = Assert.Throws<InvalidInputException>(() =>
                ParallelLoop.For(10, threads, i =>
                {
                    if (i == 7)
                    {
                        throw new InvalidInputException("bad pixel", "image.png");
                    }
                }));
            Assert.Equal("image.png", error.File);
        }
    }

    [Fact]
    public void ParallelLoop_ChunkBoundariesDependOnTheChunkSizeOnly()
    {
        var saved = EngineThreads.Count;
        try
        {
            List<(long, long)> Chunks(int threads)
            {
                EngineThreads.Count = threads;
                var chunks = new List<(long, long)>();
                ParallelLoop.ForChunks(1003, 100, (start, end) =>
                {
                    lock (chunks)
                    {
                        chunks.Add((start, end));
                    }
                });
                chunks.Sort();
                return chunks;
            }

            var one = Chunks(1);
            Assert.Equal(11, one.Count);
            Assert.Equal((1000L, 1003L), one[^1]);
            Assert.Equal(one, Chunks(2));
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }
}
