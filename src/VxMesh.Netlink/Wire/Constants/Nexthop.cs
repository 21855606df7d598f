namespace VxMesh.Netlink.Wire;

/// <summary>linux/nexthop.h: NHA_* attributes.</summary>
internal static class Nha
{
    public const ushort NHA_ID = 1;
    public const ushort NHA_GROUP = 2;
    public const ushort NHA_BLACKHOLE = 4;
    public const ushort NHA_OIF = 5;
    public const ushort NHA_GATEWAY = 6;
}
