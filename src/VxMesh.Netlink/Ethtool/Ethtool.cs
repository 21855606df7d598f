using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using VxMesh.Netlink.Interop;

namespace VxMesh.Netlink;

/// <summary>
/// TX checksum offload on a device, the equivalent of <c>ethtool -K DEV tx off</c>, which on a
/// VXLAN device clears tx-checksum-ip-generic (NETIF_F_HW_CSUM). VXLAN with checksum offload
/// behind NAT can emit packets with bad inner checksums that stall connections (flannel #1279,
/// calico #3145); turning it off makes the kernel checksum in software.
/// Uses the legacy ETHTOOL_STXCSUM ioctl: one fixed-size struct, no string-set lookup, and the
/// kernel maps it onto the same feature bits the ethtool netlink API would change.
/// </summary>
public static class Ethtool
{
    private const uint ETHTOOL_GTXCSUM = 0x16;
    private const uint ETHTOOL_STXCSUM = 0x17;

    /// <summary>Sets TX checksumming on <paramref name="device"/> in <paramref name="netns"/> (null: the current namespace).</summary>
    public static void SetTxChecksum(string? netns, string device, bool enabled) =>
        Run(netns, device, ETHTOOL_STXCSUM, enabled ? 1u : 0u);

    /// <summary>Whether TX checksumming is on (<c>ethtool -k DEV | grep tx-checksumming</c>).</summary>
    public static bool GetTxChecksum(string? netns, string device) => Run(netns, device, ETHTOOL_GTXCSUM, 0) != 0;

    private static uint Run(string? netns, string device, uint command, uint value) =>
        netns is null ? Call(device, command, value) : Netns.RunIn(netns, () => Call(device, command, value));

    /// <summary>struct ifreq { char ifr_name[16]; void* ifr_data; … } pointing at struct ethtool_value { u32 cmd; u32 data; }.</summary>
    private static unsafe uint Call(string device, uint command, uint value)
    {
        var name = Encoding.ASCII.GetBytes(device);
        if (name.Length > 15)
        {
            throw new ArgumentException($"interface name '{device}' is longer than 15 bytes", nameof(device));
        }
        // A socket of any family works for SIOCETHTOOL; it resolves the name in the socket's namespace.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var ethtoolValue = stackalloc uint[2] { command, value };
        var ifreq = stackalloc byte[40];
        new Span<byte>(ifreq, 40).Clear();
        name.CopyTo(new Span<byte>(ifreq, 16));
        *(uint**)(ifreq + 16) = ethtoolValue;
        if (Libc.Ioctl(socket.SafeHandle, Libc.SIOCETHTOOL, ifreq) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new NetlinkException(errno, $"ethtool {(command == ETHTOOL_STXCSUM ? "-K" : "-k")} {device}", null);
        }
        return ethtoolValue[1];
    }
}
