using System.Runtime.InteropServices;

namespace VxMesh.Netlink.Wire;

/// <summary>
/// The outcome carried by NLMSG_ERROR (errno 0 = ACK) or NLMSG_DONE (a dump's final status),
/// with the extended-ack text when the kernel attached one.
/// </summary>
/// <param name="Errno">Positive errno; 0 means success.</param>
internal readonly record struct NetlinkStatus(int Errno, string? ExtAckMessage)
{
    private const int ErrorCodeSize = 4;
    private const int HeaderSize = 16;

    /// <summary>
    /// NLMSG_ERROR payload: int error; struct nlmsghdr (the request's); the request's payload unless
    /// NLM_F_CAPPED; then, if NLM_F_ACK_TLVS, NLMSGERR_ATTR_* TLVs.
    /// </summary>
    public static NetlinkStatus FromError(in NetlinkMessage message)
    {
        var payload = message.Payload;
        if (payload.Length < ErrorCodeSize)
        {
            throw new InvalidDataException($"NLMSG_ERROR of {payload.Length} bytes");
        }

        var errno = -MemoryMarshal.Read<int>(payload);
        if (!message.HasFlag(Nl.NLM_F_ACK_TLVS) || payload.Length < ErrorCodeSize + HeaderSize)
        {
            return new NetlinkStatus(errno, null);
        }

        var echoed = MemoryMarshal.Read<NlMsgHdr>(payload[ErrorCodeSize..]);
        var tlvOffset = ErrorCodeSize + (message.HasFlag(Nl.NLM_F_CAPPED) ? HeaderSize : Nl.Align((int)echoed.Length));
        return new NetlinkStatus(errno, ReadMessage(payload, tlvOffset));
    }

    /// <summary>NLMSG_DONE payload: int error (negative errno when the dump failed), then optional TLVs.</summary>
    public static NetlinkStatus FromDone(in NetlinkMessage message)
    {
        var payload = message.Payload;
        if (payload.Length < ErrorCodeSize)
        {
            return new NetlinkStatus(0, null);
        }

        var errno = -MemoryMarshal.Read<int>(payload);
        var extAck = message.HasFlag(Nl.NLM_F_ACK_TLVS) ? ReadMessage(payload, ErrorCodeSize) : null;
        return new NetlinkStatus(errno, extAck);
    }

    private static string? ReadMessage(ReadOnlySpan<byte> payload, int offset)
    {
        if (offset >= payload.Length)
        {
            return null;
        }

        foreach (var attribute in new NetlinkAttributeReader(payload[offset..]))
        {
            if (attribute.Type == Nl.NLMSGERR_ATTR_MSG)
            {
                return attribute.AsString();
            }
        }

        return null;
    }
}
