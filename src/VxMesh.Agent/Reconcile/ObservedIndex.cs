using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// The reconciler's model of the dataplane, keyed like the kernel keys it. Built from a full
/// observation (a resync) and then kept current by recording every op the kernel accepted, so
/// a one-peer change costs a few dictionary operations instead of re-dumping 40,000 entries.
/// Anything that may make it wrong — a failed op, a device change, a foreign change — makes the
/// next pass resync, which rebuilds it from the kernel (felix's dataplane map works the same way).
/// Every operation here is O(1) in the number of peers.
/// </summary>
public sealed partial class ObservedIndex
{
    private readonly Dictionary<PhysicalAddress, HashSet<IPAddress>> fdb = [];
    private readonly Dictionary<uint, HashSet<IPNetwork>> routesByNexthop = [];

    /// <summary>The device name this model was observed for; a different planned name means resync.</summary>
    public string DeviceName { get; private init; } = "";

    public ObservedDevice? Device { get; private init; }

    /// <summary>Our nftables table as last seen or written; null when absent.</summary>
    public IngressFilter? Ingress { get; private set; }

    public HashSet<InterfaceAddress> Addresses { get; } = [];

    public Dictionary<IPAddress, ObservedNeighbor> Neighbors { get; } = [];

    public Dictionary<uint, ObservedNexthop> Nexthops { get; } = [];

    /// <summary>Every nexthop id in the namespace, ours or not, so allocation never collides (shared with subsets).</summary>
    public HashSet<uint> NexthopIdsInUse { get; private init; } = [];

    public Dictionary<IPNetwork, ObservedRoute> Routes { get; } = [];

    /// <summary>Each (MAC, destination) remote; a MAC may have several on a VXLAN device.</summary>
    public IEnumerable<FdbEntry> Fdb => fdb.SelectMany(e => e.Value.Select(dst => new FdbEntry(e.Key, dst)));

    public bool HasFdb(FdbEntry entry) => fdb.TryGetValue(entry.Mac, out var dsts) && dsts.Contains(entry.Destination);

    public static ObservedIndex From(ObservedState state, string deviceName = "")
    {
        var index = new ObservedIndex { Device = state.Device, DeviceName = deviceName, Ingress = state.Ingress };
        index.Addresses.UnionWith(state.Addresses);
        foreach (var n in state.Neighbors)
        {
            index.Neighbors[n.Ip] = n;
        }
        foreach (var f in state.Fdb)
        {
            index.AddFdb(f.Mac, f.Destination);
        }
        foreach (var n in state.Nexthops)
        {
            index.Nexthops[n.Id] = n;
        }
        index.NexthopIdsInUse.UnionWith(state.NexthopIdsInUse);
        foreach (var r in state.Routes)
        {
            index.SetRoute(r);
        }
        return index;
    }

    /// <summary>
    /// The model restricted to the keys a plan change touched: their neighbours, FDB entries,
    /// routes, and the nexthop objects those routes use or whose gateway is involved. Diffing
    /// the changed entries against this view gives exactly the ops a full diff would, without
    /// visiting the other peers. The id set stays shared so allocation still sees every id.
    /// </summary>
    public ObservedIndex Subset(PlanScope scope)
    {
        var view = new ObservedIndex { Device = Device, DeviceName = DeviceName, Ingress = Ingress, NexthopIdsInUse = NexthopIdsInUse };
        view.Addresses.UnionWith(Addresses);
        foreach (var ip in scope.NeighborIps)
        {
            if (Neighbors.TryGetValue(ip, out var n))
            {
                view.Neighbors[ip] = n;
            }
        }
        foreach (var mac in scope.FdbMacs)
        {
            if (fdb.TryGetValue(mac, out var dsts))
            {
                view.fdb[mac] = [.. dsts];
            }
        }
        foreach (var destination in scope.RouteDestinations)
        {
            if (Routes.TryGetValue(destination, out var r))
            {
                view.SetRoute(r);
                if (r.NexthopId is { } id && Nexthops.TryGetValue(id, out var used))
                {
                    view.Nexthops[id] = used;
                }
            }
        }
        foreach (var nh in Nexthops.Values.Where(n => n.Gateway is not null && scope.Gateways.Contains(n.Gateway)))
        {
            view.Nexthops[nh.Id] = nh;
        }
        return view;
    }

