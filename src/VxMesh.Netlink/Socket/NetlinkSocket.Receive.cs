using System.Runtime.InteropServices;
using VxMesh.Netlink.Interop;

namespace VxMesh.Netlink;

// Receiving: one datagram, many at once (recvmmsg), or waiting for one (poll).
public sealed unsafe partial class NetlinkSocket
{
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

    /// <summary>
    /// Waits until a datagram (or an error such as ENOBUFS) is pending; false on timeout.
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public bool WaitReadable(TimeSpan timeout)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                var remaining = infinite ? -1 : (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
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
}
