using System.Net;

namespace VxMesh.Core.Planning;

/// <summary>
/// Which VXLAN packets a node accepts: UDP to the mesh port only from registered peers'
/// underlay addresses. Without it, anyone who can reach the port and guess the VNI can inject
/// frames into the overlay (VXLAN has no authentication). Kept in sync with membership.
/// </summary>
public sealed record IngressFilter(int Port, Model.ValueList<IPAddress> AllowedSources);
