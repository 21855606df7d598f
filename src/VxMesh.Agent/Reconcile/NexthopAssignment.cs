using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// Maps each peer gateway to a nexthop object id. Existing objects with our protocol are
/// adopted (so a restarted agent changes nothing); new ones get the lowest free id at or
/// above <see cref="Ownership.NexthopIdBase"/>, avoiding ids anyone else uses. Allocation
/// walks gateways in sorted order, so the same observed state always yields the same ids.
/// </summary>
public sealed class NexthopAssignment
{
    private readonly Dictionary<NexthopKey, uint> ids;

    private NexthopAssignment(Dictionary<NexthopKey, uint> ids, IReadOnlyList<(NexthopKey, uint)> create, IReadOnlyList<uint> obsolete)
    {
        this.ids = ids;
        Create = create.Select(c => new NexthopCreation(c.Item1, c.Item2)).ToList();
        Obsolete = obsolete;
    }

    /// <summary>Objects to create (or re-create with the same id), in id order.</summary>
    public IReadOnlyList<NexthopCreation> Create { get; }

    /// <summary>Our objects no route needs any more (or duplicates of a kept one).</summary>
    public IReadOnlyList<uint> Obsolete { get; }

    public uint IdFor(RouteEntry route) => ids[KeyOf(route)];

    public static NexthopKey KeyOf(RouteEntry route) => new(route.Gateway, route.Device, route.Onlink);

    public static NexthopAssignment Assign(IEnumerable<RouteEntry> routes, ObservedState observed) =>
        Assign(routes, ObservedIndex.From(observed));

    public static NexthopAssignment Assign(IEnumerable<RouteEntry> routes, ObservedIndex observed)
    {
        var wanted = routes.Select(KeyOf).ToHashSet();
        var adopted = new Dictionary<NexthopKey, uint>();
        var obsolete = new List<uint>();
        foreach (var nh in observed.Nexthops.Values)
        {
            var key = nh.Gateway is null || nh.Device is null ? null : new NexthopKey(nh.Gateway, nh.Device, nh.Onlink);
            if (key is null || !wanted.Contains(key))
            {
                obsolete.Add(nh.Id);
            }
            else if (adopted.TryGetValue(key, out var kept))
            {
                // Two of ours for one gateway (a crash mid-change): keep the lower id, drop the other.
                adopted[key] = Math.Min(kept, nh.Id);
                obsolete.Add(Math.Max(kept, nh.Id));
            }
            else
            {
                adopted[key] = nh.Id;
            }
        }

        // Only new gateways need ids; ordering them makes allocation independent of hash order.
        var create = new List<(NexthopKey, uint)>();
        var next = Ownership.NexthopIdBase;
        foreach (var key in wanted.Where(k => !adopted.ContainsKey(k))
                     .OrderBy(k => AddressOrder.Key(k.Gateway)).ThenBy(k => k.Device, StringComparer.Ordinal))
        {
            while (observed.NexthopIdsInUse.Contains(next))
            {
                next++;
            }
            adopted[key] = next;
            create.Add((key, next++));
        }
        obsolete.Sort();
        return new NexthopAssignment(adopted, create, obsolete);
    }
}

public sealed record NexthopCreation(NexthopKey Key, uint Id);
