using System.Net;

namespace VxMesh.Core.Planning;

/// <summary>
/// Which VXLAN packets a node accepts. Outer side: UDP to the mesh port only from registered peers'
/// underlay addresses. Without it, anyone who can reach the port and guess the VNI can inject frames
/// into the overlay (VXLAN has no authentication). Inner side: what the mesh device decapsulates must
/// come from a remote cluster's pod or service range or a VTEP address (<see cref="InnerSources"/>), so
/// a member cannot send with any other inner source. Kept in sync with membership.
/// </summary>
/// <param name="AllowedSources">Peers' underlay addresses, sorted.</param>
public sealed record IngressFilter(int Port, Model.ValueList<IPAddress> AllowedSources)
{
    /// <summary>The mesh device whose decapsulated packets the inner check applies to; null: no inner check.</summary>
    public string? Device { get; init; }

    /// <summary>The inner sources allowed, as the kernel's interval sets hold them: no prefix inside another, sorted.</summary>
    public Model.ValueList<IPNetwork> InnerSources { get; init; } = Model.ValueList<IPNetwork>.Empty;

    /// <summary>What every peer shares in <see cref="InnerSources"/> (<see cref="PlanContext.InnerRanges"/>), for delta updates.</summary>
    public Model.ValueList<IPNetwork> InnerRanges { get; init; } = Model.ValueList<IPNetwork>.Empty;
}
