using System.Runtime.InteropServices;
using VxMesh.Netlink.Interop;

namespace VxMesh.Netlink;

// Creating, configuring and binding the socket.
public sealed unsafe partial class NetlinkSocket
{
    // linux/netlink.h socket options (level SOL_NETLINK).
    private const int SOL_NETLINK = 270;
    private const int NETLINK_ADD_MEMBERSHIP = 1;
    private const int NETLINK_CAP_ACK = 10;
    private const int NETLINK_EXT_ACK = 11;
    private const int NETLINK_GET_STRICT_CHK = 12;

    /// <summary>Opens, configures and binds a socket in the calling thread's network namespace.</summary>
    public static NetlinkSocket Open(NetlinkSocketOptions? options = null)
    {
        options ??= NetlinkSocketOptions.Request;
        var handle = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, options.Protocol);
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
