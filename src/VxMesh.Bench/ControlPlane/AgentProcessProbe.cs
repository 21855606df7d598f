using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using VxMesh.Bench.Convergence;
using VxMesh.Core.Model;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.ControlPlane;

/// <summary>What a real `vxmesh agent` process costs: its memory and how long it takes to converge, cold and restarted.</summary>
/// <param name="StartConvergedMs">Process started on an empty kernel → every route programmed (rtnetlink tells the bench).</param>
/// <param name="PeakRssMb">VmHWM: the most it was resident at any moment (the first pass's parse, plan and apply).</param>
/// <param name="SteadyRssMb">The largest VmRSS seen after each of its resyncs (a resync re-reads the whole kernel).</param>
/// <param name="RestartConvergedMs">A second process over the converged kernel: started → its first pass logged.</param>
/// <param name="RestartWrites">Changes that first pass made (0: a restart writes nothing).</param>
public sealed record AgentProcessReport(double StartConvergedMs, double PeakRssMb, double SteadyRssMb, IReadOnlyList<double> RssAfterResyncsMb,
    double RestartConvergedMs, int RestartWrites, double ResyncSeconds);

/// <summary>
/// Runs the real agent (this build's CLI, `vxmesh agent -f FILE --node self`) in the bench's
/// namespace, on the synthetic mesh written as an inventory file: start to converged, its RSS from
/// /proc after a few resyncs, then a restart over the converged kernel.
/// </summary>
internal static partial class AgentProcessProbe
{
    private const int Resyncs = 3;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(3);

    public static async Task<AgentProcessReport> RunAsync(string ns, Inventory inventory, AgentProgram agent, double resyncSeconds,
        IProgress<string> progress, CancellationToken cancel)
    {
        var dir = Path.Combine("/run/vxmesh/bench", ns);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "mesh.yaml");
            await File.WriteAllTextAsync(file, SyntheticMesh.Yaml(inventory), cancel);
            var peers = inventory.Clusters[1].Nodes.Count;
            string[] args = ["agent", "-f", file, "--node", SyntheticMesh.Self, "--resync", resyncSeconds.ToString(CultureInfo.InvariantCulture)];

            using var routes = new RouteWatch([ns]);
            var all = routes.Expect(r => r.Count >= peers);
            var started = Stopwatch.GetTimestamp();
            var first = Start(ns, agent, args, dir, "first");
            var converged = Stopwatch.GetElapsedTime(started, await all.WaitAsync(Step, cancel)).TotalMilliseconds;
            await WaitForPassAsync(first.Log, "start", cancel);
            progress.Report($"agent process programmed {peers} peers {converged:F0} ms after it started; sampling its RSS over {Resyncs} resyncs");
            var samples = new List<double>();
            for (var i = 1; i <= Resyncs; i++)
            {
                await WaitForPassAsync(first.Log, "resync", cancel, count: i);
                samples.Add(Status(first.Pid, "VmRSS"));
            }
            var peak = Status(first.Pid, "VmHWM");
            await StopAsync(first.Pid);

            var restarted = Stopwatch.GetTimestamp();
            var second = Start(ns, agent, args, dir, "restart");
            var (writes, _) = await WaitForPassAsync(second.Log, "start", cancel);
            var restart = Stopwatch.GetElapsedTime(restarted).TotalMilliseconds;
            await StopAsync(second.Pid);
            return new AgentProcessReport(Math.Round(converged, 1), peak, samples.Max(), samples, Math.Round(restart, 1), writes, resyncSeconds);
        }
        finally
        {
            foreach (var pid in Directory.GetFiles(dir, "*.pid").Select(ProcInfo.ReadPidFile).OfType<int>())
            {
                await ProcessStopper.StopAsync([pid], Timeouts.Stop, CancellationToken.None);
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Pid, string Log) Start(string ns, AgentProgram agent, string[] args, string dir, string name)
    {
        var pidFile = Path.Combine(dir, $"{name}.pid");
        var log = Path.Combine(dir, $"{name}.log");
        DetachedProcess.Start("the bench agent", ns, agent.Command(args), pidFile, log, dir);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (ProcInfo.ReadPidFile(pidFile) is { } pid)
            {
                return (pid, log);
            }
            Thread.Sleep(5);
        }
        throw new InvalidOperationException($"the bench agent wrote no pid file ({pidFile})");
    }

    private static async Task StopAsync(int pid)
    {
        if (!await ProcessStopper.StopAsync([pid], Timeouts.Stop, CancellationToken.None))
        {
            throw new InvalidOperationException($"the bench agent (pid {pid}) did not stop on SIGTERM");
        }
    }

    /// <summary>Waits (bounded) for the agent's <paramref name="count"/>-th "pass (REASON)" line; returns that pass's changes.</summary>
    private static async Task<(int Changes, double Ms)> WaitForPassAsync(string log, string reason, CancellationToken cancel, int count = 1)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Step)
        {
            var text = File.Exists(log) ? await ReadSharedAsync(log, cancel) : "";
            var passes = PassLine().Matches(text).Where(m => m.Groups["reason"].Value == reason).ToList();
            if (passes.Count >= count)
            {
                var m = passes[count - 1];
                return (int.Parse(m.Groups["changes"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture));
            }
            if (text.Contains("pass (start) failed", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the bench agent failed; see its log:\n{text}");
            }
            await Task.Delay(5, cancel);
        }
        throw new TimeoutException($"the bench agent logged no pass ({reason}) #{count} within {Step.TotalMinutes} min ({log})");
    }

    private static async Task<string> ReadSharedAsync(string path, CancellationToken cancel)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync(cancel);
    }

    /// <summary>A /proc/PID/status line in MB (the kernel prints kB).</summary>
    private static double Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kb = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return Math.Round(kb / 1024.0, 1);
    }

    [GeneratedRegex(@"pass \((?<reason>[a-z]+)\): (?<changes>\d+) changes, (?<failures>\d+) failures in (?<ms>[0-9.]+) ms")]
    private static partial Regex PassLine();
}
