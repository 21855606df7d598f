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

    /// <summary>
    /// The mark on the mesh VXLAN device (IFLA_IFALIAS, what <c>ip link set DEV alias vxmesh</c> sets). A device
    /// of the mesh's name without it is someone else's: never deleted, recreated or programmed through
    /// (except an older agent's unmarked device that matches the plan exactly, which is adopted and marked).
    /// Fixed rather than naming the cluster or node: one agent per namespace owns the device, and a renamed
    /// node must not turn its own device into a stranger's.
    /// </summary>
    public const string DeviceAlias = "vxmesh";

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
