using System.Diagnostics;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Runtime;
using VxMesh.Netlink;

namespace VxMesh.Bench.ControlPlane;

/// <summary>
/// The kernel's own cost of a plan: the messages the agent sends, encoded before the clock starts
/// and sent in the largest batches the socket takes (the same executor the agent uses), plus the
/// same `nft -f` for the ingress filter. Nothing is planned, observed or compared, so what the agent
/// spends beyond this is its own overhead; iproute2's batch mode is measured against it too.
/// The device's index exists only once it is created, so the three device messages go first on the
/// clock and the rest are encoded with the clock stopped.
/// </summary>
internal static class FloorReplay
{
    private static readonly TimeSpan NftTimeout = TimeSpan.FromMinutes(2);

    public static async Task<double> TimeAsync(string ns, NodeState state, CancellationToken cancel)
    {
        using var rtnl = RtnlClient.OpenInNamespace(ns);
        var d = state.Device;
        var underlay = rtnl.GetLinks().First(l => l.Name == d.UnderlayDev).Index;
        var clock = Stopwatch.StartNew();
        var device = rtnl.CreateVxlan(new VxlanLinkSpec(d.Name, d.Vni, d.Port, d.Local, underlay, d.Mac, d.Mtu));
        rtnl.SetLink(device.Index, up: true);
        rtnl.ReplaceAddress(device.Index, state.Address.Address, state.Address.PrefixLength);
        clock.Stop();

        var requests = Encode(state, device.Index);
        clock.Start();
        var results = rtnl.Execute(requests);
        await ProcessRunner.RunCheckedAsync("nft -f floor", "ip", Lab.Runtime.Netns.Exec(ns, "nft", "-f", "-"), NftTimeout, cancel, BatchBaseline.NftScript(state));
        clock.Stop();
        if (results.FirstOrDefault(r => !r.IsSuccess) is { Request: not null } failed)
        {
            throw new InvalidOperationException($"the floor replay failed: {failed}");
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>ARP, FDB, a nexthop object per gateway (ids from the base, in route order), a route each: the agent's messages.</summary>
    private static List<NetlinkRequest> Encode(NodeState state, int index)
    {
        var requests = new List<NetlinkRequest>(state.Neighbors.Count + state.Fdb.Count + 2 * state.Routes.Count);
        requests.AddRange(state.Neighbors.Select(n => RtnlRequest.ReplaceNeighbor(index, n.Ip, n.Mac)));
        requests.AddRange(state.Fdb.Select(f => RtnlRequest.ReplaceFdb(index, f.Mac, f.Destination)));
        var ids = new Dictionary<(System.Net.IPAddress, bool), uint>();
        var routes = new List<NetlinkRequest>(state.Routes.Count);
        foreach (var r in state.Routes)
        {
            if (!ids.TryGetValue((r.Gateway, r.Onlink), out var id))
            {
                ids[(r.Gateway, r.Onlink)] = id = Ownership.NexthopIdBase + (uint)ids.Count;
                requests.Add(RtnlRequest.ReplaceNexthop(id, r.Gateway, index, r.Onlink, Ownership.RouteProtocol));
            }
            routes.Add(RtnlRequest.ReplaceRoute(RouteSpec.ViaNexthop(r.Destination, id, Ownership.RouteProtocol)));
        }
        requests.AddRange(routes);
        return requests;
    }
}
