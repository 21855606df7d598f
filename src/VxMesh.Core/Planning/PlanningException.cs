namespace VxMesh.Core.Planning;

/// <summary>The inventory cannot be planned for this node as written (e.g. host-gw to a peer that is
/// not on the node's L2 subnet). An operator must change the inventory; retrying changes nothing.</summary>
public sealed class PlanningException(string message) : Exception(message);
