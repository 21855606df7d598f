using VxMesh.Netlink.Tests.Infrastructure;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>NLMSG_ERROR and NLMSG_DONE layouts the golden captures do not cover.</summary>
public sealed class StatusTests
{
    [Fact]
    public void StatusFromError_NotCappedWithTlvs_SkipsEchoedRequestToFindMessage()
    {
        // Without NETLINK_CAP_ACK the kernel echoes the whole request (here a 24-byte RTM_DELNEXTHOP)
        // between the errno and the TLVs.
        var bytes = Hex.Bytes(
            "34000000 0200 0002 05000000 00000000"       // NLMSG_ERROR, NLM_F_ACK_TLVS, len 52
            + "feffffff"                                 // -ENOENT
            + "18000000 6900 0500 05000000 00000000"     // echoed request header (len 24)
            + "00000000 00000000"                        // echoed nhmsg
            + "0800 0100 6e6f7065");                     // NLMSGERR_ATTR_MSG "nope" (no NUL)

        var status = NetlinkStatus.FromError(Single(bytes));

        Assert.Equal(new NetlinkStatus(Errno.ENOENT, "nope"), status);
    }

    [Fact]
    public void StatusFromError_WithoutTlvFlag_IgnoresTrailingBytes()
    {
        var bytes = Hex.Bytes("24000000 0200 0001 05000000 00000000" + "efffffff" + "10000000 1800 0505 05000000 00000000");
        Assert.Equal(new NetlinkStatus(Errno.EEXIST, null), NetlinkStatus.FromError(Single(bytes)));
    }

    [Fact]
    public void StatusFromDone_NegativeErrorWithExtAck_ReportsBoth()
    {
        var bytes = Hex.Bytes(
            "38000000 0300 0202 07000000 00000000"       // NLMSG_DONE, MULTI|ACK_TLVS, len 56
            + "feffffff"                                 // -ENOENT
            + "2300 0100 697076343a20464942207461626c6520646f6573206e6f7420657869737400"
            + "00"); // NLMSGERR_ATTR_MSG, NUL-terminated, padded

        var status = NetlinkStatus.FromDone(Single(bytes));

        Assert.Equal(Errno.ENOENT, status.Errno);
        Assert.Equal("ipv4: FIB table does not exist", status.ExtAckMessage);
    }

    [Fact]
    public void StatusFromDone_Success_IsZero() =>
        Assert.Equal(new NetlinkStatus(0, null), NetlinkStatus.FromDone(Single(Hex.Bytes(GoldenReplies.RouteDumpDone))));

    private static NetlinkMessage Single(byte[] bytes)
    {
        var reader = new NetlinkMessageReader(bytes);
        Assert.True(reader.MoveNext());
        return reader.Current;
    }
}
