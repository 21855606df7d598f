using System.Net;

namespace VxMesh.Core.Addressing;

/// <summary>
/// Default VTEP address for a node that does not set one: the vtepCidr's network part with the
/// underlay address's host part, so 192.168.0.21 becomes 179.17.1.21 in 179.17.1.0/24.
/// <para>
/// This is the numbering the original article planned by hand. It keeps VTEP addresses
/// readable (an operator can tell which node owns one at a glance) and, like the MAC, depends
/// only on the node itself, so adding or removing nodes never renumbers the others. When the
/// underlay host parts collide inside the vtepCidr, or land on the network or all-ones address,
/// there is no good automatic answer: the result is null or a collision, and the validator asks
/// for an explicit vtepIp instead of silently picking some other free address.
/// </para>
/// </summary>
public static class VtepIpDerivation
{
    public static IPAddress? Derive(IPNetwork vtepCidr, IPAddress nodeIp)
    {
        ArgumentNullException.ThrowIfNull(nodeIp);
        var family = vtepCidr.BaseAddress.AddressFamily;
        if (nodeIp.AddressFamily != family)
        {
            return null;
        }
        var hostMask = IpMath.HostMask(vtepCidr.PrefixLength, family);
        var network = IpMath.ToInteger(vtepCidr.BaseAddress) & ~hostMask;
        var host = IpMath.ToInteger(nodeIp) & hostMask;
        // Host part 0 is the network address, all ones the broadcast (or IPv6 all-ones) address;
        // neither can be a device address. With fewer than two host bits nothing is left at all.
        if (host == 0 || host == hostMask)
        {
            return null;
        }
        return IpMath.FromInteger(network | host, family);
    }
}
