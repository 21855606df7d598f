namespace VxMesh.Netlink;

/// <summary>
/// Request/response plumbing the dump and get logic runs on; the seam that lets tests replay
/// captured kernel datagrams (interrupted dumps, errors) without a kernel.
/// </summary>
internal interface INetlinkTransport
{
    /// <summary>Sends the request with a fresh sequence number (and extra flags); returns that number.</summary>
    uint Send(NetlinkRequest request, ushort extraFlags = 0);

    /// <summary>The next datagram addressed to us; valid until the next call.</summary>
    ReadOnlySpan<byte> ReceiveReply(string operation);
}
