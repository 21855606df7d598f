using System.Runtime.InteropServices;
using VxMesh.Netlink.Interop;

namespace VxMesh.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket. It stays in the network namespace of the thread that created it,
/// whatever thread uses it later. Not thread-safe: callers serialise access.
/// </summary>
public sealed unsafe class NetlinkSocket : IDisposable
{
    // linux/netlink.h socket options (level SOL_NETLINK).
    private const int SOL_NETLINK = 270;
    private const int NETLINK_ADD_MEMBERSHIP = 1;
    private const int NETLINK_CAP_ACK = 10;
    private const int NETLINK_EXT_ACK = 11;
    private const int NETLINK_GET_STRICT_CHK = 12;
    private const int NETLINK_ROUTE = 0;

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

    internal NetlinkSafeHandle Handle => _handle;

    /// <summary>Opens, configures and binds a socket in the calling thread's network namespace.</summary>
    public static NetlinkSocket Open(NetlinkSocketOptions? options = null)
    {
        options ??= NetlinkSocketOptions.Request;
        var handle = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_ROUTE);
        if (handle.IsInvalid)
        {
            var error = NetlinkException.FromLastError("socket(AF_NETLINK)");
            handle.Dispose();
            throw error;
        }

        try
        {
            Configure(handle, options);
            var portId = Bind(handle, options.MulticastGroups);
            var rcvbuf = GetInt(handle, Libc.SOL_SOCKET, Libc.SO_RCVBUF);
            return new NetlinkSocket(handle, portId, rcvbuf);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void Configure(NetlinkSafeHandle handle, NetlinkSocketOptions options)
    {
        SetInt(handle, SOL_NETLINK, NETLINK_EXT_ACK, 1);
        // CAP_ACK: ACKs do not echo our request back, so 40,000 ACKs stay small.
        SetInt(handle, SOL_NETLINK, NETLINK_CAP_ACK, 1);
        if (options.StrictChecking)
        {
            SetInt(handle, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
        }

        SetBuffer(handle, Libc.SO_RCVBUFFORCE, Libc.SO_RCVBUF, options.ReceiveBufferBytes);
        SetBuffer(handle, Libc.SO_SNDBUFFORCE, Libc.SO_SNDBUF, options.SendBufferBytes);
    }

    // *FORCE ignores net.core.[rw]mem_max but needs CAP_NET_ADMIN; without it fall back to the capped option.
    private static void SetBuffer(NetlinkSafeHandle handle, int forceOption, int option, int bytes)
    {
        if (!TrySetInt(handle, Libc.SOL_SOCKET, forceOption, bytes))
        {
            SetInt(handle, Libc.SOL_SOCKET, option, bytes);
        }
    }

    private static uint Bind(NetlinkSafeHandle handle, IReadOnlyList<int> groups)
    {
        // nl_pid 0: the kernel picks a unique port id. The legacy nl_groups mask has one bit per group
        // (bit n-1 for group n); groups above 31, such as RTNLGRP_NEXTHOP (32), need NETLINK_ADD_MEMBERSHIP.
        var address = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
        foreach (var group in groups.Where(g => g is >= 1 and <= 31))
        {
            address.Groups |= 1u << (group - 1);
        }

        if (Libc.Bind(handle, &address, sizeof(Libc.SockaddrNl)) != 0)
        {
            throw NetlinkException.FromLastError("bind(AF_NETLINK)");
        }

        foreach (var group in groups.Where(g => g > 31))
        {
            SetInt(handle, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
        }

        var length = sizeof(Libc.SockaddrNl);
        if (Libc.GetSockName(handle, &address, &length) != 0)
        {
            throw NetlinkException.FromLastError("getsockname(AF_NETLINK)");
        }

        return address.Pid;
    }

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

    /// <summary>
    /// Receives one datagram. Returns its length, or 0 when <paramref name="nonBlocking"/> and nothing
    /// is queued. Throws <see cref="NetlinkException"/> (ENOBUFS after an overrun, EMSGSIZE when the
    /// buffer is too small: the datagram is then lost).
    /// </summary>
    public int Receive(Span<byte> buffer, bool nonBlocking = false)
    {
        var flags = Libc.MSG_TRUNC | (nonBlocking ? Libc.MSG_DONTWAIT : 0);
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var received = Libc.Recv(_handle, data, buffer.Length, flags);
                if (received > buffer.Length)
                {
                    throw new NetlinkException(Errno.EMSGSIZE, $"recv: datagram of {received} bytes > buffer {buffer.Length}");
                }

                if (received >= 0)
                {
                    return (int)received;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EAGAIN && nonBlocking)
                {
                    return 0;
                }

                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException(errno, "recv");
                }
            }
        }
    }

    /// <summary>
    /// Takes up to <c>lengths.Length</c> queued datagrams in one recvmmsg(2), without blocking: datagram
    /// i lands at <c>buffer[i * slotBytes]</c> and its size in <c>lengths[i]</c>. Returns how many
    /// (0 when none is queued). Used to drain thousands of small ACKs with few syscalls.
    /// </summary>
    public int ReceiveMany(Span<byte> buffer, int slotBytes, Span<int> lengths)
    {
        var count = Math.Min(lengths.Length, buffer.Length / slotBytes);
        var vectors = stackalloc Libc.IoVec[count];
        var headers = stackalloc Libc.MMsgHdr[count];
        fixed (byte* data = buffer)
        {
            for (var i = 0; i < count; i++)
            {
                vectors[i] = new Libc.IoVec { Base = data + (i * slotBytes), Length = (nuint)slotBytes };
                headers[i] = new Libc.MMsgHdr { Iov = &vectors[i], IovLength = 1 };
            }

            while (true)
            {
                var received = Libc.RecvMMsg(_handle, headers, (uint)count, Libc.MSG_DONTWAIT, null);
                if (received >= 0)
                {
                    for (var i = 0; i < received; i++)
                    {
                        if ((headers[i].Flags & Libc.MSG_TRUNC) != 0)
                        {
                            throw new NetlinkException(Errno.EMSGSIZE, $"recvmmsg: datagram larger than {slotBytes} bytes");
                        }

                        lengths[i] = (int)headers[i].Length;
                    }

                    return received;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EAGAIN)
                {
                    return 0;
                }

                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException(errno, "recvmmsg");
                }
            }
        }
    }

    /// <summary>Waits until a datagram (or an error such as ENOBUFS) is pending; false on timeout.</summary>
    public bool WaitReadable(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                var remaining = (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
                var poll = new Libc.PollFd { Fd = _handle.Fd, Events = Libc.POLLIN };
                var ready = Libc.Poll(&poll, 1, remaining);
                if (ready > 0)
                {
                    return true;
                }

                if (ready == 0)
                {
                    return false;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException(errno, "poll");
                }
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private static void SetInt(NetlinkSafeHandle handle, int level, int name, int value)
    {
        if (!TrySetInt(handle, level, name, value))
        {
            throw NetlinkException.FromLastError($"setsockopt({level}, {name}, {value})");
        }
    }

    private static bool TrySetInt(NetlinkSafeHandle handle, int level, int name, int value) =>
        Libc.SetSockOpt(handle, level, name, &value, sizeof(int)) == 0;

    private static int GetInt(NetlinkSafeHandle handle, int level, int name)
    {
        int value = 0, length = sizeof(int);
        if (Libc.GetSockOpt(handle, level, name, &value, &length) != 0)
        {
            throw NetlinkException.FromLastError($"getsockopt({level}, {name})");
        }

        return value;
    }
}
