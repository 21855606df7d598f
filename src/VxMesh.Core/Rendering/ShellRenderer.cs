using System.Text;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Core.Rendering;

/// <summary>
/// The iproute2 commands a person could paste on the node: what seeds/000 typed by hand,
/// corrected. Every command creates-or-replaces, so running the script twice changes
/// nothing and never fails. Routes carry VxMesh's protocol so a later agent adopts them.
/// Order follows the kernel's needs: the device and its address before anything that
/// resolves through them; ARP and FDB before the routes that would use them.
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
        s.AppendLine($"  ip link add {d.Name} type vxlan id {d.Vni} dstport {d.Port} local {d.Local} dev {lower} nolearning");
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
            n => $"ip neigh replace {n.Ip} lladdr {Mac.Format(n.Mac)} dev {d.Name} nud permanent");
        Section(s, "FDB: VTEP MAC -> peer underlay address", state.Fdb,
            f => $"bridge fdb replace {Mac.Format(f.Mac)} dev {d.Name} dst {f.Destination} self permanent");
        Section(s, "Routes to the other clusters' pod blocks", state.Routes,
            r => $"ip route replace {r.Destination} via {r.Gateway} dev {(r.Device == Planner.UnknownUnderlay ? lower : r.Device)}{(r.Onlink ? " onlink" : "")} proto {Ownership.RouteProtocol}");

        s.AppendLine();
        s.AppendLine($"# VXLAN (UDP {state.Ingress.Port}) only from mesh peers; VxMesh's own nftables table, replaced atomically.");
        s.AppendLine("nft -f - <<'NFT'");
        s.Append(NftRenderer.Replace(state.Ingress));
        s.AppendLine("NFT");
        return s.ToString();
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
