namespace VxMesh.Netlink;

/// <summary>
/// A netlink request the kernel refused, or a socket call that failed. The message reads like
/// <c>RTM_NEWROUTE 10.1.0.0/24: EEXIST (File exists): ext ack text</c>.
/// </summary>
public sealed class NetlinkException(int errno, string operation, string? extAckMessage = null)
    : Exception(Format(errno, operation, extAckMessage))
{
    /// <summary>Positive errno (the kernel sends it negated).</summary>
    public int Errno { get; } = errno;

    /// <summary>What was attempted, e.g. "RTM_NEWROUTE 10.1.0.0/24".</summary>
    public string Operation { get; } = operation;

    /// <summary>The kernel's extended-ack text (NLMSGERR_ATTR_MSG), when it sent one.</summary>
    public string? ExtAckMessage { get; } = extAckMessage;

    public bool IsNotFound => VxMesh.Netlink.Errno.IsNotFound(Errno);

    public bool IsExists => VxMesh.Netlink.Errno.IsExists(Errno);

    internal static string Format(int errno, string operation, string? extAck)
    {
        var text = $"{operation}: {VxMesh.Netlink.Errno.Name(errno)} ({VxMesh.Netlink.Errno.Describe(errno)})";
        return string.IsNullOrEmpty(extAck) ? text : $"{text}: {extAck}";
    }

    /// <summary>Wraps the errno of the last failed P/Invoke call.</summary>
    internal static NetlinkException FromLastError(string operation) =>
        new(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), operation);
}
