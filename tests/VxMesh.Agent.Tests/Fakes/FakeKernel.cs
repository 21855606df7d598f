using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>
/// An in-memory network namespace that behaves like Linux where the reconciler can tell:
/// replace semantics, errno on missing objects (ENOENT for neighbours, FDB and nexthops,
/// ESRCH for IPv4 routes, ENODEV for links, EADDRNOTAVAIL for addresses), and the kernel's
/// own side effects — deleting a nexthop deletes the routes using it; a device going down
/// or away takes its neighbours, nexthops and routes along (and, when deleted, its addresses
/// and FDB); a MAC change or the loss of the last IPv4 address flushes its ARP entries; a
/// nexthop needs its device up and, unless onlink, its gateway inside a connected subnet.
/// Tests may call the kernel operations directly to cause drift the way `ip` would.
/// This file holds the state, seeding and queries; the operations live in the partial files.
/// </summary>
public sealed partial class FakeKernel
{
    private readonly Dictionary<string, KernelLink> links = new(StringComparer.Ordinal);
    private readonly List<KernelAddress> addresses = [];
    private readonly List<KernelNeighbor> neighbors = [];
    private readonly List<KernelFdb> fdb = [];
    private readonly SortedDictionary<uint, KernelNexthop> nexthops = [];
    private readonly Dictionary<IPNetwork, KernelRoute> routes = [];
    private int nextIndex = 1;

    public KernelLink? Link(string name) => links.GetValueOrDefault(name);

    public IReadOnlyList<KernelLink> Links => [.. links.Values.OrderBy(l => l.Index)];

    public IReadOnlyList<InterfaceAddress> AddressesOn(string device) => [.. addresses.Where(a => a.Device == device).Select(a => a.Address)];

    public IReadOnlyList<KernelNeighbor> NeighborsOn(string device) => [.. neighbors.Where(n => n.Device == device)];

    public IReadOnlyList<KernelFdb> FdbOn(string device) => [.. fdb.Where(f => f.Device == device)];

    public IReadOnlyList<KernelNexthop> Nexthops => [.. nexthops.Values];

    public IReadOnlyList<KernelRoute> Routes => [.. routes.Values];

    public KernelNexthop? Nexthop(uint id) => nexthops.GetValueOrDefault(id);

    public KernelRoute? Route(string destination) => routes.GetValueOrDefault(IPNetwork.Parse(destination));

    /// <summary>Everything, one `ip`-style line per object, sorted: equal dumps mean equal kernels.</summary>
    public IReadOnlyList<string> Dump() =>
        Links.Select(l => l.ToString())
            .Concat(addresses.Select(a => a.ToString()))
            .Concat(neighbors.Select(n => n.ToString()))
            .Concat(fdb.Select(f => f.ToString()))
            .Concat(nexthops.Values.Select(n => n.ToString()))
            .Concat(groups.Values.Select(g => g.ToString()))
            .Concat(sysctls.Select(s => $"sysctl {s.Key}={s.Value}"))
            .Concat(routes.Values.Select(r => r.ToString()))
            .Order(StringComparer.Ordinal)
            .ToList();

    // Seeding: state that someone else (an operator, another daemon, the kernel) put there.

    public KernelLink AddLink(string name, string? kind = null, int mtu = 1500, bool up = true)
    {
        var link = new KernelLink(nextIndex++, name, kind, mtu, up);
        links.Add(name, link);
        return link;
    }

    public FakeKernel AddAddress(string device, string address)
    {
        var slash = address.IndexOf('/');
        addresses.Add(new KernelAddress(device, new InterfaceAddress(IPAddress.Parse(address[..slash]), int.Parse(address[(slash + 1)..]))));
        return this;
    }

    /// <summary>A neighbour as someone made it: by hand (protocol 0, the default) or as VxMesh does (118).</summary>
    public FakeKernel AddNeighbor(string device, string ip, string mac, bool permanent, byte protocol = 0)
    {
        neighbors.Add(new KernelNeighbor(device, IPAddress.Parse(ip), Mac.Parse(mac), permanent, protocol));
        return this;
    }

    public FakeKernel AddNexthop(uint id, string gateway, string device, byte protocol, bool onlink = false)
    {
        nexthops.Add(id, new KernelNexthop(id, IPAddress.Parse(gateway), device, onlink, protocol));
        return this;
    }

    public FakeKernel AddGatewayRoute(string destination, string gateway, string device, byte protocol)
    {
        var route = new KernelRoute(IPNetwork.Parse(destination), null, IPAddress.Parse(gateway), device, false, protocol);
        routes.Add(route.Destination, route);
        return this;
    }

    public FakeKernel AddNexthopRoute(string destination, uint nexthopId, byte protocol)
    {
        var route = new KernelRoute(IPNetwork.Parse(destination), nexthopId, null, null, false, protocol);
        routes.Add(route.Destination, route);
        return this;
    }

    private static bool SameMac(PhysicalAddress? a, PhysicalAddress? b) => Equals(a, b);
}
