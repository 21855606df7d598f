using VxMesh.Core.Model;

namespace VxMesh.Core.Loading;

/// <summary>
/// Turns drafts into the typed model, applying defaults. Runs only on a draft that produced no
/// problems, so every required value is present; a missing one here is a bug in the checks.
/// </summary>
internal static class InventoryBuilder
{
    public static Inventory Build(InventoryDraft draft, string source)
    {
        var m = draft.Mesh;
        var mesh = new MeshSettings(
            Vni: (uint)(m.Vni?.Value ?? MeshSettings.DefaultVni),
            Port: (int)(m.Port?.Value ?? MeshSettings.DefaultPort),
            Device: m.Device?.Value ?? MeshSettings.DefaultDevice,
            VtepCidr: m.VtepCidr?.Value,
            Mtu: (int?)m.Mtu?.Value,
            Backend: m.Backend?.Value ?? Backend.Vxlan,
            TxChecksumOffload: m.TxChecksumOffload?.Value ?? true);
        var clusters = draft.Clusters.Select(c => new ClusterSpec(
            Name: Required(c.Name).Value,
            Cni: c.Cni?.Value ?? CniKind.Other,
            PodCidrs: c.PodCidrs.Select(p => p.Value).ToValueList(),
            ServiceCidrs: c.ServiceCidrs.Select(p => p.Value).ToValueList(),
            Nodes: c.Nodes.Select(BuildNode).ToValueList(),
            PodMtu: (int?)c.PodMtu?.Value));
        return new Inventory(mesh, clusters.ToValueList(), source);
    }

    private static NodeSpec BuildNode(NodeDraft n) => new(
        Name: Required(n.Name).Value,
        Ip: Required(n.Ip).Value,
        UnderlayDev: n.UnderlayDev?.Value,
        VtepIp: n.ResolvedVtepIp?.Value,
        VtepMac: Required(n.ResolvedVtepMac).Value,
        PodCidrs: n.PodCidrs.Select(p => p.Value).ToValueList());

    private static T Required<T>(T? value) where T : class =>
        value ?? throw new InvalidOperationException("a required inventory value passed validation without being set");
}
