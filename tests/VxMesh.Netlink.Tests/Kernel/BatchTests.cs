using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class BatchTests : KernelTest
{
    private readonly int _vx;

    public BatchTests() => _vx = Ns.CreateVxlanWithIp(Vxlan, 42);

    [Fact]
    public void Execute_2000PeersFourObjectsEach_AllSucceedAndIpAgrees()
    {
        var peers = new PeerSet(2000);

        var results = Client.Execute(peers.Requests(_vx));

        Assert.Equal(8000, results.Count);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(2000, Ns.IpJson("neigh", "show", "dev", Vxlan).GetArrayLength());
        Assert.Equal(2000, Ns.BridgeJson("fdb", "show", "dev", Vxlan).GetArrayLength());
        Assert.Equal(2000, Ns.IpJson("nexthop", "show").GetArrayLength());
        var ipRoutes = Ns.IpJson("route", "show", "proto", "118").Items().Select(r => $"{r.Str("dst")} {r.Int("nhid")}").Order().ToList();
        var ourRoutes = Client.GetRoutes(AddressFamily.InterNetwork).Where(r => r.Protocol == 118).Select(r => $"{r.Destination} {r.NexthopId}").Order().ToList();
        Assert.Equal(2000, ipRoutes.Count);
        Assert.Equal(ipRoutes, ourRoutes);
        Assert.Contains($"{PeerSet.Pod(1999)} {PeerSet.NexthopId(1999)}", ipRoutes);
    }

    [Fact]
    public void Execute_OneBadRequestAmongGood_OnlyThatOneFailsWithItsExtAck()
    {
        var requests = new PeerSet(50).Requests(_vx);
        var bad = RtnlRequest.ReplaceRoute(RouteSpec.ViaNexthop(IPNetwork.Parse("198.19.200.0/24"), 999, 118));
        requests.Insert(101, bad);

        var results = Client.Execute(requests);

        var failed = Assert.Single(results, r => !r.IsSuccess);
        Assert.Same(bad, failed.Request);
        Assert.Equal(Errno.EINVAL, failed.Errno);
        Assert.Equal("Nexthop id does not exist", failed.ExtAckMessage);
        Assert.Equal("RTM_NEWROUTE 198.19.200.0/24: EINVAL (Invalid argument): Nexthop id does not exist", failed.ToString());
        Assert.Equal(50, Ns.IpJson("route", "show", "proto", "118").GetArrayLength()); // the ones after it were applied too
    }

    [Fact]
    public void Execute_DeletesOfAbsentObjects_EachIsNotFoundWithItsOwnErrno()
    {
        var requests = new[]
        {
            RtnlRequest.DeleteNeighbor(_vx, IPAddress.Parse("198.19.0.9")),
            RtnlRequest.DeleteFdb(_vx, PhysicalAddress.Parse("02:00:00:00:00:09"), null),
            RtnlRequest.DeleteNexthop(4242),
            RtnlRequest.DeleteRoute(IPNetwork.Parse("198.19.9.0/24"), protocol: 118),
            RtnlRequest.DeleteAddress(Eth0, IPAddress.Parse("198.18.0.99"), 24),
            RtnlRequest.DeleteLink(4242),
        };

        var results = Client.Execute(requests);

        Assert.Equal([Errno.ENOENT, Errno.ENOENT, Errno.ENOENT, Errno.ESRCH, Errno.EADDRNOTAVAIL, Errno.ENODEV], results.Select(r => r.Errno));
        Assert.All(results, r => Assert.True(r.IsNotFound));
    }

    [Fact]
    public void Execute_WithProgress_EachChunkReportsAnsweredPrefix()
    {
        Client.BatchBytes = 4096; // about 70 requests per sendmsg
        var requests = new PeerSet(300).Requests(_vx);
        var results = new NetlinkResult[requests.Count];
        var reported = new List<int>();

        Client.Execute(requests, results, answered =>
        {
            // Everything before the count is filled in when the callback runs.
            Assert.All(results.Take(answered), r => Assert.NotNull(r.Request));
            reported.Add(answered);
        });

        Assert.True(reported.Count > 10, $"{reported.Count} chunks");
        Assert.Equal(reported.Order(), reported);
        Assert.Equal(requests.Count, reported[^1]);
        Assert.Equal(requests, results.Select(r => r.Request));
        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
    }

    [Fact]
    public void Execute_TinyChunks_StillMatchesEveryAck()
    {
        Client.BatchBytes = 4096; // about 70 requests per sendmsg
        var requests = new PeerSet(300).Requests(_vx);

        var results = Client.Execute(requests);

        Assert.Equal(requests, results.Select(r => r.Request));
        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(300, Ns.IpJson("nexthop", "show").GetArrayLength());
    }

    [Fact]
    public void Execute_Twice_ReplaceIsIdempotent()
    {
        var requests = new PeerSet(100).Requests(_vx);

        Client.Execute(requests);
        var again = Client.Execute(requests);

        Assert.All(again, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(100, Client.GetNeighbors(AddressFamily.InterNetwork, _vx).Count);
        Assert.Equal(100, Client.GetFdb(_vx).Count);
    }

    [Fact]
    public void Execute_GetOrMalformedRequest_ThrowsBeforeSendingAnything()
    {
        var good = RtnlRequest.ReplaceNexthop(7, IPAddress.Parse("198.18.0.2"), Eth0, onlink: true, protocol: 118);
        var get = new NetlinkRequest(RtnlDumpRequest.Nexthops().Message);
        var truncated = new NetlinkRequest(good.Message[..20]);

        Assert.Throws<ArgumentException>(() => Client.Execute([good, get]));
        Assert.Throws<ArgumentException>(() => Client.Execute([good, truncated]));

        Assert.Empty(Ns.IpJson("nexthop", "show").Items()); // the good one in front was not sent either
        Assert.Empty(Client.Execute([]));
    }
}
