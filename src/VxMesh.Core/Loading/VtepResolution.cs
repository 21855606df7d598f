using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Core.Loading;

/// <summary>
/// Fills in each node's VTEP MAC and (in vtepCidr mode) VTEP IP, given or derived, before the
/// duplicate checks run: a derived value that collides is exactly as broken as a written one.
/// </summary>
internal static class VtepResolution
{
    public static void Resolve(InventoryDraft draft, ProblemSink sink)
    {
        var vtepCidr = draft.Mesh.VtepCidr?.Value;
        foreach (var node in draft.AllNodes)
        {
            ResolveMac(node);
            if (vtepCidr is { } cidr)
            {
                ResolveIp(node, cidr, sink);
            }
        }
    }

    private static void ResolveMac(NodeDraft node)
    {
        if (node.VtepMac is { } given)
        {
            node.ResolvedVtepMac = given;
        }
        else if (!node.VtepMacWritten && node.Cluster.Name is { } cluster && node.Name is { } name)
        {
            var mac = VtepMacDerivation.Derive(cluster.Value, name.Value);
            node.ResolvedVtepMac = new(mac, node.Key("vtepMac"), node.Pos);
            node.VtepMacDerived = true;
        }
    }

    private static void ResolveIp(NodeDraft node, IPNetwork cidr, ProblemSink sink)
    {
        if (node.VtepIp is { } given)
        {
            node.ResolvedVtepIp = given;
            return;
        }
        if (node.VtepIpWritten || node.Ip is not { } ip)
        {
            return;
        }
        if (VtepIpDerivation.Derive(cidr, ip.Value) is { } derived)
        {
            node.ResolvedVtepIp = new(derived, node.Key("vtepIp"), node.Pos);
            node.VtepIpDerived = true;
            return;
        }
        var why = ip.Value.AddressFamily != cidr.BaseAddress.AddressFamily
            ? $"its ip {ip.Value} and mesh.vtepCidr {cidr} are different address families"
            : $"the host part of its ip {ip.Value} lands on the network or broadcast address of mesh.vtepCidr {cidr}";
        sink.Add(node.Pos, node.Key("vtepIp"), $"cannot derive a vtepIp for {node.Describe()}: {why}",
            $"set vtepIp explicitly on this node to a host address inside {cidr}");
    }
}
