using System.Runtime.InteropServices;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// One encoded rtnetlink request waiting to be sent: the whole message (nlmsghdr with seq 0, family
/// header, attributes). Built by <see cref="RtnlRequest"/>; <see cref="RtnlClient.Execute"/> stamps
/// the sequence number and NLM_F_ACK when it sends it.
/// </summary>
public sealed class NetlinkRequest
{
    private string? _description;

    /// <param name="message">A complete netlink message; nlmsg_len must equal its length.</param>
    /// <param name="description">Text for errors; derived from the message when omitted.</param>
    public NetlinkRequest(ReadOnlyMemory<byte> message, string? description = null)
    {
        Message = message;
        _description = description;
    }

    public ReadOnlyMemory<byte> Message { get; }

    /// <summary>
    /// What the request does, e.g. "RTM_NEWROUTE 10.1.0.0/24". Computed from the bytes on first use,
    /// because building 40,000 strings nobody reads would cost more than encoding the requests.
    /// </summary>
    public string Description => _description ??= RequestDescriber.Describe(Message.Span);

    /// <summary>nlmsg_type (RTM_NEWROUTE = 24 ...).</summary>
    public ushort MessageType => MemoryMarshal.Read<NlMsgHdr>(Message.Span).Type;

    /// <summary>nlmsg_flags as built (without the NLM_F_ACK that Execute adds).</summary>
    public ushort MessageFlags => MemoryMarshal.Read<NlMsgHdr>(Message.Span).Flags;

    public override string ToString() => Description;
}
