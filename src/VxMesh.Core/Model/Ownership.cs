namespace VxMesh.Core.Model;

/// <summary>
/// What marks kernel state as VxMesh's. Routes and nexthop objects carry a private route
/// protocol number (Calico felix regrets not picking one on day one): start-up can adopt
/// them, uninstall can find them, and nothing with another protocol is ever touched.
/// 118 (0x76, 'v') is not assigned in /etc/iproute2/rt_protos.
/// </summary>
public static class Ownership
{
    public const byte RouteProtocol = 118;

    /// <summary>Nexthop ids VxMesh allocates start here, away from the small ids people type by hand.</summary>
    public const uint NexthopIdBase = 0x7600_0000;

    /// <summary>
    /// Nexthop group ids (one per remote cluster's service ranges) come from the top 1/16 of the range,
    /// by cluster name; per-peer ids are allocated below it and never enter it.
    /// </summary>
    public const uint GroupIdBase = 0x76F0_0000;

    public const uint GroupIdCount = 0x0010_0000;

    public static bool IsGroupId(uint id) => id - GroupIdBase < GroupIdCount;
}
