using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

public static partial class RtnlRequest
{
    /// <summary>
    /// <c>ip addr replace A/P dev D</c>. RTM_NEWADDR, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_REPLACE, with
    /// IFA_LOCAL and IFA_ADDRESS both A and no IFA_BROADCAST, so the result equals <c>ip addr add A/P dev D</c>.
    /// </summary>
    public static NetlinkRequest ReplaceAddress(int index, IPAddress address, int prefixLength) =>
        Address(Rtm.RTM_NEWADDR, CreateOrReplace, index, address, prefixLength);

    /// <summary>
    /// <c>ip addr del A/P dev D</c>. RTM_DELADDR, NLM_F_REQUEST. Absent IPv4 address: EADDRNOTAVAIL.
    /// </summary>
    public static NetlinkRequest DeleteAddress(int index, IPAddress address, int prefixLength) =>
        Address(Rtm.RTM_DELADDR, Request, index, address, prefixLength);

    private static NetlinkRequest Address(ushort type, ushort flags, int index, IPAddress address, int prefixLength)
    {
        var maxPrefix = address.GetAddressBytes().Length * 8;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, maxPrefix);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        var header = new IfAddrMsg
        {
            Family = Af.ToNative(address.AddressFamily),
            PrefixLength = (byte)prefixLength,
            Index = index,
        };
        var writer = Start(type, flags, header);
        writer.AddAddress(Ifa.IFA_LOCAL, address);
        writer.AddAddress(Ifa.IFA_ADDRESS, address);
        return Finish(writer);
    }
}
