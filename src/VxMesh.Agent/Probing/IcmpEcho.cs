using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace VxMesh.Agent.Probing;

/// <summary>
/// ICMP echo messages (RFC 792, RFC 4443) as the probes send and read them: type, code, checksum,
/// identifier, sequence, then a short payload. Pure: encoding and decoding only.
/// </summary>
public static class IcmpEcho
{
    public const byte EchoRequest4 = 8;
    public const byte EchoReply4 = 0;
    public const byte EchoRequest6 = 128;
    public const byte EchoReply6 = 129;

    public static ReadOnlySpan<byte> Payload => "vxmesh-probe"u8;

    /// <summary>
    /// An echo request. IPv4 carries its own checksum; for ICMPv6 the kernel fills it in (a raw ICMPv6
    /// socket always checksums, RFC 3542 §3.1), so it is left 0.
    /// </summary>
    public static byte[] Request(AddressFamily family, ushort identifier, ushort sequence)
    {
        var packet = new byte[8 + Payload.Length];
        packet[0] = family == AddressFamily.InterNetworkV6 ? EchoRequest6 : EchoRequest4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
        Payload.CopyTo(packet.AsSpan(8));
        if (family == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        }
        return packet;
    }

    /// <summary>
    /// The identifier and sequence of an echo reply, or null for anything else. An IPv4 raw socket hands
    /// over the IP header too (its length is in the first byte); an ICMPv6 one starts at the ICMP header.
    /// </summary>
    public static (ushort Identifier, ushort Sequence)? Reply(AddressFamily family, ReadOnlySpan<byte> received)
    {
        var icmp = received;
        if (family == AddressFamily.InterNetwork)
        {
            if (received.Length < 20 || received[0] >> 4 != 4)
            {
                return null;
            }
            var headerLength = (received[0] & 0x0F) * 4;
            if (received.Length < headerLength)
            {
                return null;
            }
            icmp = received[headerLength..];
        }
        var reply = family == AddressFamily.InterNetworkV6 ? EchoReply6 : EchoReply4;
        return icmp.Length >= 8 && icmp[0] == reply && icmp[1] == 0
            ? (BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]), BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]))
            : null;
    }

    /// <summary>The Internet checksum (RFC 1071) of <paramref name="data"/>, its checksum field taken as 0.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += i == 2 ? 0u : BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    /// <summary>The socket family's address of a target (IPv4-mapped IPv6 addresses are probed as IPv4).</summary>
    public static IPAddress Normalize(IPAddress target) => target.IsIPv4MappedToIPv6 ? target.MapToIPv4() : target;
}
