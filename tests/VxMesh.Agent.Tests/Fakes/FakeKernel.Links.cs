using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>Link operations and what the kernel does around them.</summary>
public sealed partial class FakeKernel
{
    /// <summary>ip link add NAME type vxlan … nolearning (NLM_F_EXCL): created down, like the kernel does.</summary>
    public int CreateVxlan(VxlanDevice d)
    {
        if (links.ContainsKey(d.Name))
        {
            return Errno.EEXIST;
        }
        if (d.UnderlayDev is { } lower && !links.ContainsKey(lower))
        {
            return Errno.ENODEV;
        }
        links.Add(d.Name, new KernelLink(nextIndex++, d.Name, "vxlan", d.Mtu, Up: false, d.Mac, d.Vni, d.Port, d.Local, d.UnderlayDev));
        return 0;
    }

    /// <summary>A VXLAN device as someone else configured it (any VNI, port, learning …), up.</summary>
    public KernelLink AddVxlan(string name, uint vni, int port, string local, string? underlay, string mac, int mtu = 1450, bool learning = false, string? alias = null)
    {
        var link = new KernelLink(nextIndex++, name, "vxlan", mtu, Up: true, Core.Model.Mac.Parse(mac), vni, port,
            System.Net.IPAddress.Parse(local), underlay, learning)
        { Alias = alias };
        links.Add(name, link);
        return link;
    }

    /// <summary>ip link del: everything on the device goes with it (NETDEV_UNREGISTER).</summary>
    public int DeleteLink(string name)
    {
        if (!links.Remove(name))
        {
            return Errno.ENODEV;
        }
        addresses.RemoveAll(a => a.Device == name);
        neighbors.RemoveAll(n => n.Device == name);
        fdb.RemoveAll(f => f.Device == name);
        FlushRoutingVia(name);
        return 0;
    }

    /// <summary>ip link set: a MAC change flushes the ARP table (NETDEV_CHANGEADDR); going down flushes neighbours, nexthops and routes.</summary>
    public int SetLink(string name, PhysicalAddress? mac = null, int? mtu = null, bool? up = null, string? alias = null)
    {
        if (!links.TryGetValue(name, out var link))
        {
            return Errno.ENODEV;
        }
        if (alias is not null)
        {
            link = link with { Alias = alias };
        }
        if (mac is not null && !SameMac(mac, link.Mac))
        {
            link = link with { Mac = mac };
            neighbors.RemoveAll(n => n.Device == name && n.Ip.AddressFamily == AddressFamily.InterNetwork);
        }
        if (mtu is { } m)
        {
            link = link with { Mtu = m };
        }
        if (up is { } u && u != link.Up)
        {
            link = link with { Up = u };
            if (!u)
            {
                neighbors.RemoveAll(n => n.Device == name);
                FlushRoutingVia(name);
            }
        }
        links[name] = link;
        return 0;
    }

    /// <summary>ethtool -K NAME tx-checksum-ip-generic on|off.</summary>
    public int SetTxChecksum(string name, bool enabled)
    {
        if (!links.TryGetValue(name, out var link))
        {
            return Errno.ENODEV;
        }
        links[name] = link with { TxChecksum = enabled };
        return 0;
    }

    /// <summary>Nexthops through the device, routes using them, and gateway routes through it.</summary>
    private void FlushRoutingVia(string device)
    {
        foreach (var nh in nexthops.Values.Where(n => n.Device == device).ToList())
        {
            RemoveNexthop(nh.Id);
        }
        FlushGatewayRoutesVia(device);
    }

    private void FlushGatewayRoutesVia(string device)
    {
        foreach (var route in routes.Values.Where(r => r.NexthopId is null && r.Device == device).ToList())
        {
            routes.Remove(route.Destination);
        }
    }
}
