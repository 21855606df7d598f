using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

/// <summary>Nexthop groups (NHA_GROUP) against the kernel, with iproute2's JSON as the oracle.</summary>
public sealed class NexthopGroupTests : KernelTest
{
    private static readonly ResilientGroupSpec Resilient = new(1024, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(600));

    private void Members()
    {
        Client.ReplaceNexthop(7, IPAddress.Parse("198.18.0.2"), Eth0, onlink: true, protocol: Proto);
        Client.ReplaceNexthop(8, IPAddress.Parse("198.18.0.3"), Eth0, onlink: false, protocol: Proto);
        Client.ReplaceNexthop(9, IPAddress.Parse("198.18.0.4"), Eth0, onlink: false, protocol: Proto);
    }

    private JsonElement Group(int id) => Ns.IpJson("nexthop", "show").Items().Single(n => n.Int("id") == id);

    private static int[] MemberIds(JsonElement group) => [.. group.GetProperty("group").Items().Select(m => m.Int("id")!.Value)];

    [Fact]
    public void ReplaceNexthopGroup_Resilient_IpShowsMembersTypeAndBuckets()
    {
        Members();

        Client.ReplaceNexthopGroup(20, [new(7), new(8), new(9)], Resilient, Proto);

        var group = Group(20);
        Assert.Equal([7, 8, 9], MemberIds(group));
        Assert.Equal("resilient", group.Str("type"));
        var args = group.GetProperty("resilient_args");
        Assert.Equal(1024, args.Int("buckets"));
        Assert.Equal(120, args.Int("idle_timer"));
        Assert.Equal(600, args.Int("unbalanced_timer"));
        Assert.Equal("118", group.Str("protocol"));
    }

    [Fact]
    public void ReplaceNexthopGroup_MemberLeaves_RouteStaysAndShowsTheOthers()
    {
        Members();
        Client.ReplaceNexthopGroup(20, [new(7), new(8), new(9)], Resilient, Proto);
        Client.ReplaceRoute(RouteSpec.ViaNexthop(IPNetwork.Parse("198.19.0.0/24"), 20, Proto));

        Client.ReplaceNexthopGroup(20, [new(7), new(9)], Resilient, Proto);

        Assert.Equal([7, 9], MemberIds(Group(20)));
        var route = Assert.Single(Ns.IpJson("route", "show", "proto", "118").Items());
        Assert.Equal(20, route.Int("nhid"));
        Assert.Equal(["198.18.0.2", "198.18.0.4"], route.GetProperty("nexthops").Items().Select(n => n.Str("gateway")).Order());
    }

    [Fact]
    public void GetNexthops_GroupsAndMembers_EqualsIpNexthopShow()
    {
        Members();
        Client.ReplaceNexthopGroup(20, [new(7), new(8)], Resilient, Proto);
        Ns.Ip("nexthop", "add", "id", "21", "group", "8,3/9", "proto", "118");

        var ours = Client.GetNexthops().Where(n => n.Group is not null)
            .Select(n => $"{n.Id} {string.Join('/', n.Group!.Members)} {(n.Group.Resilient is { } r ? $"res {r.Buckets}" : "mpath")}").Order();
        var ip = Ns.IpJson("nexthop", "show").Items().Where(n => n.TryGetProperty("group", out _))
            .Select(n => $"{n.Int("id")} {string.Join('/', n.GetProperty("group").Items().Select(m => m.Int("weight") is { } w and not 1 ? $"{m.Int("id")},{w}" : $"{m.Int("id")}"))} " +
                         $"{(n.Str("type") == "resilient" ? $"res {n.GetProperty("resilient_args").Int("buckets")}" : "mpath")}")
            .Order();

        Assert.Equal(ip, ours);
        Assert.Equal(AddressFamily.Unspecified, Client.GetNexthops().Single(n => n.Id == 20).Family);
    }

    [Fact]
    public void ReplaceNexthopGroup_ChangingType_EinvalWithExtAck()
    {
        Members();
        Client.ReplaceNexthopGroup(20, [new(7), new(8)], Resilient, Proto);

        var error = Assert.Throws<NetlinkException>(() => Client.ReplaceNexthopGroup(20, [new(7), new(8)], null, Proto));

        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Equal("Can not replace a nexthop group with one of a different type.", error.ExtAckMessage);
    }

    [Fact]
    public void ReplaceNexthopGroup_MissingMember_EinvalAndNothingCreated()
    {
        Members();

        var error = Assert.Throws<NetlinkException>(() => Client.ReplaceNexthopGroup(20, [new(7), new(99)], Resilient, Proto));

        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.DoesNotContain(Ns.IpJson("nexthop", "show").Items(), n => n.Int("id") == 20);
    }

    [Fact]
    public void DeleteNexthop_LastMember_KernelDeletesTheGroupAndItsRoute()
    {
        // The reconciler must know: deleting a member shrinks every group holding it, and a group left
        // empty goes with its routes — so groups are rewritten before members are deleted.
        Members();
        Client.ReplaceNexthopGroup(20, [new(7), new(8)], Resilient, Proto);
        Client.ReplaceRoute(RouteSpec.ViaNexthop(IPNetwork.Parse("198.19.0.0/24"), 20, Proto));

        Client.DeleteNexthop(7);
        Assert.Equal([8], MemberIds(Group(20)));
        Client.DeleteNexthop(8);

        Assert.DoesNotContain(Ns.IpJson("nexthop", "show").Items(), n => n.Int("id") == 20);
        Assert.Empty(Ns.IpJson("route", "show", "proto", "118").Items());
    }

    [Fact]
    public void ReplaceNexthopGroup_MembersOnTwoDevicesOnlinkAndNot_Accepted()
    {
        // host-gw (via underlay dev eth0) and vxlan (via VTEP dev vxlan onlink) members in one group.
        var vx = Client.CreateVxlan(new VxlanLinkSpec(Vxlan, 42, 4789, IPAddress.Parse("198.18.0.1"), Eth0, null, null));
        Client.SetLink(vx.Index, up: true);
        Client.ReplaceNexthop(7, IPAddress.Parse("198.18.0.2"), Eth0, onlink: false, protocol: Proto);
        Client.ReplaceNexthop(8, IPAddress.Parse("198.19.5.0"), vx.Index, onlink: true, protocol: Proto);

        Client.ReplaceNexthopGroup(20, [new(7), new(8)], Resilient, Proto);

        Assert.Equal([7, 8], MemberIds(Group(20)));
    }
}
