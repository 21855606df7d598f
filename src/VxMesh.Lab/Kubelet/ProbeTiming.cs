using k8s.Models;

namespace VxMesh.Lab.Kubelet;

/// <summary>A probe's timing fields with the API's defaults (1.20): delay 0, period 10 s, timeout 1 s, thresholds 1 and 3.</summary>
public sealed record ProbeTiming(TimeSpan InitialDelay, TimeSpan Period, TimeSpan Timeout, int SuccessThreshold, int FailureThreshold)
{
    public static ProbeTiming Of(V1Probe probe) => new(
        TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0),
        TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10)),
        TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1)),
        Math.Max(1, probe.SuccessThreshold ?? 1),
        Math.Max(1, probe.FailureThreshold ?? 3));
}

/// <summary>
/// Turns single probe results into the verdict the kubelet acts on: a verdict changes only after
/// <c>SuccessThreshold</c> successes or <c>FailureThreshold</c> failures in a row. Null until the
/// first verdict (a readiness probe's container is not ready before its first success).
/// </summary>
public sealed class ProbeCounter(ProbeTiming timing)
{
    private int successes;
    private int failures;

    public bool? Verdict { get; private set; }

    /// <summary>Records one result; true when the verdict changed.</summary>
    public bool Record(bool success)
    {
        if (success)
        {
            successes++;
            failures = 0;
        }
        else
        {
            failures++;
            successes = 0;
        }
        bool? next = successes >= timing.SuccessThreshold ? true : failures >= timing.FailureThreshold ? false : Verdict;
        var changed = next != Verdict;
        Verdict = next;
        return changed;
    }
}
