using System.Globalization;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Memory of a lab's processes, by kind: the proportional set size (/proc/PID/smaps_rollup Pss),
/// which counts a page shared by n processes (the .NET runtime's libraries in a dozen agents) as 1/n
/// to each, so the sum is what the lab really holds. What `lab up` reports.
/// </summary>
/// <param name="Megabytes">Kind (kube-apiserver, node agents, nginx…) → total PSS in MB.</param>
public sealed record LabFootprint(IReadOnlyDictionary<string, double> Megabytes)
{
    public double Total => Megabytes.Values.Sum();

    public string Describe() =>
        $"memory (PSS): {Total:0} MB in all (" + string.Join(", ", Megabytes.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:0}")) + ")";

    /// <summary>Every process in the lab's namespaces, named by what it runs.</summary>
    public static async Task<LabFootprint> MeasureAsync(LabPaths paths, CancellationToken cancel)
    {
        var pids = new HashSet<int>();
        foreach (var ns in Netns.WithPrefix(LabName.Prefix(paths.Lab)))
        {
            pids.UnionWith(await Netns.PidsAsync(ns, cancel));
        }
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pid in pids)
        {
            if (Pss(pid) is { } kb)
            {
                var kind = Kind(ProcInfo.CommandLine(pid));
                totals[kind] = totals.GetValueOrDefault(kind) + kb / 1024.0;
            }
        }
        return new LabFootprint(totals);
    }

    private static string Kind(string commandLine)
    {
        foreach (var known in new[] { "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy", "etcd" })
        {
            if (commandLine.Contains("/" + known + " ", StringComparison.Ordinal) || commandLine.StartsWith(known + " ", StringComparison.Ordinal))
            {
                return known;
            }
        }
        return commandLine.Contains(" lab kubelet ", StringComparison.Ordinal) ? "node agents"
            : commandLine.Contains(" agent ", StringComparison.Ordinal) ? "vxmesh agents"
            : commandLine.Contains("nginx", StringComparison.Ordinal) ? "nginx"
            : "other";
    }

    private static long? Pss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
