using System.Text;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Core.Rendering;

/// <summary>
/// The iproute2 commands a person could paste on the node: what seeds/000 typed by hand,
/// corrected. Every command creates-or-replaces, so running the script twice changes
/// nothing and never fails. Routes carry VxMesh's protocol so a later agent adopts them.
/// Order follows the kernel's needs: the device and its address before anything that
/// resolves through them; ARP and FDB before the routes that would use them; a group's member
/// nexthops before the group, the group before the service routes through it.
/// <para>
/// Service groups need their members as nexthop objects, which need ids: the script gives them
/// ids from <see cref="Ownership.NexthopIdBase"/> up, in the order of the members' gateways. An
/// agent started later adopts objects by what they point at, so it keeps them (and the groups).
/// </para>
/// </summary>
public static class ShellRenderer
{
    public static string Render(NodeState state, string source)
    {
        var d = state.Device;
        var s = new StringBuilder();
        s.AppendLine("#!/bin/sh");
        s.AppendLine($"# VxMesh: node {state.Node} (cluster {state.Cluster}), planned from {source}.");
        s.AppendLine("# Safe to run twice: every command creates or replaces. Run as root on the node.");
        foreach (var warning in state.Warnings)
        {
            s.AppendLine($"# WARNING: {warning}");
        }
        s.AppendLine("set -eu");
        s.AppendLine();
        s.AppendLine($"# VXLAN device: VNI {d.Vni}, UDP port {d.Port}, learning off (peers are programmed below).");
        var lower = d.UnderlayDev;
        if (lower is null)
        {
            // The inventory does not name the underlay device: find the one holding the node's address.
            s.AppendLine($"UNDERLAY_DEV=$(ip -o addr show to {d.Local} | awk '{{print $2; exit}}')");
            s.AppendLine($"[ -n \"$UNDERLAY_DEV\" ] || {{ echo \"no interface holds {d.Local}: is this node {state.Node}?\" >&2; exit 1; }}");
            lower = "\"$UNDERLAY_DEV\"";
        }
        s.AppendLine($"ip link show dev {d.Name} >/dev/null 2>&1 || \\");
        // Marked as ours only when this script made it (the agent adopts an unmarked device only when it matches).
        s.AppendLine($"  {{ ip link add {d.Name} type vxlan id {d.Vni} dstport {d.Port} local {d.Local} dev {lower} nolearning && ip link set dev {d.Name} alias {Ownership.DeviceAlias}; }}");
        // Without a configured MTU or an observed underlay, let the kernel derive it from the
        // underlay device (its MTU minus the overhead) rather than assume 1500.
        var mtu = state.Mtu.DeviceMtuConfigured || !state.Mtu.UnderlayMtuAssumed ? $" mtu {d.Mtu}" : "";
        s.AppendLine($"ip link set dev {d.Name} address {Mac.Format(d.Mac)}{mtu}");
        s.AppendLine($"ip addr replace {state.Address} dev {d.Name}");
        s.AppendLine($"ip link set dev {d.Name} up");
        if (!d.TxChecksumOffload)
        {
            s.AppendLine($"ethtool -K {d.Name} tx-checksum-ip-generic off");
        }

        Section(s, "ARP: peer VTEP address -> VTEP MAC", state.Neighbors,
            n => $"ip neigh replace {n.Ip} lladdr {Mac.Format(n.Mac)} dev {d.Name} nud permanent protocol {Ownership.RouteProtocol}");
        Section(s, "FDB: VTEP MAC -> peer underlay address", state.Fdb,
            f => $"bridge fdb replace {Mac.Format(f.Mac)} dev {d.Name} dst {f.Destination} self permanent extern_learn");
        Section(s, "Routes to the other clusters' pod blocks", state.Routes,
            r => $"ip route replace {r.Destination} via {r.Gateway} dev {(r.Device == Planner.UnknownUnderlay ? lower : r.Device)}{(r.Onlink ? " onlink" : "")} proto {Ownership.RouteProtocol}");

        if (state.Groups.Count > 0)
        {
            RenderServices(s, state, lower);
        }

        s.AppendLine();
        s.AppendLine($"# VXLAN (UDP {state.Ingress.Port}) only from mesh peers, and from {d.Name} only inner sources of other clusters or VTEPs;");
        s.AppendLine("# VxMesh's own nftables table, replaced atomically.");
        s.AppendLine("nft -f - <<'NFT'");
        s.Append(NftRenderer.Replace(state.Ingress));
        s.AppendLine("NFT");
        return s.ToString();
    }

    /// <summary>The L4 hash, a nexthop object per member, a resilient group per remote cluster, its service ranges through it.</summary>
    private static void RenderServices(StringBuilder s, NodeState state, string lower)
    {
        string Device(GroupMember m) => m.Device == Planner.UnknownUnderlay ? lower : m.Device;
        var members = ServiceGroups.Order(state.Groups.SelectMany(g => g.Members).DistinctBy(m => (m.Gateway, m.Device, m.Onlink)));
        var ids = new Dictionary<(System.Net.IPAddress, string, bool), uint>();
        foreach (var m in members)
        {
            ids[(m.Gateway, m.Device, m.Onlink)] = Ownership.NexthopIdBase + (uint)ids.Count;
        }

        Section(s, "Multipath hashing on ports too, so one client's flows spread over a remote cluster's nodes", state.Sysctls,
            c => $"echo {c.Value} > /proc/sys/{c.Name.Replace('.', '/')}");
        Section(s, "Remote service ranges: each remote node's nexthop, a resilient group per cluster, its service ranges through it", members,
            m => $"ip nexthop replace id {ids[(m.Gateway, m.Device, m.Onlink)]} via {m.Gateway} dev {Device(m)}{(m.Onlink ? " onlink" : "")} proto {Ownership.RouteProtocol}");
        foreach (var g in state.Groups)
        {
            s.AppendLine($"ip nexthop replace id {g.Id} group {string.Join('/', g.Members.Select(m => ids[(m.Gateway, m.Device, m.Onlink)]))} {g.Shape} proto {Ownership.RouteProtocol}  # {g.Cluster}: {string.Join(", ", g.Members.Select(m => m.Peer))}");
        }
        foreach (var r in state.ServiceRoutes)
        {
            s.AppendLine($"ip route replace {r.Destination} nhid {r.GroupId} proto {Ownership.RouteProtocol}");
        }
    }

    private static void Section<T>(StringBuilder s, string title, IEnumerable<T> items, Func<T, string> line)
    {
        s.AppendLine();
        s.AppendLine($"# {title}");
        foreach (var item in items)
        {
            s.AppendLine(line(item));
        }
    }
}
