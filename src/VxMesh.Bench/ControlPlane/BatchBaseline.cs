using System.Text;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;

namespace VxMesh.Bench.ControlPlane;

/// <summary>
/// The baseline the agent is measured against: the same plan written as iproute2 batch files
/// (`ip -batch` for the device, ARP, nexthop objects and routes; `bridge -batch` for FDB), the
/// fastest way a person could program it with the standard tools. One process each, one
/// netlink request per line, each waiting for its ACK.
/// </summary>
public static class BatchBaseline
{
    public static string IpBatch(NodeState state)
    {
        var d = state.Device;
        var s = new StringBuilder();
        s.Append($"link add {d.Name} type vxlan id {d.Vni} dstport {d.Port} local {d.Local} dev {d.UnderlayDev} nolearning\n");
        s.Append($"link set dev {d.Name} address {Mac.Format(d.Mac)} mtu {d.Mtu} up\n");
        s.Append($"addr add {state.Address} dev {d.Name}\n");
        foreach (var n in state.Neighbors)
        {
            s.Append($"neigh replace {n.Ip} lladdr {Mac.Format(n.Mac)} dev {d.Name} nud permanent protocol {Ownership.RouteProtocol}\n");
        }
        var ids = new Dictionary<string, uint>();
        foreach (var r in state.Routes)
        {
            var key = r.Gateway.ToString();
            if (!ids.TryGetValue(key, out var id))
            {
                ids[key] = id = Ownership.NexthopIdBase + (uint)ids.Count;
                s.Append($"nexthop replace id {id} via {r.Gateway} dev {r.Device}{(r.Onlink ? " onlink" : "")} proto {Ownership.RouteProtocol}\n");
            }
            s.Append($"route replace {r.Destination} nhid {id} proto {Ownership.RouteProtocol}\n");
        }
        return s.ToString();
    }

    /// <summary>The same ingress filter the agent installs, so both paths program the same state.</summary>
    public static string NftScript(NodeState state) => NftRenderer.Replace(state.Ingress);

    public static string BridgeBatch(NodeState state) =>
        string.Concat(state.Fdb.Select(f => $"fdb replace {Mac.Format(f.Mac)} dev {state.Device.Name} dst {f.Destination} self permanent extern_learn\n"));
}
