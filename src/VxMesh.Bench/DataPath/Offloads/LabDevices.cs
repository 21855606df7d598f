using System.Text.Json.Nodes;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Offloads;

/// <summary>A network device inside one of the lab's namespaces.</summary>
/// <param name="Kind">iproute2's link kind: veth, bridge, vxlan ("" for none).</param>
public sealed record LabDevice(string Namespace, string Name, string Kind);

/// <summary>Every device of a lab (fabric, nodes, pods) but loopback, as the kernel lists them now.</summary>
public static class LabDevices
{
    public static async Task<IReadOnlyList<LabDevice>> ListAsync(LabState lab, CancellationToken cancel)
    {
        var namespaces = new[] { lab.FabricNamespace }.Concat(lab.Nodes.Select(n => n.Namespace)).Concat(lab.Pods.Select(p => p.Namespace)).ToList();
        var lists = new IReadOnlyList<LabDevice>[namespaces.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, namespaces.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency.Commands, CancellationToken = cancel },
            async (i, token) =>
            {
                var run = await ProcessRunner.RunCheckedAsync($"listing the devices of {namespaces[i]}", "ip", ["-n", namespaces[i], "-j", "-d", "link", "show"], Timeouts.Command, token);
                lists[i] = Parse(namespaces[i], run.Stdout);
            });
        return lists.SelectMany(l => l).ToList();
    }

    public static IReadOnlyList<LabDevice> Parse(string ns, string json) =>
        (JsonNode.Parse(json) as JsonArray ?? [])
            .Select(l => (Name: l?["ifname"]?.GetValue<string>(), Kind: l?["linkinfo"]?["info_kind"]?.GetValue<string>() ?? ""))
            .Where(l => l.Name is not null && l.Name != "lo")
            .Select(l => new LabDevice(ns, l.Name!, l.Kind))
            .ToList();
}
