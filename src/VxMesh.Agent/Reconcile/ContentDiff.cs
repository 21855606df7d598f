using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// The second phase of a reconcile, a delta tracker in the manner of Calico felix: desired
/// and observed maps keyed like the kernel keys them, then deletes, upserts, cleanups.
///
/// The device's address is settled before this (see <see cref="AddressDiff"/>).
///
/// 1. Deletes of what is no longer wanted at all: routes, then FDB entries and neighbours
///    of departed peers.
/// 2. Upserts: the VXLAN ingress filter's new peers (so a joining peer is accepted before it is routed),
///    then flannel's order, ARP → FDB → nexthops → routes: by the time a
///    route makes a peer reachable the kernel can already build the inner MAC header (ARP)
///    and the outer destination (FDB), so nothing is sent toward an unresolved neighbour.
///    Everything is replace, never blind add, so changed entries are rewritten in place
///    (no delete-then-add gap) and a retry after a partial failure is harmless.
/// 3. Cleanups that must wait for the upserts: nexthop objects no route references any
///    more (deleting one still in use would take its routes with it), and extra FDB
///    remotes of a peer whose underlay address moved (the replace rewrote the first one;
///    the kernel answers a delete of a remote that is no longer there with success).
///
/// Ownership: on our device, permanent neighbours and FDB entries are ours;
/// elsewhere only routes and nexthops with our protocol (the observer filters them).
/// Dynamic neighbours the kernel created are left to age out.
/// </summary>
public static class ContentDiff
{
    public static IReadOnlyList<DataplaneOp> Plan(NodeState desired, ObservedState observed) =>
        Plan(desired, ObservedIndex.From(observed));

    /// <param name="scope">When the plan changed only for some peers: the ingress filter is then checked for their addresses only.</param>
    public static IReadOnlyList<DataplaneOp> Plan(NodeState desired, ObservedIndex observed, PlanScope? scope = null)
    {
        var dev = desired.Device.Name;
        var nexthops = NexthopAssignment.Assign(desired.Routes, observed);
        var wantRoutes = desired.Routes.Select(r => r.Destination).ToHashSet();
        var wantFdb = desired.Fdb.ToDictionary(f => f.Mac);
        var wantNeighbors = desired.Neighbors.Select(n => n.Ip).ToHashSet();

        var deletes = new List<DataplaneOp>();
        deletes.AddRange(observed.Routes.Keys.Where(d => !wantRoutes.Contains(d)).Select(d => new DeleteRoute(d)));
        deletes.AddRange(observed.Fdb.Where(f => !wantFdb.ContainsKey(f.Mac)).Select(f => new DeleteFdb(dev, f.Mac, f.Destination)));
        deletes.AddRange(observed.Neighbors.Values.Where(n => n.Permanent && !wantNeighbors.Contains(n.Ip)).Select(n => new DeleteNeighbor(dev, n.Ip)));

        var upserts = new List<DataplaneOp>();
        IngressChanges(desired.Ingress, observed.Ingress, scope?.Sources, deletes, upserts);
        upserts.AddRange(desired.Neighbors
            .Where(n => !observed.Neighbors.TryGetValue(n.Ip, out var have) || !have.Permanent || !Equals(have.Mac, n.Mac))
            .Select(n => new ReplaceNeighbor(dev, n.Ip, n.Mac)));
        upserts.AddRange(desired.Fdb.Where(f => !observed.HasFdb(f)).Select(f => new ReplaceFdb(dev, f.Mac, f.Destination)));
        upserts.AddRange(nexthops.Create.Select(c => new ReplaceNexthop(c.Id, c.Key.Gateway, c.Key.Device, c.Key.Onlink)));
        upserts.AddRange(desired.Routes
            .Where(r => !observed.Routes.TryGetValue(r.Destination, out var have) || have.NexthopId != nexthops.IdFor(r))
            .Select(r => new ReplaceRoute(r.Destination, nexthops.IdFor(r))));

        var cleanups = new List<DataplaneOp>();
        cleanups.AddRange(observed.Fdb
            .Where(f => wantFdb.TryGetValue(f.Mac, out var want) && !Equals(want.Destination, f.Destination))
            .Select(f => new DeleteFdb(dev, f.Mac, f.Destination)));
        cleanups.AddRange(nexthops.Obsolete.Select(id => new DeleteNexthop(id)));

        return [.. deletes, .. upserts, .. cleanups];
    }

    /// <summary>
    /// Membership changes move set elements (a netlink message, no process); a missing or foreign-shaped
    /// table (port 0, another port, another family) is replaced whole with nft. Additions go first among
    /// the upserts, so a joining peer's VXLAN is accepted before routes make it reachable.
    /// </summary>
    private static void IngressChanges(IngressFilter desired, IngressFilter? observed, IReadOnlySet<System.Net.IPAddress>? touched,
        List<DataplaneOp> deletes, List<DataplaneOp> upserts)
    {
        if (observed is null || observed.Port != desired.Port || !SameFamily(observed, desired))
        {
            upserts.Add(new ReplaceIngressFilter(desired));
            return;
        }
        // Both lists are sorted: with a scope, look up only the touched addresses (O(k log n)).
        bool Wanted(System.Net.IPAddress ip) => AddressOrder.SortedContains(desired.AllowedSources, ip);
        bool Held(System.Net.IPAddress ip) => AddressOrder.SortedContains(observed.AllowedSources, ip);
        var candidates = touched is null ? observed.AllowedSources.Concat(desired.AllowedSources).Distinct() : touched;
        var gone = candidates.Where(ip => Held(ip) && !Wanted(ip)).OrderBy(AddressOrder.Key).ToValueList();
        var added = candidates.Where(ip => Wanted(ip) && !Held(ip)).OrderBy(AddressOrder.Key).ToValueList();
        if (gone.Count > 0)
        {
            deletes.Add(new RemoveIngressSources(gone));
        }
        if (added.Count > 0)
        {
            upserts.Add(new AddIngressSources(added));
        }
    }

    private static bool SameFamily(IngressFilter a, IngressFilter b) =>
        a.AllowedSources.Count == 0 || b.AllowedSources.Count == 0
        || a.AllowedSources[0].AddressFamily == b.AllowedSources[0].AddressFamily;
}
