using VxMesh.Agent.Probing;

namespace VxMesh.Agent.Tests.Probing;

/// <summary>The per-peer state machine: hysteresis both ways, counters, and when it says a state changed.</summary>
public class PathStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(0.4);

    private static PathState Run(string results, ProbeThresholds? thresholds = null)
    {
        var state = PathState.Initial(T0);
        var at = T0;
        foreach (var c in results)
        {
            at += TimeSpan.FromSeconds(1);
            state = state.Next(c == '+' ? Rtt : null, at, thresholds ?? ProbeThresholds.Default);
        }
        return state;
    }

    [Theory]
    [InlineData("", PathHealth.Unknown)]
    [InlineData("+", PathHealth.Unknown)]
    [InlineData("++", PathHealth.Up)]
    [InlineData("++-", PathHealth.Degraded)]
    [InlineData("++--", PathHealth.Degraded)]
    [InlineData("++---", PathHealth.Down)]
    [InlineData("++---+", PathHealth.Down)]
    [InlineData("++---++", PathHealth.Up)]
    [InlineData("++--+", PathHealth.Up)]
    [InlineData("---", PathHealth.Down)]
    [InlineData("--", PathHealth.Unknown)]
    public void Next_Sequence_Health(string results, PathHealth expected) => Assert.Equal(expected, Run(results).Health);

    [Fact]
    public void Next_EveryOtherProbeLost_NeverDown()
    {
        // Half the probes lost (a saturated path dropping some): degraded and back, never withdrawn.
        var state = Run("++" + string.Concat(Enumerable.Repeat("-+", 50)));

        Assert.Equal(PathHealth.Up, state.Health);
        Assert.Equal(102, state.Sent);
        Assert.Equal(50, state.Lost);
    }

    [Fact]
    public void Next_GoesDown_SinceIsTheThirdMiss()
    {
        var state = Run("++---");

        Assert.Equal(T0 + TimeSpan.FromSeconds(5), state.Since);
        Assert.Equal(3, state.Misses);
        Assert.Equal(Rtt, state.Rtt);
    }

    [Fact]
    public void Next_SameHealth_SinceKept()
    {
        Assert.Equal(T0 + TimeSpan.FromSeconds(2), Run("++++++").Since);
    }

    [Fact]
    public void Next_CustomThresholds_Respected()
    {
        var thresholds = new ProbeThresholds(DownAfter: 1, UpAfter: 3);

        Assert.Equal(PathHealth.Down, Run("+++-", thresholds).Health);
        Assert.Equal(PathHealth.Down, Run("+++-++", thresholds).Health);
        Assert.Equal(PathHealth.Up, Run("+++-+++", thresholds).Health);
    }

    [Fact]
    public void Expire_SilentForTheDetectionTime_DownThen()
    {
        var detection = ProbeThresholds.Default.DetectionTime(TimeSpan.FromSeconds(1));
        var heard = Run("++");
        var at = T0 + TimeSpan.FromSeconds(2);

        Assert.Equal(PathHealth.Up, heard.Expire(at + detection - TimeSpan.FromMilliseconds(1), detection).Health);
        var down = heard.Expire(at + detection, detection);

        Assert.Equal(PathHealth.Down, down.Health);
        Assert.Equal(at + detection, down.Since);
        Assert.Null(down.ExpiresAt(detection));
    }

    [Fact]
    public void Expire_AnAnswerComes_TimerStartsAgain()
    {
        var detection = TimeSpan.FromSeconds(3);
        var state = Run("++--+");

        Assert.Equal(T0 + TimeSpan.FromSeconds(5) + detection, state.ExpiresAt(detection));
        Assert.Equal(PathHealth.Up, state.Expire(T0 + TimeSpan.FromSeconds(7), detection).Health);
    }

    [Fact]
    public void Expire_NeverAnswered_DownTheDetectionTimeAfterFirstSeen()
    {
        var detection = TimeSpan.FromSeconds(3);

        Assert.Equal(PathHealth.Unknown, PathState.Initial(T0).Expire(T0 + TimeSpan.FromSeconds(2.9), detection).Health);
        Assert.Equal(PathHealth.Down, PathState.Initial(T0).Expire(T0 + detection, detection).Health);
    }
}
