using System.Runtime.InteropServices;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// One encoded rtnetlink request waiting to be sent: the whole message (nlmsghdr with seq 0, family
/// header, attributes) plus a description for error texts. Built by <see cref="RtnlRequest"/>;
/// <see cref="RtnlClient.Execute"/> stamps the sequence number and NLM_F_ACK when it sends it.
/// </summary>
public sealed record NetlinkRequest(ReadOnlyMemory<byte> Message, string Description)
{
    /// <summary>nlmsg_type (RTM_NEWROUTE = 24 ...).</summary>
    public ushort MessageType => MemoryMarshal.Read<NlMsgHdr>(Message.Span).Type;

    /// <summary>nlmsg_flags as built (without the NLM_F_ACK that Execute adds).</summary>
    public ushort MessageFlags => MemoryMarshal.Read<NlMsgHdr>(Message.Span).Flags;

    public override string ToString() => Description;
}
