using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>Checks that a kernel holds exactly what a plan asks for, in terms of the kernel's own objects.</summary>
public static class KernelAssert
{
    public static void Matches(NodeState plan, FakeKernel kernel)
    {
        var d = plan.Device;
        var link = kernel.Link(d.Name);
        Assert.NotNull(link);
        Assert.Equal(
            new KernelLink(link.Index, d.Name, "vxlan", d.Mtu, Up: true, d.Mac, d.Vni, d.Port, d.Local, d.UnderlayDev, Learning: false, d.TxChecksumOffload),
            link);
        Assert.Equal([plan.Address], kernel.AddressesOn(d.Name));
        Assert.Equal(Lines(plan.Neighbors.Select(n => new KernelNeighbor(d.Name, n.Ip, n.Mac, Permanent: true))), Lines(kernel.NeighborsOn(d.Name).Where(n => n.Permanent)));
        Assert.Equal(Lines(plan.Fdb.Select(f => new KernelFdb(d.Name, f.Mac, f.Destination))), Lines(kernel.FdbOn(d.Name)));
        Assert.Equal(Lines(plan.Routes.Select(r => $"{r.Destination} via {r.Gateway} dev {r.Device}{(r.Onlink ? " onlink" : "")}")), Lines(OurRoutes(kernel)));
        var used = kernel.Routes.Where(r => r.Ours).Select(r => r.NexthopId).ToHashSet();
        Assert.All(kernel.Nexthops.Where(n => n.Protocol == Ownership.RouteProtocol), n => Assert.Contains(n.Id, used));
    }

    /// <summary>Our routes resolved through their nexthop objects, as `ip route` would print them.</summary>
    public static IEnumerable<string> OurRoutes(FakeKernel kernel) =>
        kernel.Routes.Where(r => r.Ours).Select(r =>
        {
            Assert.NotNull(r.NexthopId);
            var nh = kernel.Nexthop(r.NexthopId.Value);
            Assert.NotNull(nh);
            Assert.Equal(Ownership.RouteProtocol, nh.Protocol);
            return $"{r.Destination} via {nh.Gateway} dev {nh.Device}{(nh.Onlink ? " onlink" : "")}";
        });

    private static List<string> Lines<T>(IEnumerable<T> items) where T : notnull =>
        items.Select(i => i.ToString()!).Order(StringComparer.Ordinal).ToList();
}
