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

/// <summary>How far apart the two nodes are on the underlay.</summary>
public enum Span
{
    SameNode,

    /// <summary>One L2 segment: one hop, what host-gw needs.</summary>
    OneSegment,

    /// <summary>Segments joined by the fabric's router.</summary>
    Routed,
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
/// The span is part of the kind because it changes the cost: the fabric's router forwards VXLAN as
/// 1500-byte frames where it forwards plain TCP as 64 KB GSO packets (see docs/benchmarks.md).
/// </summary>
/// <param name="Scope">Null for the underlay, where only the segments matter.</param>
/// <param name="Carrier">Who routes it: "vxmesh" for the agent's routes (protocol 118); the CNI's device
/// (flannel.1, vxlan.calico) or name (calico's direct routes, local pods); empty for the underlay.</param>
public sealed record PathKind(Ends Ends, Scope? Scope, Span Span, Mechanism Mechanism, string Carrier)
{
    public const string Vxmesh = "vxmesh";

    public static PathKind Underlay(bool sameSegment) =>
        new(Ends.NodeToNode, null, sameSegment ? Span.OneSegment : Span.Routed, Mechanism.Underlay, "");

    /// <summary>Stable, for scripts: pod-pod/other-cluster/routed/vxlan/vxmesh, node-node/one-segment/underlay.</summary>
    public string Id => string.Join('/', new[] { EndsId, ScopeId, SpanId, MechanismId, Carrier }.Where(p => p.Length > 0));

    /// <summary>For people: "pod → pod, other cluster, routed, vxlan (vxmesh)".</summary>
    public string Label => $"{Where}, {Mode}";

    /// <summary>Which ends, how far apart: "pod → pod, other cluster, routed", "node → node, one segment".</summary>
    public string Where => string.Join(", ", new[] { EndsText, ScopeText, SpanText }.Where(p => p.Length > 0));

    /// <summary>How it is carried, seeds/004's 网络模式 column: "underlay", "vxlan (vxmesh)", "host-gw (calico)".</summary>
    public string Mode => Mechanism == Mechanism.Underlay ? "underlay" : $"{MechanismId} ({Carrier})";

    /// <summary>Report order: the baselines, then seeds/004's pod → pod rows (other cluster first), then node → pod.</summary>
    public (int, int, int, int, int, string) SortKey =>
        (Mechanism == Mechanism.Underlay ? 0 : 1, Ends == Ends.NodeToPod ? 1 : 0, Scope is { } s ? 2 - (int)s : 0, (int)Span, (int)Mechanism, Carrier);

    private string EndsId => Ends switch
    {
        Ends.PodToPod => "pod-pod",
        Ends.NodeToPod => "node-pod",
        _ => "node-node",
    };

    private string ScopeId => Scope switch
    {
        null => "",
        Paths.Scope.SameNode => "same-node",
        Paths.Scope.SameCluster => "same-cluster",
        _ => "other-cluster",
    };

    /// <summary>Same node says it all already.</summary>
    private string SpanId => Span switch
    {
        Span.SameNode => "",
        Span.OneSegment => "one-segment",
        _ => "routed",
    };

    private string MechanismId => Mechanism switch
    {
        Mechanism.Underlay => "underlay",
        Mechanism.HostGw => "host-gw",
        Mechanism.Vxlan => "vxlan",
        _ => "local",
    };

    private string EndsText => Ends switch
    {
        Ends.PodToPod => "pod → pod",
        Ends.NodeToPod => "node → pod",
        _ => "node → node",
    };

    private string ScopeText => Scope switch
    {
        null => "",
        Paths.Scope.SameNode => "same node",
        Paths.Scope.SameCluster => "same cluster",
        _ => "other cluster",
    };

    private string SpanText => SpanId.Replace('-', ' ');
}
