namespace VxMesh.Netlink;

/// <summary>The kernel's answer to one request of a batch: errno 0, or the error and its ext-ack text.</summary>
public readonly record struct NetlinkResult(NetlinkRequest Request, int Errno, string? ExtAckMessage)
{
    public bool IsSuccess => Errno == 0;

    public bool IsNotFound => VxMesh.Netlink.Errno.IsNotFound(Errno);

    public bool IsExists => VxMesh.Netlink.Errno.IsExists(Errno);

    public NetlinkException ToException() => new(Errno, Request.Description, ExtAckMessage);

    public void ThrowIfFailed()
    {
        if (!IsSuccess)
        {
            throw ToException();
        }
    }

    public override string ToString() =>
        IsSuccess ? $"{Request.Description}: OK" : NetlinkException.Format(Errno, Request.Description, ExtAckMessage);
}
