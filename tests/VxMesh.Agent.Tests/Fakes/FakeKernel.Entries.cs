using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>Addresses, neighbours and FDB entries on a device.</summary>
public sealed partial class FakeKernel
{
    /// <summary>ip addr replace.</summary>
    public int ReplaceAddress(string device, InterfaceAddress address)
    {
        if (!links.ContainsKey(device))
        {
            return Errno.ENODEV;
        }
        if (!addresses.Contains(new KernelAddress(device, address)))
        {
            addresses.Add(new KernelAddress(device, address));
        }
        return 0;
    }

    /// <summary>
    /// ip addr del. With promote_secondaries off (the kernel default) deleting a primary IPv4
    /// address deletes its secondaries too; when the device's last IPv4 address goes, the
    /// kernel disables IP on it (fib_disable_ip): ARP entries, permanent ones included, and
    /// gateway routes through it are flushed. Nexthop objects stay.
    /// </summary>
    public int DeleteAddress(string device, InterfaceAddress address)
    {
        if (!links.ContainsKey(device))
        {
            return Errno.ENODEV;
        }
        var entry = new KernelAddress(device, address);
        var index = addresses.IndexOf(entry);
        if (index < 0)
        {
            return Errno.EADDRNOTAVAIL;
        }
        var ipv4 = address.Address.AddressFamily == AddressFamily.InterNetwork;
        var primary = ipv4 && !addresses.Take(index).Any(a => a.Device == device && SameSubnet(a.Address, address));
        addresses.RemoveAt(index);
        if (primary)
        {
            addresses.RemoveAll(a => a.Device == device && SameSubnet(a.Address, address));
        }
        if (ipv4 && !addresses.Any(a => a.Device == device && a.Address.Address.AddressFamily == AddressFamily.InterNetwork))
        {
            neighbors.RemoveAll(n => n.Device == device && n.Ip.AddressFamily == AddressFamily.InterNetwork);
            FlushGatewayRoutesVia(device);
        }
        return 0;
    }

    /// <summary>
    /// ip neigh replace IP lladdr MAC dev DEV nud permanent [protocol P]: VxMesh's ops carry 118; as in the
    /// kernel, a replace without a protocol (0: by hand) keeps the entry's.
    /// </summary>
    public int ReplaceNeighbor(string device, IPAddress ip, PhysicalAddress mac, byte protocol = Core.Model.Ownership.RouteProtocol)
    {
        if (!links.ContainsKey(device))
        {
            return Errno.ENODEV;
        }
        var kept = neighbors.FirstOrDefault(n => n.Device == device && n.Ip.Equals(ip))?.Protocol ?? 0;
        neighbors.RemoveAll(n => n.Device == device && n.Ip.Equals(ip));
        neighbors.Add(new KernelNeighbor(device, ip, mac, Permanent: true, protocol == 0 ? kept : protocol));
        return 0;
    }

    /// <summary>ip neigh del IP dev DEV.</summary>
    public int DeleteNeighbor(string device, IPAddress ip)
    {
        if (!links.ContainsKey(device))
        {
            return Errno.ENODEV;
        }
        return neighbors.RemoveAll(n => n.Device == device && n.Ip.Equals(ip)) > 0 ? 0 : Errno.ENOENT;
    }

    /// <summary>
    /// bridge fdb replace MAC dev DEV dst IP self permanent [extern_learn]. As in the vxlan driver, replacing
    /// a MAC that already has remotes rewrites its first remote (vxlan_fdb_replace) rather
    /// than adding one; further remotes stay. The mark (extern_learn) is per MAC: set only when the
    /// replace creates the MAC's entry, cleared by a replace without it (6.18, tried).
    /// </summary>
    public int ReplaceFdb(string device, PhysicalAddress mac, IPAddress destination, bool marked = true)
    {
        if (!links.ContainsKey(device))
        {
            return Errno.ENODEV;
        }
        var first = fdb.FindIndex(f => f.Device == device && f.Mac.Equals(mac));
        if (first < 0)
        {
            fdb.Add(new KernelFdb(device, mac, destination, marked));
            return 0;
        }
        var mark = marked && fdb[first].Marked;
        var same = fdb.FindIndex(f => f.Device == device && f.Mac.Equals(mac) && f.Destination.Equals(destination));
        fdb[same >= 0 ? same : first] = new KernelFdb(device, mac, destination, mark);
        Remark(device, mac, mark);
        return 0;
    }

    /// <summary>
    /// bridge fdb append (what the article typed): one more remote for the MAC. A new MAC's entry is marked
    /// only when <paramref name="marked"/> (extern_learn); a further remote shares the MAC's mark.
    /// </summary>
    public FakeKernel AppendFdb(string device, string mac, string destination, bool marked = false)
    {
        var address = Core.Model.Mac.Parse(mac);
        var existing = fdb.FirstOrDefault(f => f.Device == device && f.Mac.Equals(address));
        fdb.Add(new KernelFdb(device, address, IPAddress.Parse(destination), existing?.Marked ?? marked));
        return this;
    }

    private void Remark(string device, PhysicalAddress mac, bool marked)
    {
        for (var i = 0; i < fdb.Count; i++)
        {
            if (fdb[i].Device == device && fdb[i].Mac.Equals(mac))
            {
                fdb[i] = fdb[i] with { Marked = marked };
            }
        }
    }

    /// <summary>
    /// bridge fdb del MAC dev DEV dst IP self. As in the vxlan driver (__vxlan_fdb_delete):
    /// ENOENT only when the MAC has no entry at all; a MAC whose remotes do not include IP
    /// answers success and keeps its remotes.
    /// </summary>
    public int DeleteFdb(string device, PhysicalAddress mac, IPAddress destination)
    {
        if (!links.ContainsKey(device))
        {
            return Errno.ENODEV;
        }
        if (!fdb.Any(f => f.Device == device && f.Mac.Equals(mac)))
        {
            return Errno.ENOENT;
        }
        fdb.RemoveAll(f => f.Device == device && f.Mac.Equals(mac) && f.Destination.Equals(destination));
        return 0;
    }

    private static bool SameSubnet(InterfaceAddress a, InterfaceAddress b) =>
        a.PrefixLength == b.PrefixLength
        && a.Address.AddressFamily == b.Address.AddressFamily
        && new IPNetwork(Mask(a.Address, a.PrefixLength), a.PrefixLength).Contains(b.Address);

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - 8 * i, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
