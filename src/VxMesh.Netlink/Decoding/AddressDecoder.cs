using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Decoding;

/// <summary>RTM_NEWADDR / RTM_DELADDR → <see cref="AddressInfo"/>.</summary>
internal static class AddressDecoder
{
    public static AddressInfo? Decode(in NetlinkMessage message)
    {
        var header = message.ReadFamilyHeader<IfAddrMsg>();
        IPAddress? local = null, address = null;
        foreach (var attribute in message.Attributes<IfAddrMsg>())
        {
            switch (attribute.Type)
            {
                case Ifa.IFA_LOCAL: local = attribute.AsAddress(); break;
                case Ifa.IFA_ADDRESS: address = attribute.AsAddress(); break;
            }
        }

        // IPv4 puts our own address in IFA_LOCAL (IFA_ADDRESS is the peer on point-to-point links);
        // IPv6 sends only IFA_ADDRESS unless a peer is configured.
        var chosen = local ?? address;
        return chosen is null
            ? null
            : new AddressInfo(header.Index, Af.FromNative(header.Family), chosen, header.PrefixLength, header.Scope);
    }
}
