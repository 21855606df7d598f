using VxMesh.Core.Model;

namespace VxMesh.Lab.Topology;

/// <summary>The validated <c>lab:</c> section.</summary>
/// <param name="PodsPerNode">nginx pods on every node, spread round-robin over the node's blocks.</param>
/// <param name="Ippools">
/// True applies what a CNI does once fixed for multi-cluster (the article's IPPools): remote
/// clusters' pod and service CIDRs are exempt from masquerade, so the remote pod sees the client
/// pod's own address. False leaves the CNI's plain natOutgoing: cross-cluster traffic still
/// connects but arrives SNATed to the sending node's VXLAN device address.
/// </param>
/// <param name="Kubernetes">`kubernetes: true`: the lab runs real control planes, kube-proxy and its node agent (as `lab up --kubernetes`).</param>
public sealed record LabSettings(ValueList<Segment> Segments, int PodsPerNode, bool Ippools, bool Kubernetes = false)
{
    public const int DefaultPodsPerNode = 1;

    /// <summary>Every pod is an nginx and a namespace; a 2-core machine runs a few dozen comfortably.</summary>
    public const int MaxPodsPerNode = 16;
}
