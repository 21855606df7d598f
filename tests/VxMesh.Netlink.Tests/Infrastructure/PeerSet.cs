using System.Net;
using System.Net.NetworkInformation;

namespace VxMesh.Netlink.Tests.Infrastructure;

/// <summary>
/// A synthetic mesh of <c>count</c> peers (up to 10,000), each needing four objects on the vxlan
/// device: neighbour (overlay IP → MAC), FDB (MAC → VTEP), nexthop (via overlay IP, onlink) and a
/// /30 pod route through that nexthop. Underlay VTEPs and overlay IPs come from 198.18.0.0/15,
/// pod prefixes from 198.19.0.0/16; no .0 or .255 host parts.
/// </summary>
internal sealed record PeerSet(int Count, byte Protocol = 118)
{
    public static IPAddress Vtep(int i) => new([198, 18, (byte)(64 + (i / 250)), (byte)((i % 250) + 1)]);

    public static IPAddress Overlay(int i) => new([198, 18, (byte)(128 + (i / 250)), (byte)((i % 250) + 1)]);

    public static PhysicalAddress Mac(int i) => new([0x02, 0xaa, 0, 0, (byte)(i >> 8), (byte)i]);

    public static IPNetwork Pod(int i) => new(new IPAddress([198, 19, (byte)(i * 4 / 256), (byte)(i * 4 % 256)]), 30);

    public static uint NexthopId(int i) => (uint)(i + 1);

    public List<NetlinkRequest> Requests(int vxlanIndex)
    {
        var requests = new List<NetlinkRequest>(Count * 4);
        for (var i = 0; i < Count; i++)
        {
            requests.Add(RtnlRequest.ReplaceNeighbor(vxlanIndex, Overlay(i), Mac(i)));
            requests.Add(RtnlRequest.ReplaceFdb(vxlanIndex, Mac(i), Vtep(i)));
            requests.Add(RtnlRequest.ReplaceNexthop(NexthopId(i), Overlay(i), vxlanIndex, onlink: true, Protocol));
            requests.Add(RtnlRequest.ReplaceRoute(RouteSpec.ViaNexthop(Pod(i), NexthopId(i), Protocol)));
        }

        return requests;
    }

    /// <summary>The same objects as iproute2 batch files (ip -batch and bridge -batch), for comparison.</summary>
    public (string Ip, string Bridge) BatchFiles(string device)
    {
        var ip = new System.Text.StringBuilder();
        var bridge = new System.Text.StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            var mac = string.Join(':', Mac(i).GetAddressBytes().Select(b => b.ToString("x2")));
            ip.AppendLine($"neigh replace {Overlay(i)} lladdr {mac} dev {device} nud permanent");
            bridge.AppendLine($"fdb replace {mac} dev {device} dst {Vtep(i)} self permanent");
            ip.AppendLine($"nexthop replace id {NexthopId(i)} via {Overlay(i)} dev {device} onlink proto {Protocol}");
            ip.AppendLine($"route replace {Pod(i)} nhid {NexthopId(i)} proto {Protocol}");
        }

        return (ip.ToString(), bridge.ToString());
    }
}
