using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// The VXLAN ingress filter: our nftables table, and its set of peers' underlay addresses keyed by
/// address. Membership changes move set elements (one netlink transaction per pass, no process);
/// a missing or foreign-shaped table (another port, another family, not our rule) is replaced whole.
/// A removal the kernel answers "not found" fails the whole transaction and means the view is wrong,
/// so the table is read again before the next pass instead of retrying blindly. The inner side's sets
/// are <see cref="Inner"/>; a table without the inner chain for our device counts as foreign-shaped.
/// </summary>
internal sealed class IngressTable
{
    private readonly DeltaTracker<IpKey, byte> tracker = new();
    private readonly Dictionary<IpKey, int> wanted = [];
    private int port;
    private string? device;
    private bool tableMatches;

    public DeltaTracker<IpKey, byte> Tracker => tracker;

    /// <summary>True when the view may be wrong (a removal failed): the reconciler re-reads the table.</summary>
    public bool NeedsObserve => outerNeedsObserve || Inner.NeedsObserve;

    private bool outerNeedsObserve;

    public InnerSourceTable Inner { get; } = new();

    public bool IsPending => !tableMatches || tracker.Pending.Count > 0 || Inner.IsPending;

    public IngressFilter? Observed { get; private set; }

    public void SetPort(int meshPort) => SetShape(meshPort, device);

    /// <summary>The port the outer rule guards and the device the inner rules watch; a change replaces the table.</summary>
    public void SetShape(int meshPort, string? meshDevice)
    {
        if (meshPort != port || meshDevice != device)
        {
            port = meshPort;
            device = meshDevice;
            tableMatches = Observed is { } table && Fits(table);
        }
    }

    public void Want(System.Net.IPAddress source)
    {
        var key = IpKey.Of(source);
        wanted[key] = wanted.GetValueOrDefault(key) + 1;
        tracker.SetDesired(key, 0);
    }

    public void Unwant(System.Net.IPAddress source)
    {
        var key = IpKey.Of(source);
        if (!wanted.TryGetValue(key, out var count))
        {
            return;
        }
        if (count > 1)
        {
            wanted[key] = count - 1;
            return;
        }
        wanted.Remove(key);
        tracker.RemoveDesired(key);
    }

    public void WantAll(IngressFilter filter, IEnumerable<PeerPlan> peers)
    {
        SetShape(filter.Port, filter.Device);
        Inner.WantAll(filter, peers);
        wanted.Clear();
        foreach (var ip in filter.AllowedSources)
        {
            var key = IpKey.Of(ip);
            wanted[key] = wanted.GetValueOrDefault(key) + 1;
        }
        tracker.ReplaceDesired(wanted.ToDictionary(w => w.Key, _ => (byte)0));
    }

    public void Load(IngressFilter? observed)
    {
        Observed = observed;
        outerNeedsObserve = false;
        Inner.Load(observed);
        tableMatches = observed is not null && Fits(observed);
        tracker.ReplaceDataplane(observed is null ? [] : observed.AllowedSources.ToDictionary(IpKey.Of, _ => (byte)0));
    }

    /// <summary>Ours, on our port, and of the family we admit (an IPv4 set cannot hold IPv6 peers).</summary>
    private bool Fits(IngressFilter table) =>
        table.Port == port
        && table.Device == device
        && (table.AllowedSources.Count == 0 || tracker.Desired.Count == 0
            || table.AllowedSources[0].AddressFamily == tracker.Desired.Keys.First().ToAddress().AddressFamily);

    public void Collect(DateTimeOffset now, OpBatch batch)
    {
        if (!tableMatches)
        {
            if (tracker.Retries.IsDue(default, now))
            {
                batch.Upserts.Insert(0, new ReplaceIngressFilter(Desired()));
            }
            return;
        }
        var added = new List<IpKey>();
        var gone = new List<IpKey>();
        foreach (var key in tracker.Pending)
        {
            if (tracker.Retries.IsDue(key, now))
            {
                (tracker.Desired.ContainsKey(key) ? added : gone).Add(key);
            }
        }
        if (gone.Count > 0)
        {
            batch.Deletes.Add(new RemoveIngressSources(Sorted(gone)));
        }
        if (added.Count > 0)
        {
            // First among the upserts: a joining peer's VXLAN is accepted before routes make it reachable.
            batch.Upserts.Insert(0, new AddIngressSources(Sorted(added)));
        }
        if (device is not null)
        {
            Inner.Collect(now, batch);
        }
    }

    private IngressFilter Desired() => new(port, Sorted(tracker.Desired.Keys)) { Device = device, InnerSources = device is null ? ValueList<System.Net.IPNetwork>.Empty : Inner.Sorted() };

    private static ValueList<System.Net.IPAddress> Sorted(IEnumerable<IpKey> keys) => keys.Order().Select(k => k.ToAddress()).ToValueList();

    public void Record(OpResult result, DateTimeOffset now, RetryPolicy policy)
    {
        switch (result.Op)
        {
            case ReplaceIngressFilter f when result.Ok:
                Load(f.Filter);
                break;
            case AddIngressSources a when result.Ok:
                foreach (var ip in a.Sources)
                {
                    tracker.SetDataplane(IpKey.Of(ip), 0);
                }
                break;
            case RemoveIngressSources r when result.Ok:
                foreach (var ip in r.Sources)
                {
                    tracker.RemoveDataplane(IpKey.Of(ip));
                }
                break;
            case ReplaceIngressFilter:
                tracker.Retries.Failed(default, now, policy);
                break;
            case AddIngressSources a:
                foreach (var ip in a.Sources)
                {
                    tracker.Retries.Failed(IpKey.Of(ip), now, policy);
                }
                break;
            case RemoveIngressSources:
                outerNeedsObserve = true;
                break;
            case ChangeInnerSources c:
                Inner.Record(c, result.Ok, now, policy);
                break;
            case DeleteIngressFilter when result.Ok:
                Load(null);
                break;
        }
    }

    public DateTimeOffset? EarliestRetry => new[] { tracker.Retries.Earliest(), Inner.Tracker.Retries.Earliest() }.Where(t => t is not null).Min();
}
