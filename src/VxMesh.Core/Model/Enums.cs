namespace VxMesh.Core.Model;

/// <summary>How traffic to a peer's pod blocks leaves the node.</summary>
public enum Backend
{
    /// <summary>Encapsulate in VXLAN (works across routed underlays).</summary>
    Vxlan,

    /// <summary>Plain route via the peer's underlay address (peers on the node's own L2 subnet only).</summary>
    HostGw,

    /// <summary>host-gw to peers on the node's underlay subnet, vxlan to the rest (flannel's DirectRouting, across clusters).</summary>
    Auto,
}

/// <summary>The CNI a cluster runs: decides how pods are wired in the lab and which no-SNAT fix applies.</summary>
public enum CniKind
{
    Calico,
    Flannel,
    Other,
}
