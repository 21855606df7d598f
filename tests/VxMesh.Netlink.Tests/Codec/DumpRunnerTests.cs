using System.Net;
using VxMesh.Netlink.Decoding;
using VxMesh.Netlink.Tests.Infrastructure;
using VxMesh.Netlink.Wire;
using Datagram = VxMesh.Netlink.Tests.Codec.ReplayTransport.Datagram;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>Dump and get control flow (multi-part, DONE, errors, NLM_F_DUMP_INTR retries) on replayed kernel bytes.</summary>
public sealed class DumpRunnerTests
{
    private static readonly NetlinkRequest Request = RtnlDumpRequest.Routes(System.Net.Sockets.AddressFamily.InterNetwork, 254);

    [Fact]
    public void Dump_MultipartThenDone_ReturnsAllRoutes()
    {
        var transport = new ReplayTransport(new Datagram(GoldenReplies.RouteDump), new Datagram(GoldenReplies.RouteDumpDone));

        var routes = DumpRunner.Dump(transport, Request, Decode);

        Assert.Equal(["198.18.0.0/24", "198.19.1.0/24", "198.19.2.0/24"], routes.Select(r => r.Destination.ToString()));
        Assert.Equal(1, transport.RequestsSent);
    }

    [Fact]
    public void Dump_StaleRepliesFirst_SkipsThem()
    {
        var transport = new ReplayTransport(
            new Datagram(GoldenReplies.RouteDump, StaleSequence: true),
            new Datagram(GoldenReplies.RouteDump),
            new Datagram(GoldenReplies.RouteDumpDone));

        Assert.Equal(3, DumpRunner.Dump(transport, Request, Decode).Count);
    }

    [Fact]
    public void Dump_InterruptedOnce_RepeatsAndReturnsSecondResult()
    {
        var transport = new ReplayTransport(
            new Datagram(GoldenReplies.RouteDump, Interrupted: true),
            new Datagram(GoldenReplies.RouteDumpDone, Interrupted: true),
            new Datagram(GoldenReplies.RouteDump),
            new Datagram(GoldenReplies.RouteDumpDone));

        var routes = DumpRunner.Dump(transport, Request, Decode);

        Assert.Equal(3, routes.Count); // not 6: the interrupted attempt is thrown away
        Assert.Equal(2, transport.RequestsSent);
    }

    [Fact]
    public void Dump_InterruptedEveryTime_ThrowsEintrAfterFiveAttempts()
    {
        var script = Enumerable.Range(0, DumpRunner.MaxAttempts)
            .SelectMany(_ => new[] { new Datagram(GoldenReplies.RouteDump, Interrupted: true), new Datagram(GoldenReplies.RouteDumpDone) })
            .ToArray();
        var transport = new ReplayTransport(script);

        var error = Assert.Throws<NetlinkException>(() => DumpRunner.Dump(transport, Request, Decode));

        Assert.Equal(Errno.EINTR, error.Errno);
        Assert.Equal(DumpRunner.MaxAttempts, transport.RequestsSent);
    }

    [Fact]
    public void Dump_DoneCarriesError_ThrowsWithExtAck()
    {
        var done = "38000000 0300 0202 00000000 00000000" + "feffffff" + "2300 0100 697076343a20464942207461626c6520646f6573206e6f7420657869737400" + "00";
        var transport = new ReplayTransport(new Datagram(done));

        var error = Assert.Throws<NetlinkException>(() => DumpRunner.Dump(transport, Request, Decode));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Equal("ipv4: FIB table does not exist", error.ExtAckMessage);
    }

    [Fact]
    public void Dump_ErrorInsteadOfData_ThrowsThatErrno()
    {
        var transport = new ReplayTransport(new Datagram(GoldenReplies.ErrorWithExtAck));
        var error = Assert.Throws<NetlinkException>(() => DumpRunner.Dump(transport, Request, Decode));
        Assert.Equal(Errno.EINVAL, error.Errno);
    }

    [Fact]
    public void Get_Enodev_ReturnsNull()
    {
        var enodev = "24000000 0200 0001 00000000 00000000" + "edffffff" + "24000000 1200 0100 00000000 00000000";
        var transport = new ReplayTransport(new Datagram(enodev));

        var link = DumpRunner.Get(transport, RtnlDumpRequest.Link("nope"), static (in NetlinkMessage m) => LinkDecoder.Decode(m));

        Assert.Null(link);
    }

    [Fact]
    public void Get_LinkReply_DecodesIt()
    {
        var transport = new ReplayTransport(new Datagram(GoldenReplies.LinkVx0));

        var link = DumpRunner.Get(transport, RtnlDumpRequest.Link("vx0"), static (in NetlinkMessage m) => LinkDecoder.Decode(m));

        Assert.Equal(IPAddress.Parse("198.18.0.1"), link!.Vxlan!.Local);
    }

    private static RouteInfo? Decode(in NetlinkMessage message) => RouteDecoder.Decode(message);
}
