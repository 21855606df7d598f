using VxMesh.Bench.Services;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `vxmesh bench services`.</summary>
public static class ServicesBenchTable
{
    private static readonly Dictionary<ServicePathKind, string> Labels = new()
    {
        [ServicePathKind.PodToPod] = "pod -> remote pod (baseline)",
        [ServicePathKind.LocalClusterIp] = "local ClusterIP",
        [ServicePathKind.RemoteClusterIp] = "remote ClusterIP (mesh route)",
        [ServicePathKind.ImportedService] = "imported service (MCS)",
    };

    public static void Write(ServicesBenchResult r)
    {
        Console.WriteLine($"lab {r.Lab}: from a client pod of {r.FromCluster}; remote side {r.ToCluster}; curl time_total, one connection per request");
        Console.WriteLine($"  {"path",-32} {"target",-16} {"ok",9} {"p50 ms",8} {"p99 ms",8} {"connect p50",12} {"p50 / pod",10}");
        foreach (var row in r.Rows)
        {
            Console.WriteLine($"  {Labels[row.Kind],-32} {row.Target,-16} {row.Requests - row.Failures,4}/{row.Requests,-4} {row.TotalP50Ms,8:0.000} {row.TotalP99Ms,8:0.000} {row.ConnectP50Ms,12:0.000} {r.RatioToPodP50[row.Kind],10:0.00}");
        }
        foreach (var row in r.Rows.Where(row => row.Failures > 0))
        {
            Console.WriteLine($"  warning: {row.Failures} of {row.Requests} requests through {Labels[row.Kind]} failed; its figures are from the answered ones");
        }
        var s = r.Spread;
        Console.WriteLine($"  {s.Answered}/{s.Requests} flows to {r.ToCluster}'s ClusterIP {s.ClusterIp} (group of {s.GroupMembers}), translated by: " +
            string.Join(", ", r.ShareByNode.Select(p => $"{p.Key} {p.Value:P0} ({s.TranslatedBy[p.Key]})")));
    }
}
