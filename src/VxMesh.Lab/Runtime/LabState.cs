using System.Net;
using System.Text.Json;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// What a running lab is, written when it is built and read by status, exec, verify and down:
/// they need the names and addresses without re-reading (or still having) the topology file.
/// </summary>
public sealed record LabState(
    string Lab,
    string Source,
    DateTimeOffset Created,
    string Inventory,
    bool Ippools,
    string FabricNamespace,
    IReadOnlyList<LabNodeState> Nodes,
    IReadOnlyList<LabPodState> Pods)
{
    public static LabState From(LabTopology topology, LabLayout layout, LabPaths paths, DateTimeOffset created) =>
        new(topology.Name, topology.Inventory.Source, created, paths.Inventory, layout.Ippools, layout.FabricNamespace,
            layout.Nodes.Select(n => new LabNodeState(n.Name, n.Cluster, n.Cni, n.Namespace, n.Ip, n.Segment.Segment.Name,
                Planner.Plan(topology.Inventory, n.Name).Address.Address)).ToList(),
            layout.Pods.Select(p => new LabPodState(p.Name, p.Node, p.Cluster, p.Namespace, p.Ip)).ToList());

    /// <summary>The namespace of a node or pod called <paramref name="name"/>, or null.</summary>
    public string? NamespaceOf(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name)?.Namespace ?? Pods.FirstOrDefault(p => p.Name == name)?.Namespace
        ?? (name == PodNaming.Fabric ? FabricNamespace : null);

    public void Save(LabPaths paths) => File.WriteAllText(paths.State, JsonFormat.Serialize(this));

    /// <summary>Null when the lab has no (readable) state file.</summary>
    public static LabState? Load(LabPaths paths)
    {
        try
        {
            return JsonSerializer.Deserialize<LabState>(File.ReadAllText(paths.State), JsonFormat.Options);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}

/// <param name="VxlanAddress">The node's VXLAN device address: what a remote pod sees when the node masquerades.</param>
public sealed record LabNodeState(string Name, string Cluster, CniKind Cni, string Namespace, IPAddress Ip, string Segment, IPAddress VxlanAddress);

public sealed record LabPodState(string Name, string Node, string Cluster, string Namespace, IPAddress Ip);
