using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Lab.Topology;

/// <summary>
/// One L2 underlay segment: a bridge in the fabric namespace. Nodes in one segment share an L2;
/// nodes in different segments reach each other only through the fabric's routing, which is
/// what makes VXLAN necessary (the article's nodes sit in different networks).
/// </summary>
public sealed record Segment(string Name, IPNetwork Cidr)
{
    /// <summary>The fabric's address on this segment: the first host address, e.g. 198.18.1.1.</summary>
    public IPAddress Gateway =>
        IpMath.FromInteger(IpMath.ToInteger(Cidr.BaseAddress) + 1, Cidr.BaseAddress.AddressFamily);

    public override string ToString() => $"{Name} {Cidr}";
}
