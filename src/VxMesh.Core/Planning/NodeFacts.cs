namespace VxMesh.Core.Planning;

/// <summary>
/// What only the node itself can know, observed by the agent before planning. Keeping it an
/// input (instead of letting the planner look) is what keeps the planner pure.
/// </summary>
/// <param name="UnderlayDev">The device holding the node's underlay address.</param>
/// <param name="UnderlayMtu">That device's MTU.</param>
public sealed record NodeFacts(string? UnderlayDev, int? UnderlayMtu)
{
    public static NodeFacts Unknown { get; } = new(null, null);
}
