using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// The CNI's part when a node joins or leaves a running lab: on every other node of its cluster,
/// what the CNI's agent (BIRD, flanneld) would add or remove for it, by the rules of
/// <see cref="CniRoutes"/>. A node's overlay device exists exactly while it has an overlaid peer:
/// the first such peer creates it, the last one to leave deletes it (with everything on it).
/// VxMesh's own state is never in these scripts: peers in other clusters learn of the node
/// only through the registry.
/// </summary>
public static class CniMembership
{
    /// <param name="member">A node already in the cluster.</param>
    /// <param name="before">Its same-cluster peers before the join (without <paramref name="joining"/>).</param>
    public static NamespaceScript Join(NodeLayout member, IReadOnlyList<NodeLayout> before, NodeLayout joining)
    {
        var w = new ScriptWriter(member.Namespace);
        if (!CniRoutes.Overlaid(member, joining))
        {
            CniRoutes.Direct(w, joining, "replace");
            return w.Build();
        }
        if (!before.Any(p => CniRoutes.Overlaid(member, p)))
        {
            CniRoutes.CreateOverlay(w, member);
        }
        CniRoutes.OverlayPeer(w, member, joining, "replace");
        return w.Build();
    }

    /// <param name="after">Its same-cluster peers once <paramref name="leaving"/> is gone.</param>
    /// <remarks>Applied tolerantly (`ip -force -batch`): an entry already gone is what we wanted.</remarks>
    public static NamespaceScript Leave(NodeLayout member, IReadOnlyList<NodeLayout> after, NodeLayout leaving)
    {
        var w = new ScriptWriter(member.Namespace);
        if (!CniRoutes.Overlaid(member, leaving))
        {
            foreach (var block in leaving.Blocks)
            {
                w.Ip($"route del {block} via {leaving.Ip} dev eth0 proto bird");
            }
            return w.Build();
        }
        var dev = CniOverlay.For(member.Cni).Device;
        if (!after.Any(p => CniRoutes.Overlaid(member, p)))
        {
            return w.Ip($"link del {dev}").Build();
        }
        foreach (var block in leaving.Blocks)
        {
            w.Ip($"route del {block} dev {dev}");
        }
        w.Ip($"neigh del {CniRoutes.Vtep(leaving)} dev {dev}");
        w.Bridge($"fdb del {leaving.CniMac} dev {dev} dst {leaving.Ip} self");
        return w.Build();
    }
}
