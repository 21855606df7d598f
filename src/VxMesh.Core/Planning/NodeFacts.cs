namespace VxMesh.Core.Planning;

/// <summary>
/// What only the node itself can know, observed by the agent before planning. Keeping it an
/// input (instead of letting the planner look) is what keeps the planner pure.
/// </summary>
/// <param name="UnderlayDev">The device holding the node's underlay address.</param>
/// <param name="UnderlayMtu">That device's MTU.</param>
/// <param name="UnderlaySubnet">The connected subnet of the node's underlay address: peers inside it are
/// one L2 hop away, which is what host-gw needs.</param>
public sealed record NodeFacts(string? UnderlayDev, int? UnderlayMtu, System.Net.IPNetwork? UnderlaySubnet = null)
{
    public static NodeFacts Unknown { get; } = new(null, null);
}
