using System.Net;
using System.Net.Sockets;
using VxMesh.Core.Addressing;

namespace VxMesh.Core.Loading;

/// <summary>
/// Rules that tie a node's addresses to the mesh settings: written VTEP IPs against vtepCidr,
/// and one underlay address family for the whole mesh.
/// </summary>
internal static class AddressChecks
{
    public static void Check(InventoryDraft draft, ProblemSink sink)
    {
        foreach (var node in draft.AllNodes)
        {
            if (node.VtepIp is { } vtepIp)
            {
                CheckVtepIp(node, vtepIp, draft.Mesh, sink);
            }
        }
        CheckUnderlayFamilies(draft, sink);
    }

    private static void CheckVtepIp(NodeDraft node, Located<IPAddress> vtepIp, MeshDraft mesh, ProblemSink sink)
    {
        var ip = vtepIp.Value;
        if (!mesh.VtepCidrWritten)
        {
            sink.Add(vtepIp, $"vtepIp {ip} is set but mesh.vtepCidr is not; without vtepCidr the mesh runs in onlink mode and uses no VTEP addresses",
                $"add mesh.vtepCidr, e.g. {IpMath.Canonical(ip, ip.AddressFamily == AddressFamily.InterNetwork ? 24 : 64)}, or remove vtepIp");
            return;
        }
        if (mesh.VtepCidr is not { } located)
        {
            return;
        }
        var cidr = located.Value;
        if (ip.AddressFamily != cidr.BaseAddress.AddressFamily)
        {
            sink.Add(vtepIp, $"vtepIp {ip} is {FamilyName(ip)} but mesh.vtepCidr {cidr} is {FamilyName(cidr.BaseAddress)}",
                $"write an {FamilyName(cidr.BaseAddress)} vtepIp inside {cidr}, or omit vtepIp to derive one");
            return;
        }
        var derived = node.Ip is { } underlay ? VtepIpDerivation.Derive(cidr, underlay.Value) : null;
        var hint = derived is null ? "" : $", e.g. {derived}, which is also what omitting vtepIp derives";
        if (!cidr.Contains(ip))
        {
            sink.Add(vtepIp, $"vtepIp {ip} is outside mesh.vtepCidr {cidr}", $"use an address inside {cidr}{hint}");
        }
        else if (ip.Equals(IpMath.First(cidr)) || ip.Equals(IpMath.Last(cidr)))
        {
            var which = ip.Equals(IpMath.First(cidr)) ? "network" : "broadcast";
            sink.Add(vtepIp, $"vtepIp {ip} is the {which} address of mesh.vtepCidr {cidr}", $"use a host address inside {cidr}{hint}");
        }
    }

    /// <summary>
    /// A VXLAN device sends from one local address and so speaks one family: an IPv4 node and an
    /// IPv6 node can never exchange encapsulated packets. Reported against the first node's family.
    /// </summary>
    private static void CheckUnderlayFamilies(InventoryDraft draft, ProblemSink sink)
    {
        var withIp = draft.AllNodes.Where(n => n.Ip is not null).ToList();
        if (withIp.Count == 0)
        {
            return;
        }
        var first = withIp[0];
        var family = first.Ip!.Value.AddressFamily;
        foreach (var node in withIp.Where(n => n.Ip!.Value.AddressFamily != family))
        {
            sink.Add(node.Ip!, $"ip {node.Ip!.Value} of {node.Describe()} is {FamilyName(node.Ip.Value)} but {first.Describe()} uses {FamilyName(first.Ip.Value)}; VXLAN peers must share an underlay family",
                $"give every node an {FamilyName(first.Ip.Value)} underlay ip");
        }
    }

    private static string FamilyName(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
}
