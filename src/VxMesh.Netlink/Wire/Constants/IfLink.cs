namespace VxMesh.Netlink.Wire;

/// <summary>linux/if_link.h (IFLA_*, IFLA_INFO_*, IFLA_VXLAN_*) and linux/if.h (IFF_UP).</summary>
internal static class Ifla
{
    public const uint IFF_UP = 0x1;

    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_IFALIAS = 20; // NUL-terminated string, at most IFALIASZ - 1 bytes
    public const ushort IFLA_EXT_MASK = 29;

    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;

    public const ushort IFLA_VXLAN_ID = 1;
    public const ushort IFLA_VXLAN_LINK = 3;
    public const ushort IFLA_VXLAN_LOCAL = 4;
    public const ushort IFLA_VXLAN_LEARNING = 7;
    public const ushort IFLA_VXLAN_PORT = 15; // __be16
    public const ushort IFLA_VXLAN_LOCAL6 = 17;

    /// <summary>IFNAMSIZ minus the terminating NUL.</summary>
    public const int MaxNameLength = 15;

    /// <summary>IFALIASZ (256) minus the terminating NUL.</summary>
    public const int MaxAliasLength = 255;
}
