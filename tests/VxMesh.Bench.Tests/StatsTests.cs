using VxMesh.Bench;

namespace VxMesh.Bench.Tests;

public sealed class StatsTests
{
    [Fact]
    public void Median_OddAndEvenCounts_NearestRank()
    {
        Assert.Equal(3, Stats.Median([5, 1, 3]));
        Assert.Equal(2, Stats.Median([4, 1, 2, 3]));
    }

    [Fact]
    public void Percentile_99OfHundred_SecondLargest()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).ToList();
        Assert.Equal(99, Stats.Percentile(samples, 99));
        Assert.Equal(100, Stats.Percentile(samples, 100));
    }

    [Fact]
    public void Median_NoSamples_NaN() => Assert.True(double.IsNaN(Stats.Median([])));
}
