using System.Diagnostics;
using VxMesh.Bench.DataPath.Offloads;
using VxMesh.Bench.DataPath.Paths;
using VxMesh.Bench.DataPath.Report;
using VxMesh.Bench.DataPath.Tools;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath;

/// <summary>
/// `vxmesh bench --lab LAB`: seeds/004's measurements, run with the real tools inside a running
/// lab's namespaces. Reads the kernel's routes to find every kind of path the lab has, optionally
/// turns the devices' offloads off, starts nginx in the nodes that end an underlay row, then, per
/// round and path one after another (never two measurements at once on a 2-core machine):
/// iperf3 with 1 and 4 streams, N curl requests, N pings. Whatever happens — a failing tool,
/// Ctrl-C — the node nginx instances are stopped and the offloads restored before it returns
/// (ExitGuard keeps the process alive for that after Ctrl-C).
/// </summary>
public static class DataPathBench
{
    public static async Task<DataPathReport> RunAsync(LabState lab, DataPathOptions options, IProgress<string> progress, CancellationToken cancel)
    {
        using var hold = ExitGuard.Hold();
        var clock = Stopwatch.StartNew();
        progress.Report($"reading the routes of {lab.Nodes.Count} nodes");
        var paths = PathSelector.Select(lab, await RouteSurvey.ReadAsync(lab, cancel));
        if (!paths.Any(p => p.IsBaseline))
        {
            throw new LabException($"lab {lab.Lab} has no two nodes to measure the underlay between; the bench compares every path with it");
        }
        progress.Report($"{paths.Count} paths: {string.Join("; ", paths.Select(p => p.Kind.Label))}");
        var offloads = new OffloadSwitch();
        var servers = new List<NodeNginx>();
        var samples = paths.Select(p => new PathSamples(p)).ToList();
        OffloadReport state;
        var restored = true;
        try
        {
            progress.Report(options.Offloads == OffloadMode.Off ? "turning offloads off on every lab device" : "reading the lab devices' offloads (left as they are)");
            state = await offloads.ApplyAsync(lab, options.Offloads, cancel);
            await StartNodeServersAsync(lab, paths, servers, cancel);
            await MeasureAsync(samples, options, progress, cancel);
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.StopAsync()));
            if (options.Offloads == OffloadMode.Off)
            {
                progress.Report("restoring offloads");
                restored = await offloads.RestoreAsync();
            }
        }
        state = state with { Restored = restored, Problems = offloads.Problems.ToList() };
        return ReportBuilder.Build(lab.Lab, samples, options, state, clock.Elapsed);
    }

    private static async Task MeasureAsync(List<PathSamples> samples, DataPathOptions options, IProgress<string> progress, CancellationToken cancel)
    {
        var run = 0;
        for (var round = 1; round <= options.Repeat; round++)
        {
            for (var i = 0; i < samples.Count; i++)
            {
                var s = samples[i];
                var (from, to) = (s.Path.From, s.Path.To);
                var where = options.Repeat > 1 ? $"round {round}/{options.Repeat}, " : "";
                progress.Report($"{where}path {i + 1}/{samples.Count}: {s.Path.Kind.Label}: {from.Name} → {to.Name} ({to.Ip})");
                foreach (var (streams, list) in new[] { (1, s.OneStream), (4, s.FourStreams) })
                {
                    var result = await Iperf.RunAsync(from, to, streams, options.DurationSeconds, Iperf.Port(run++), cancel);
                    list.Add(result);
                    if (!result.Ok)
                    {
                        s.Errors.Add($"iperf3 -P {streams}: {result.Error}");
                    }
                }
                var curl = await CurlSamples.RunAsync(from, to, options.Samples, cancel);
                s.Curl.Add(curl);
                if (curl.Failures > 0)
                {
                    s.Errors.Add($"curl: {curl.Failures} of {options.Samples} requests failed ({curl.LastError})");
                }
                var ping = await Ping.RunAsync(from, to, options.Samples, cancel);
                s.Ping.Add(ping);
                if (ping.RttMs.Count == 0)
                {
                    s.Errors.Add($"ping: no echo came back from {to.Ip}");
                }
            }
        }
    }

    /// <summary>nginx in every node that ends an underlay row (pods have theirs). Adds to <paramref name="started"/> as it goes, so a failure stops what did start.</summary>
    private static async Task StartNodeServersAsync(LabState lab, IReadOnlyList<BenchPath> paths, List<NodeNginx> started, CancellationToken cancel)
    {
        var features = await NginxFeatures.DetectAsync(cancel);
        foreach (var node in paths.Where(p => !p.To.IsPod).Select(p => p.To).DistinctBy(e => e.Name))
        {
            started.Add(await NodeNginx.StartAsync(lab.Lab, node, features, cancel));
        }
    }
}
