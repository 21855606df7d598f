using System.Diagnostics;

namespace VxMesh.Agent.Tests.Registry.Support;

/// <summary>Bounded polling for conditions that become true asynchronously (watch events, lease expiry).</summary>
public static class Eventually
{
    /// <summary>How long it took for <paramref name="condition"/> to hold; fails the test after <paramref name="within"/>.</summary>
    public static async Task<TimeSpan> Holds(Func<bool> condition, TimeSpan within, string what, int pollMs = 5)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within)
            {
                Assert.Fail($"{what}: still not true after {within.TotalSeconds:F1} s");
            }
            await Task.Delay(pollMs);
        }
        return clock.Elapsed;
    }

    public static Task<TimeSpan> Holds(Func<bool> condition, double withinSeconds, string what, int pollMs = 5) =>
        Holds(condition, TimeSpan.FromSeconds(withinSeconds), what, pollMs);
}
