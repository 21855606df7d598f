using System.Net;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// What makes two nexthop objects interchangeable. Routes reference a nexthop per peer, so
/// a peer's routes move together and a peer change is one nexthop replace (DESIGN.md:
/// routes with distinct gateways slow to ~400/s at 50k; nexthop objects stay ~29k/s).
/// </summary>
public sealed record NexthopKey(IPAddress Gateway, string Device, bool Onlink);
