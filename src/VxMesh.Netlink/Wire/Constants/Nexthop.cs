namespace VxMesh.Netlink.Wire;

/// <summary>linux/nexthop.h: NHA_* attributes.</summary>
internal static class Nha
{
    public const ushort NHA_ID = 1;

    /// <summary>An array of struct nexthop_grp { u32 id; u8 weight; u8 weight_high; u16 resvd2; }, weight stored minus one.</summary>
    public const ushort NHA_GROUP = 2;

    /// <summary>u16: NEXTHOP_GRP_TYPE_MPATH (0, hash-threshold) or NEXTHOP_GRP_TYPE_RES (1, resilient).</summary>
    public const ushort NHA_GROUP_TYPE = 3;
    public const ushort NHA_BLACKHOLE = 4;
    public const ushort NHA_OIF = 5;
    public const ushort NHA_GATEWAY = 6;

    /// <summary>Nested NHA_RES_GROUP_*: a resilient group's bucket table and timers.</summary>
    public const ushort NHA_RES_GROUP = 12;

    public const ushort NEXTHOP_GRP_TYPE_MPATH = 0;
    public const ushort NEXTHOP_GRP_TYPE_RES = 1;

    /// <summary>u16.</summary>
    public const ushort NHA_RES_GROUP_BUCKETS = 1;

    /// <summary>u32 clock_t (USER_HZ, 1/100 s).</summary>
    public const ushort NHA_RES_GROUP_IDLE_TIMER = 2;

    /// <summary>u32 clock_t.</summary>
    public const ushort NHA_RES_GROUP_UNBALANCED_TIMER = 3;

    /// <summary>u64 clock_t, dumps only: how long the group has been unbalanced.</summary>
    public const ushort NHA_RES_GROUP_UNBALANCED_TIME = 4;

    /// <summary>USER_HZ: the unit of clock_t attributes.</summary>
    public const int ClockTicksPerSecond = 100;
}
