namespace VxMesh.Bench.DataPath.Paths;

public enum Ends
{
    NodeToNode,
    PodToPod,
    NodeToPod,
}

public enum Scope
{
    SameNode,
    SameCluster,
    OtherCluster,
}

/// <summary>How a packet crosses from the source node to the destination, as the source node's kernel routes it.</summary>
public enum Mechanism
{
    /// <summary>Node to node on the underlay addresses: the baseline every other path is compared with.</summary>
    Underlay,

    /// <summary>A plain route via the peer node's underlay address, no encapsulation (host-gw, Calico's direct routing).</summary>
    HostGw,

    /// <summary>Through a VXLAN device: the mesh's own, or the CNI's (flannel.1, vxlan.calico).</summary>
    Vxlan,

    /// <summary>The destination pod hangs off the source node itself (calico veth, flannel cni0).</summary>
    Local,
}

/// <summary>
/// One row of the report: what kind of path a pair of endpoints takes. Pairs of the same kind cost
/// the same in a lab (every link is a veth), so the bench measures one representative pair per kind.
/// </summary>
/// <param name="Scope">Null for the underlay, where only the segments matter.</param>
/// <param name="Carrier">Who routes it: the underlay's "one segment" or "routed"; "vxmesh" for the agent's
/// routes (protocol 118); the CNI's device (flannel.1, vxlan.calico) or name (calico direct routes, local pods).</param>
public sealed record PathKind(Ends Ends, Scope? Scope, Mechanism Mechanism, string Carrier)
{
    public const string OneSegment = "one segment";
    public const string Routed = "routed";
    public const string Vxmesh = "vxmesh";

    public static PathKind Underlay(bool sameSegment) => new(Ends.NodeToNode, null, Mechanism.Underlay, sameSegment ? OneSegment : Routed);

    /// <summary>Stable, for scripts: pod-pod/other-cluster/vxlan/vxmesh.</summary>
    public string Id => string.Join('/', EndsId, ScopeId, MechanismId, Carrier.Replace(' ', '-'));

    /// <summary>For people: "pod → pod, other cluster, vxlan (vxmesh)".</summary>
    public string Label => $"{Where}, {Mode}";

    /// <summary>Which ends, how far apart: "pod → pod, other cluster", "node → node, routed".</summary>
    public string Where => Mechanism == Mechanism.Underlay ? $"node → node, {Carrier}" : $"{EndsText}, {ScopeText}";

    /// <summary>How it is carried, seeds/004's 网络模式 column: "underlay", "vxlan (vxmesh)", "host-gw (calico)".</summary>
    public string Mode => Mechanism == Mechanism.Underlay ? "underlay" : $"{MechanismId} ({Carrier})";

    private string EndsText => Ends switch
    {
        Ends.PodToPod => "pod → pod",
        Ends.NodeToPod => "node → pod",
        _ => "node → node",
    };

    private string ScopeText => Scope switch
    {
        Paths.Scope.SameNode => "same node",
        Paths.Scope.SameCluster => "same cluster",
        _ => "other cluster",
    };

    private string EndsId => Ends switch
    {
        Ends.PodToPod => "pod-pod",
        Ends.NodeToPod => "node-pod",
        _ => "node-node",
    };

    private string ScopeId => Scope switch
    {
        null => "underlay",
        Paths.Scope.SameNode => "same-node",
        Paths.Scope.SameCluster => "same-cluster",
        _ => "other-cluster",
    };

    private string MechanismId => Mechanism switch
    {
        Mechanism.Underlay => "underlay",
        Mechanism.HostGw => "host-gw",
        Mechanism.Vxlan => "vxlan",
        _ => "local",
    };

    /// <summary>Report order: the baselines, then seeds/004's pod → pod rows (other cluster first), then node → pod.</summary>
    public (int, int, int, int, string) SortKey =>
        (Mechanism == Mechanism.Underlay ? 0 : 1, Ends == Ends.NodeToPod ? 1 : 0, Scope is { } s ? 2 - (int)s : 0, (int)Mechanism, Carrier);
}