    /// <summary>Records the effect of an op the kernel accepted. Device ops are not recorded: they force a re-observe.</summary>
    public void Record(DataplaneOp op)
    {
        switch (op)
        {
            case ReplaceAddress a: Addresses.Add(a.Address); break;
            case DeleteAddress a: Addresses.Remove(a.Address); break;
            case ReplaceNeighbor n: Neighbors[n.Ip] = new ObservedNeighbor(n.Ip, n.Mac, Permanent: true); break;
            case DeleteNeighbor n: Neighbors.Remove(n.Ip); break;
            case ReplaceFdb f: ReplaceFdbRemote(f.Mac, f.Destination); break;
            case DeleteFdb f: RemoveFdb(f.Mac, f.Destination); break;
            case ReplaceNexthop n:
                Nexthops[n.Id] = new ObservedNexthop(n.Id, n.Gateway, n.Device, n.Onlink);
                NexthopIdsInUse.Add(n.Id);
                break;
            case DeleteNexthop n: RemoveNexthop(n.Id); break;
            case ReplaceRoute r:
                var nh = Nexthops.GetValueOrDefault(r.NexthopId);
                SetRoute(new ObservedRoute(r.Destination, r.NexthopId, nh?.Gateway, nh?.Device, nh?.Onlink ?? false));
                break;
            case DeleteRoute r: RemoveRoute(r.Destination); break;
            case ReplaceIngressFilter f: Ingress = f.Filter; break;
            case AddIngressSources a when Ingress is { } filter:
                Ingress = filter with { AllowedSources = MergeSorted(filter.AllowedSources, a.Sources) };
                break;
            case RemoveIngressSources r when Ingress is { } filter:
                var removed = r.Sources.ToHashSet();
                Ingress = filter with { AllowedSources = filter.AllowedSources.Where(ip => !removed.Contains(ip)).ToValueList() };
                break;
            case DeleteIngressFilter: Ingress = null; break;
            default: throw new ArgumentException($"device ops are re-observed, not recorded: {op}", nameof(op));
        }
    }

    /// <summary>Two address lists sorted by <see cref="AddressOrder"/>, merged in O(n) without duplicates.</summary>
    private static ValueList<IPAddress> MergeSorted(ValueList<IPAddress> a, ValueList<IPAddress> b)
    {
        var merged = new List<IPAddress>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var c = i == a.Count ? 1 : j == b.Count ? -1 : AddressOrder.Key(a[i]).CompareTo(AddressOrder.Key(b[j]));
            var next = c <= 0 ? a[i++] : b[j++];
            if (c == 0)
            {
                j++;
            }
            merged.Add(next);
        }
        return merged.ToValueList();
    }

    private void AddFdb(PhysicalAddress mac, IPAddress destination)
    {
        if (!fdb.TryGetValue(mac, out var dsts))
        {
            fdb[mac] = dsts = [];
        }
        dsts.Add(destination);
    }

    /// <summary>
    /// `bridge fdb replace` on VXLAN rewrites the MAC's first remote. With one remote that is
    /// exact; with several the dump does not say which is first, so the new one is added and the
    /// reconciler's cleanup deletes the others (the kernel answers a delete of the rewritten one with success).
    /// </summary>
    private void ReplaceFdbRemote(PhysicalAddress mac, IPAddress destination)
    {
        if (fdb.TryGetValue(mac, out var dsts) && dsts.Count == 1)
        {
            dsts.Clear();
        }
        AddFdb(mac, destination);
    }

    private void RemoveFdb(PhysicalAddress mac, IPAddress destination)
    {
        if (fdb.TryGetValue(mac, out var dsts) && dsts.Remove(destination) && dsts.Count == 0)
        {
            fdb.Remove(mac);
        }
    }

    private void SetRoute(ObservedRoute route)
    {
        RemoveRoute(route.Destination);
        Routes[route.Destination] = route;
        if (route.NexthopId is { } id)
        {
            if (!routesByNexthop.TryGetValue(id, out var users))
            {
                routesByNexthop[id] = users = [];
            }
            users.Add(route.Destination);
        }
    }

    private void RemoveRoute(IPNetwork destination)
    {
        if (Routes.Remove(destination, out var old) && old.NexthopId is { } id && routesByNexthop.TryGetValue(id, out var users))
        {
            users.Remove(destination);
        }
    }

    /// <summary>The kernel deletes the routes that used a deleted nexthop object; so does the model.</summary>
    private void RemoveNexthop(uint id)
    {
        Nexthops.Remove(id);
        NexthopIdsInUse.Remove(id);
        if (routesByNexthop.Remove(id, out var users))
        {
            foreach (var destination in users)
            {
                Routes.Remove(destination);
            }
        }
    }
}
