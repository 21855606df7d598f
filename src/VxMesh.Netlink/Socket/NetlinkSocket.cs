using System.Runtime.InteropServices;
using VxMesh.Netlink.Interop;

namespace VxMesh.Netlink;

/// <summary>
/// A netlink socket (NETLINK_ROUTE unless the options say otherwise). It stays in the network namespace of the thread that created it,
/// whatever thread uses it later. Not thread-safe: callers serialise access.
/// </summary>
public sealed unsafe partial class NetlinkSocket : IDisposable
{
    private readonly NetlinkSafeHandle _handle;
    private uint _sequence;

    private NetlinkSocket(NetlinkSafeHandle handle, uint portId, int receiveBufferBytes)
    {
        _handle = handle;
        PortId = portId;
        ReceiveBufferBytes = receiveBufferBytes;
        // Start away from 0 so replies to a previous socket on the same port are not mistaken for ours.
        _sequence = (uint)Random.Shared.Next(1, int.MaxValue);
    }

    /// <summary>nl_pid the kernel assigned at bind time.</summary>
    public uint PortId { get; }

    /// <summary>SO_RCVBUF as the kernel granted it (already doubled for bookkeeping).</summary>
    public int ReceiveBufferBytes { get; }

    /// <summary>Next sequence number for one request.</summary>
    public uint NextSequence() => unchecked(++_sequence);

    /// <summary>Reserves <paramref name="count"/> consecutive sequence numbers; returns the first.</summary>
    public uint ReserveSequences(int count)
    {
        var first = unchecked(_sequence + 1);
        _sequence = unchecked(_sequence + (uint)count);
        return first;
    }

    /// <summary>Sends one buffer (it may hold many messages) to the kernel in one sendto(2).</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        var kernel = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var sent = Libc.SendTo(_handle, data, buffer.Length, 0, &kernel, sizeof(Libc.SockaddrNl));
                if (sent >= 0)
                {
                    return;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException(errno, $"sendto({buffer.Length} bytes)");
                }
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
