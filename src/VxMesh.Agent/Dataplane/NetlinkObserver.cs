using System.Net.Sockets;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// Reads the kernel's state into an <see cref="ObservedState"/>, keeping only what is ours:
/// our device and what lives on it, and routes and nexthop objects with our protocol.
/// IPv6 link-local addresses are the kernel's (derived from the MAC), not ours.
/// </summary>
internal static class NetlinkObserver
{
    private const byte ScopeLink = 253;
    private const uint MainTable = 254;
    private static readonly AddressFamily[] Families = [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6];

    public static ObservedState Observe(RtnlClient rtnl, string? netns, string deviceName)
    {
        var links = rtnl.GetLinks().ToDictionary(l => l.Index);
        var device = links.Values.FirstOrDefault(l => l.Name == deviceName);
        string? NameOf(int? index) => index is { } i && links.TryGetValue(i, out var l) ? l.Name : null;

        var allNexthops = rtnl.GetNexthops();
        var nexthops = allNexthops
            .Where(n => n.Protocol == Ownership.RouteProtocol)
            .Select(n => new ObservedNexthop(n.Id, n.Gateway, NameOf(n.Index), n.Onlink, Group(n.Group)))
            .ToValueList();
        var allRoutes = Families.SelectMany(f => rtnl.GetRoutes(f)).ToList();
        var routes = allRoutes
            .Where(r => r.Protocol == Ownership.RouteProtocol)
            .Select(r => new ObservedRoute(r.Destination, r.NexthopId, r.Gateway, NameOf(r.OutIndex), r.Onlink))
            .ToValueList();
        // Ours are metric 0 in the main table: another protocol's route with that key is someone else's.
        var foreign = allRoutes
            .Where(r => r.Protocol != Ownership.RouteProtocol && r.Table == MainTable && (r.Priority ?? 0) == 0 && r.Destination.PrefixLength > 0)
            .Select(r => r.Destination)
            .ToValueList();
        var inUse = allNexthops.Select(n => n.Id).ToValueList();
        var sysctls = OwnedSysctls.Names.Select(name => new ObservedSysctl(name, Sysctl.Read(netns, name))).ToValueList();
        if (device is null)
        {
            return ObservedState.Empty with { Nexthops = nexthops, NexthopIdsInUse = inUse, Routes = routes, Sysctls = sysctls, ForeignRoutes = foreign };
        }

        var index = device.Index;
        var fdb = rtnl.GetFdb(index).Where(f => f.Index == index && f.IsSelf && f.Dst is not null).ToList();
        return new ObservedState(
            Describe(device, NameOf(device.Vxlan?.UnderlayIndex), device.Kind == "vxlan" ? Ethtool.GetTxChecksum(netns, device.Name) : null),
            rtnl.GetAddresses()
                .Where(a => a.Index == index && a.Scope != ScopeLink)
                .Select(a => new InterfaceAddress(a.Address, a.PrefixLength))
                .ToValueList(),
            Families
                .SelectMany(f => rtnl.GetNeighbors(f, index))
                .Where(n => n.Index == index)
                .Select(n => new ObservedNeighbor(n.Ip, n.Mac, n.IsStatic, n.Protocol == Ownership.RouteProtocol))
                .ToValueList(),
            fdb.Where(f => f.IsExternLearned).Select(f => new FdbEntry(f.Mac, f.Dst!)).ToValueList(),
            nexthops,
            inUse,
            routes)
        { Sysctls = sysctls, ForeignRoutes = foreign, ForeignFdb = fdb.Where(f => !f.IsExternLearned && f.IsStatic).Select(f => new FdbEntry(f.Mac, f.Dst!)).ToValueList() };
    }

    /// <summary>A group's members in id order and its shape, in the planner's units (milliseconds).</summary>
    internal static ObservedGroup? Group(NexthopGroupInfo? group) =>
        group is null
            ? null
            : new ObservedGroup(group.Members.OrderBy(m => m.Id).ToValueList(),
                group.Resilient is { } r ? new GroupShape(r.Buckets, (int)r.IdleTimer.TotalMilliseconds, (int)r.UnbalancedTimer.TotalMilliseconds) : null);

    private static ObservedDevice Describe(LinkInfo link, string? underlay, bool? txChecksum) =>
        new(link.Index, link.Name, link.Kind,
            link.Vxlan?.Vni ?? 0, link.Vxlan?.Port ?? 0, link.Vxlan?.Local, underlay,
            link.Vxlan?.Learning ?? false, link.Mac, link.Mtu, link.Up, txChecksum, link.Alias);
}
