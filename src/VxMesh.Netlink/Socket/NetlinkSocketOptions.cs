namespace VxMesh.Netlink;

/// <summary>How a <see cref="NetlinkSocket"/> is set up when it is opened.</summary>
/// <param name="MulticastGroups">RTNLGRP_* numbers to join; empty for a request/response socket.</param>
/// <param name="ReceiveBufferBytes">
/// SO_RCVBUF wish. Large because a batch of thousands of requests queues one ACK skb per request
/// and a dump or event burst must not overrun; granted with SO_RCVBUFFORCE when we are root.
/// </param>
/// <param name="SendBufferBytes">SO_SNDBUF wish; netlink refuses a sendmsg larger than it (EMSGSIZE).</param>
/// <param name="StrictChecking">NETLINK_GET_STRICT_CHK, so the kernel honours dump filters.</param>
/// <param name="Protocol">NETLINK_ROUTE (0) for rtnetlink; NETLINK_NETFILTER (12) for nf_tables.</param>
public sealed record NetlinkSocketOptions(
    IReadOnlyList<int> MulticastGroups,
    int ReceiveBufferBytes = 32 * 1024 * 1024,
    int SendBufferBytes = 4 * 1024 * 1024,
    bool StrictChecking = true,
    int Protocol = 0)
{
    public static NetlinkSocketOptions Request { get; } = new([]);
}
