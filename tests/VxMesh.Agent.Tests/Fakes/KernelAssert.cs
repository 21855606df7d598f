using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>
/// Checks that a kernel holds exactly what a plan asks for. Both sides are turned into the
/// same `ip`-style lines (device, address, permanent neighbours, FDB, our routes resolved
/// through their nexthop objects, and any nexthop of ours no route uses), so a mismatch
/// reads like a diff of two `ip` dumps.
/// </summary>
public static class KernelAssert
{
    public static void Matches(NodeState plan, FakeKernel kernel) => Assert.Equal(Expected(plan), Actual(kernel, plan.Device.Name));

    /// <summary>Same check without throwing (for polling while an agent loop runs).</summary>
    public static bool IsMatch(NodeState plan, FakeKernel kernel) => Expected(plan).SequenceEqual(Actual(kernel, plan.Device.Name));

    public static IReadOnlyList<string> Expected(NodeState plan)
    {
        var d = plan.Device;
        var link = new KernelLink(0, d.Name, "vxlan", d.Mtu, Up: true, d.Mac, d.Vni, d.Port, d.Local, d.UnderlayDev, Learning: false, d.TxChecksumOffload) { Alias = Ownership.DeviceAlias };
        return
        [
            link.ToString(),
            new KernelAddress(d.Name, plan.Address).ToString(),
            .. Sorted(plan.Neighbors.Select(n => new KernelNeighbor(d.Name, n.Ip, n.Mac, Permanent: true, Ownership.RouteProtocol))),
            .. Sorted(plan.Fdb.Select(f => new KernelFdb(d.Name, f.Mac, f.Destination, Marked: true))),
            .. Sorted(plan.Routes.Select(r => $"route {r.Destination} via {r.Gateway} dev {r.Device}{(r.Onlink ? " onlink" : "")}")
                .Concat(plan.ServiceRoutes.Select(r => $"route {r.Destination} {Group(plan.Groups.Single(g => g.Id == r.GroupId))}"))),
            .. Sorted(plan.Sysctls.Where(s => s.Value != "0").Select(s => $"sysctl {s.Name}={s.Value}")),
        ];
    }

    public static IReadOnlyList<string> Actual(FakeKernel kernel, string device)
    {
        var ours = kernel.Nexthops.Where(n => n.Protocol == Ownership.RouteProtocol).ToList();
        var used = kernel.Routes.Where(r => r.Ours).Select(r => r.NexthopId).Concat(kernel.Groups.SelectMany(g => g.Members).Select(m => (uint?)m)).ToHashSet();
        return
        [
            kernel.Link(device)?.ToString() ?? $"no link {device}",
            .. kernel.AddressesOn(device).Select(a => new KernelAddress(device, a).ToString()),
            .. Sorted(kernel.NeighborsOn(device).Where(n => n.Permanent)),
            .. Sorted(kernel.FdbOn(device)),
            .. Sorted(kernel.Routes.Where(r => r.Ours).Select(r => Resolve(kernel, r))),
            .. Sorted(ours.Where(n => !used.Contains(n.Id)).Select(n => $"unused {n}")
                .Concat(kernel.Groups.Where(g => g.Protocol == Ownership.RouteProtocol && !used.Contains(g.Id)).Select(g => $"unused {g}"))),
            .. Sorted(kernel.Sysctls.Where(s => s.Value != "0").Select(s => $"sysctl {s.Key}={s.Value}")),
        ];
    }

    private static string Resolve(FakeKernel kernel, KernelRoute route) =>
        route.NexthopId is { } id && kernel.Nexthop(id) is { Protocol: Ownership.RouteProtocol } nh
            ? $"route {route.Destination} via {nh.Gateway} dev {nh.Device}{(nh.Onlink ? " onlink" : "")}"
            : route.NexthopId is { } gid && kernel.Group(gid) is { Protocol: Ownership.RouteProtocol } g
                ? $"route {route.Destination} {Group(kernel, g)}"
                : $"{route} (not via a nexthop of ours)";

    /// <summary>A group as its members' gateways (sorted) and its shape: what the plan and the kernel must agree on.</summary>
    private static string Group(NexthopGroup group) =>
        $"id {group.Id} group [{string.Join(", ", group.Members.Select(m => m.ToString()).Order(StringComparer.Ordinal))}] {group.Shape}";

    private static string Group(FakeKernel kernel, KernelGroup group) =>
        $"id {group.Id} group [{string.Join(", ", group.Members.Select(m => kernel.Nexthop(m) is { } n ? $"via {n.Gateway} dev {n.Device}{(n.Onlink ? " onlink" : "")}" : $"missing {m}").Order(StringComparer.Ordinal))}] {group.Shape}";

    private static IEnumerable<string> Sorted<T>(IEnumerable<T> items) where T : notnull =>
        items.Select(i => i.ToString()!).Order(StringComparer.Ordinal);
}
