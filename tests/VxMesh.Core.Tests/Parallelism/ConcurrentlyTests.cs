using VxMesh.Core.Parallelism;

namespace VxMesh.Core.Tests.Parallelism;

public sealed class ConcurrentlyTests
{
    [Fact]
    public void Map_AtScale_EveryIndexOnceInOrder()
    {
        var calls = new int[50_000];

        var results = Concurrently.Map(calls.Length, i =>
        {
            Interlocked.Increment(ref calls[i]);
            return i * 3L;
        });

        Assert.Equal(Enumerable.Range(0, calls.Length).Select(i => i * 3L), results);
        Assert.All(calls, c => Assert.Equal(1, c));
    }

    [Fact]
    public void Map_BelowThreshold_RunsInlineOnTheCaller()
    {
        var caller = Environment.CurrentManagedThreadId;

        var threads = Concurrently.Map(Concurrently.Threshold - 1, _ => Environment.CurrentManagedThreadId);

        Assert.All(threads, t => Assert.Equal(caller, t));
    }

    [Fact]
    public void Run_AtScale_EveryPieceRunsOnce()
    {
        var counts = new int[5];

        Concurrently.Run(Concurrently.Threshold, [.. Enumerable.Range(0, counts.Length).Select(k => (Action)(() => Interlocked.Increment(ref counts[k])))]);

        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100_000)]
    public void Run_APieceThrows_TheExceptionItself_NotAnAggregate(int items)
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Concurrently.Run(items, () => { }, () => throw new InvalidOperationException("piece two failed")));

        Assert.Equal("piece two failed", e.Message);
    }
}
