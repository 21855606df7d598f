using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>What NetlinkObserver would read from this kernel: ours only, keyed like the kernel keys it.</summary>
internal static class FakeObserver
{
    public static ObservedState Observe(FakeKernel kernel, string deviceName)
    {
        var nexthops = kernel.Nexthops.Where(n => n.Protocol == Ownership.RouteProtocol)
            .Select(n => new ObservedNexthop(n.Id, n.Gateway, n.Device, n.Onlink))
            .Concat(kernel.Groups.Where(g => g.Protocol == Ownership.RouteProtocol).Select(g =>
                new ObservedNexthop(g.Id, null, null, false, new ObservedGroup(g.Members.Select(m => new Netlink.NexthopGroupMember(m)).ToValueList(), g.Shape))))
            .ToValueList();
        var sysctls = OwnedSysctls.Names.Select(n => new ObservedSysctl(n, kernel.Sysctls.GetValueOrDefault(n))).ToValueList();
        var routes = kernel.Routes.Where(r => r.Ours).Select(r => Describe(kernel, r)).ToValueList();
        var inUse = kernel.Nexthops.Select(n => n.Id).Concat(kernel.Groups.Select(g => g.Id)).ToValueList();
        var foreign = kernel.Routes.Where(r => !r.Ours).Select(r => r.Destination).ToValueList();
        if (kernel.Link(deviceName) is not { } link)
        {
            return ObservedState.Empty with { Nexthops = nexthops, NexthopIdsInUse = inUse, Routes = routes, Ingress = kernel.Ingress, Sysctls = sysctls, ForeignRoutes = foreign };
        }
        return new ObservedState(
            new ObservedDevice(link.Index, link.Name, link.Kind, link.Vni, link.Port, link.Local, link.UnderlayDev, link.Learning, link.Mac, link.Mtu, link.Up,
                link.Kind == "vxlan" ? link.TxChecksum : null, link.Alias),
            kernel.AddressesOn(deviceName).ToValueList(),
            kernel.NeighborsOn(deviceName).Select(n => new ObservedNeighbor(n.Ip, n.Mac, n.Permanent, n.Protocol == Ownership.RouteProtocol)).ToValueList(),
            kernel.FdbOn(deviceName).Where(f => f.Marked).Select(f => new Core.Planning.FdbEntry(f.Mac, f.Destination)).ToValueList(),
            nexthops,
            inUse,
            routes,
            kernel.Ingress)
        {
            Sysctls = sysctls,
            ForeignRoutes = foreign,
            ForeignFdb = kernel.FdbOn(deviceName).Where(f => !f.Marked).Select(f => new Core.Planning.FdbEntry(f.Mac, f.Destination)).ToValueList(),
        };
    }

    /// <summary>A route via a nexthop object is dumped with the object's gateway and device, as the kernel does.</summary>
    private static ObservedRoute Describe(FakeKernel kernel, KernelRoute route) =>
        route.NexthopId is { } id && kernel.Nexthop(id) is { } nh
            ? new ObservedRoute(route.Destination, id, nh.Gateway, nh.Device, nh.Onlink)
            : new ObservedRoute(route.Destination, route.NexthopId, route.Gateway, route.Device, route.Onlink);
}
