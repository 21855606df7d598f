using System.Net;
using System.Net.Sockets;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>Nexthop objects and routes in the main table.</summary>
public sealed partial class FakeKernel
{
    private readonly SortedDictionary<uint, KernelGroup> groups = [];
    private readonly SortedDictionary<string, string> sysctls = new(StringComparer.Ordinal)
    {
        ["net.ipv4.fib_multipath_hash_policy"] = "0",
        ["net.ipv6.fib_multipath_hash_policy"] = "0",
    };

    public IReadOnlyList<KernelGroup> Groups => [.. groups.Values];

    public KernelGroup? Group(uint id) => groups.GetValueOrDefault(id);

    public IReadOnlyDictionary<string, string> Sysctls => sysctls;

    public int SetSysctl(string name, string value)
    {
        if (!sysctls.ContainsKey(name))
        {
            return Errno.ENOENT;
        }
        sysctls[name] = value;
        return 0;
    }

    /// <summary>
    /// ip nexthop replace id ID group A/B/… type resilient … proto P. Members must be existing plain
    /// nexthops (EINVAL otherwise); a plain nexthop cannot become a group, nor a group change its shape in
    /// place (EINVAL). Replacing keeps the routes that use the id.
    /// </summary>
    public int ReplaceNexthopGroup(uint id, IReadOnlyList<uint> members, GroupShape? shape, byte protocol)
    {
        if (members.Count == 0 || members.Any(m => !nexthops.ContainsKey(m)) || nexthops.ContainsKey(id))
        {
            return Errno.EINVAL;
        }
        if (groups.TryGetValue(id, out var old) && old.Shape != shape)
        {
            return Errno.EINVAL;
        }
        groups[id] = new KernelGroup(id, members.Distinct().Order().ToValueList(), shape, protocol);
        return 0;
    }

    /// <summary>
    /// ip nexthop replace id ID via GW dev DEV [onlink] proto P. The device must exist and be
    /// up (ENETDOWN otherwise); without onlink the gateway must lie in a subnet the device
    /// holds an address in (EINVAL, "Nexthop has invalid gateway"). Replacing keeps the
    /// routes that use the id.
    /// </summary>
    public int ReplaceNexthop(uint id, IPAddress gateway, string device, bool onlink, byte protocol)
    {
        if (!links.TryGetValue(device, out var link))
        {
            return Errno.ENODEV;
        }
        if (!link.Up)
        {
            return Errno.ENETDOWN;
        }
        if (!onlink && !addresses.Any(a => a.Device == device && SameSubnet(a.Address, new(gateway, a.Address.PrefixLength))))
        {
            return Errno.EINVAL;
        }
        nexthops[id] = new KernelNexthop(id, gateway, device, onlink, protocol);
        return 0;
    }

    /// <summary>ip nexthop del id ID: the routes using it go too.</summary>
    public int DeleteNexthop(uint id) => RemoveNexthop(id) || RemoveGroup(id) ? 0 : Errno.ENOENT;

    /// <summary>ip route replace DST nhid ID proto P: takes over any route to DST, whoever owns it.</summary>
    public int ReplaceRoute(IPNetwork destination, uint nexthopId, byte protocol)
    {
        if (!nexthops.ContainsKey(nexthopId) && !groups.ContainsKey(nexthopId))
        {
            return Errno.EINVAL;
        }
        routes[destination] = new KernelRoute(destination, nexthopId, null, null, false, protocol);
        return 0;
    }

    /// <summary>ip route del DST proto P: only a route with that protocol matches (IPv4 answers ESRCH, IPv6 ENOENT).</summary>
    public int DeleteRoute(IPNetwork destination, byte protocol)
    {
        if (routes.TryGetValue(destination, out var route) && route.Protocol == protocol)
        {
            routes.Remove(destination);
            return 0;
        }
        return destination.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? Errno.ESRCH : Errno.ENOENT;
    }

    /// <summary>A deleted member leaves every group holding it; a group left empty goes, with its routes.</summary>
    private bool RemoveNexthop(uint id)
    {
        if (!nexthops.Remove(id))
        {
            return false;
        }
        foreach (var group in groups.Values.Where(g => g.Members.Contains(id)).ToList())
        {
            var left = group.Members.Where(m => m != id).ToValueList();
            if (left.Count == 0)
            {
                RemoveGroup(group.Id);
            }
            else
            {
                groups[group.Id] = group with { Members = left };
            }
        }
        foreach (var route in routes.Values.Where(r => r.NexthopId == id).ToList())
        {
            routes.Remove(route.Destination);
        }
        return true;
    }

    private bool RemoveGroup(uint id)
    {
        if (!groups.Remove(id))
        {
            return false;
        }
        foreach (var route in routes.Values.Where(r => r.NexthopId == id).ToList())
        {
            routes.Remove(route.Destination);
        }
        return true;
    }
}
