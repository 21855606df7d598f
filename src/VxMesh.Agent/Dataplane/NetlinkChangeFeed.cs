using System.Collections.Concurrent;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// Listens to rtnetlink notifications (links, addresses, neighbours, FDB, routes, nexthops) in
/// one namespace and keeps those that concern owned state: our device and what lives on it,
/// and routes and nexthops with our protocol. It decides nothing; the reconciler compares
/// each event with its model, so echoes of its own writes are recognised and anything else
/// (a route deleted by hand, the device removed) triggers a repair within one debounce.
/// </summary>
public sealed class NetlinkChangeFeed : IDataplaneFeed
{
    private const byte ScopeLink = 253;
    private readonly RtnlMonitor monitor;
    private readonly object gate = new();
    private string deviceName;
    private string? underlayName;
    private readonly ConcurrentQueue<DataplaneEvent> events = new();
    private readonly Dictionary<int, string> names;
    private readonly Thread reader;
    private volatile bool stopping;
    private int deviceIndex;

    public NetlinkChangeFeed(string? netns, string deviceName)
    {
        this.deviceName = deviceName;
        // Subscribe before reading the link table, so no change falls between the two.
        monitor = netns is null ? RtnlMonitor.Open() : RtnlMonitor.OpenInNamespace(netns);
        using (var rtnl = netns is null ? RtnlClient.Open() : RtnlClient.OpenInNamespace(netns))
        {
            names = rtnl.GetLinks().ToDictionary(l => l.Index, l => l.Name);
        }
        deviceIndex = names.FirstOrDefault(n => n.Value == deviceName).Key;
        reader = new Thread(Read) { IsBackground = true, Name = $"netlink feed {netns ?? "(own namespace)"}" };
        reader.Start();
    }

    public event Action? Changed;

    public void Follow(string device, string? underlay)
    {
        lock (gate)
        {
            deviceName = device;
            underlayName = underlay;
            deviceIndex = names.FirstOrDefault(n => n.Value == device).Key;
        }
    }

    public IReadOnlyList<DataplaneEvent> Drain()
    {
        var drained = new List<DataplaneEvent>();
        while (events.TryDequeue(out var e))
        {
            drained.Add(e);
        }
        return drained;
    }

    private void Read()
    {
        while (!stopping)
        {
            RtnlEvent? e;
            try
            {
                e = monitor.Read(TimeSpan.FromMilliseconds(250));
            }
            catch (Exception) when (stopping)
            {
                return;
            }
            DataplaneEvent? translated;
            lock (gate)
            {
                translated = e is null ? null : Translate(e);
            }
            if (translated is not null)
            {
                events.Enqueue(translated);
                Changed?.Invoke();
            }
        }
    }

    private DataplaneEvent? Translate(RtnlEvent e)
    {
        var added = e.Kind is RtnlEventKind.NewLink or RtnlEventKind.NewAddr or RtnlEventKind.NewNeigh or RtnlEventKind.NewRoute or RtnlEventKind.NewNexthop;
        var kind = added ? DataplaneEventKind.Added : DataplaneEventKind.Removed;
        return e.Subject switch
        {
            RtnlOverrun => DataplaneEvent.Overrun,
            LinkInfo link => Link(kind, link),
            AddressInfo a when a.Index == deviceIndex && a.Scope != ScopeLink =>
                new(kind, new InterfaceAddress(a.Address, a.PrefixLength)),
            NeighborInfo n when n.Index == deviceIndex =>
                new(kind, new ObservedNeighbor(n.Ip, n.Mac, n.IsStatic, n.Protocol == Ownership.RouteProtocol)),
            FdbInfo f when f.Index == deviceIndex && f.IsSelf && f.Dst is not null =>
                new(kind, f.IsExternLearned ? new FdbEntry(f.Mac, f.Dst) : new ForeignFdb(new FdbEntry(f.Mac, f.Dst))),
            NexthopInfo n when n.Protocol == Ownership.RouteProtocol =>
                new(kind, new ObservedNexthop(n.Id, n.Gateway, NameOf(n.Index), n.Onlink, NetlinkObserver.Group(n.Group))),
            RouteInfo r when r.Protocol == Ownership.RouteProtocol =>
                new(kind, new ObservedRoute(r.Destination, r.NexthopId, r.Gateway, NameOf(r.OutIndex), r.Onlink)),
            _ => null,
        };
    }

    /// <summary>Keeps the index → name map current; only our own device's changes are events.</summary>
    private DataplaneEvent? Link(DataplaneEventKind kind, LinkInfo link)
    {
        if (kind == DataplaneEventKind.Removed)
        {
            names.Remove(link.Index);
        }
        else
        {
            names[link.Index] = link.Name;
        }
        if (link.Name == underlayName)
        {
            return new(kind, new UnderlayChanged(link.Name));
        }
        if (link.Name != deviceName)
        {
            return null;
        }
        deviceIndex = kind == DataplaneEventKind.Removed ? 0 : link.Index;
        return new(kind, new ObservedDevice(link.Index, link.Name, link.Kind, link.Vxlan?.Vni ?? 0, link.Vxlan?.Port ?? 0,
            link.Vxlan?.Local, NameOf(link.Vxlan?.UnderlayIndex), link.Vxlan?.Learning ?? false, link.Mac, link.Mtu, link.Up));
    }

    private string? NameOf(int? index) => index is { } i && names.TryGetValue(i, out var name) ? name : null;

    public void Dispose()
    {
        stopping = true;
        reader.Join(TimeSpan.FromSeconds(2));
        monitor.Dispose();
    }
}
