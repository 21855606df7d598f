using System.Diagnostics;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Verify;

/// <summary>
/// HTTP from every pod to every pod on another node, with curl inside the client pod, all
/// pairs side by side (bounded). A pair is ok when the intended pod answers; its source is
/// preserved when that pod saw the client pod's own address.
/// </summary>
public static class Verifier
{
    public static async Task<VerifyReport> RunAsync(LabState lab, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var pairs = (from a in lab.Pods from b in lab.Pods where a.Node != b.Node select (From: a, To: b)).ToList();
        var results = new PairResult[pairs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency.Probes, CancellationToken = cancel },
            async (i, token) => results[i] = await ProbeAsync(pairs[i].From, pairs[i].To, token));
        return new VerifyReport(lab.Lab, VerifyRules.Passes(results, lab.Ippools), lab.Ippools, results, clock.Elapsed);
    }

    public static async Task<PairResult> ProbeAsync(LabPodState from, LabPodState to, CancellationToken cancel)
    {
        var run = await ProcessRunner.RunAsync("ip", Netns.Exec(from.Namespace, CurlProbe.Command(to.Ip.ToString())), Timeouts.Probe, cancel);
        var outcome = CurlProbe.Parse(run.Stdout);
        string? error = null;
        if (run.ExitCode != 0 || outcome is null)
        {
            error = outcome is null && run.ExitCode == 0 ? $"unreadable curl output: {run.Stdout.Trim()}" : CurlProbe.Explain(run.ExitCode);
        }
        else if (outcome.HttpCode != 200 || CurlProbe.Field(outcome.Body, "pod") != to.Name)
        {
            error = $"HTTP {outcome.HttpCode} from the wrong server: {outcome.Body.Trim()}";
        }
        var client = outcome is null ? null : CurlProbe.Field(outcome.Body, "client");
        return new PairResult(from.Name, to.Name, from.Cluster, to.Cluster,
            Ok: error is null,
            SourcePreserved: error is null && client == from.Ip.ToString(),
            outcome?.ConnectMs ?? 0, outcome?.FirstByteMs ?? 0, outcome?.TotalMs ?? 0,
            error is null ? client : null, error);
    }
}
