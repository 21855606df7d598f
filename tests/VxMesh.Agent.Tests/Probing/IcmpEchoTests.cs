using System.Buffers.Binary;
using System.Net.Sockets;
using VxMesh.Agent.Probing;

namespace VxMesh.Agent.Tests.Probing;

/// <summary>Echo requests as the kernel expects them, and replies told apart from every other ICMP message a raw socket sees.</summary>
public class IcmpEchoTests
{
    [Fact]
    public void Request4_TypeIdSequencePayload_ChecksumSumsToZero()
    {
        var packet = IcmpEcho.Request(AddressFamily.InterNetwork, 0x1234, 7);

        Assert.Equal((8, 0, 0x1234, 7), (packet[0], packet[1], BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)), BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(6))));
        Assert.Equal("vxmesh-probe"u8.ToArray(), packet[8..]);
        // RFC 1071: the one's-complement sum over a packet with its checksum in place is 0xFFFF.
        uint sum = 0;
        for (var i = 0; i < packet.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i));
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        Assert.Equal(0xFFFFu, sum);
    }

    [Fact]
    public void Request6_Type128_ChecksumLeftToTheKernel()
    {
        var packet = IcmpEcho.Request(AddressFamily.InterNetworkV6, 1, 2);

        Assert.Equal((128, 0, 0), (packet[0], packet[1], BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2))));
    }

    [Fact]
    public void Reply4_AfterTheIpHeaderOfItsLength_IdAndSequence()
    {
        var ip = new byte[24];
        ip[0] = 0x46; // IPv4, 6 words: a header with options
        var icmp = IcmpEcho.Request(AddressFamily.InterNetwork, 0xBEEF, 42);
        icmp[0] = IcmpEcho.EchoReply4;

        Assert.Equal(((ushort)0xBEEF, (ushort)42), IcmpEcho.Reply(AddressFamily.InterNetwork, [.. ip, .. icmp]));
    }

    [Theory]
    [InlineData(8)] // our own request, seen on the loopback
    [InlineData(3)] // destination unreachable
    [InlineData(11)] // time exceeded
    public void Reply4_NotAnEchoReply_Null(byte type)
    {
        var ip = new byte[20];
        ip[0] = 0x45;
        var icmp = IcmpEcho.Request(AddressFamily.InterNetwork, 1, 1);
        icmp[0] = type;

        Assert.Null(IcmpEcho.Reply(AddressFamily.InterNetwork, [.. ip, .. icmp]));
    }

    [Fact]
    public void Reply_Truncated_Null()
    {
        Assert.Null(IcmpEcho.Reply(AddressFamily.InterNetwork, [0x45, 0, 0]));
        Assert.Null(IcmpEcho.Reply(AddressFamily.InterNetworkV6, [129, 0, 0, 0]));
    }

    [Fact]
    public void Reply6_AtTheStart_IdAndSequence()
    {
        var icmp = IcmpEcho.Request(AddressFamily.InterNetworkV6, 9, 10);
        icmp[0] = IcmpEcho.EchoReply6;

        Assert.Equal(((ushort)9, (ushort)10), IcmpEcho.Reply(AddressFamily.InterNetworkV6, icmp));
    }
}
