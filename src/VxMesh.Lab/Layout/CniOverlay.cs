using VxMesh.Core.Model;

namespace VxMesh.Lab.Layout;

/// <summary>
/// The VXLAN device a CNI itself uses between the nodes of one cluster. VxMesh routes only
/// other clusters' blocks (own-cluster blocks are the CNI's business), so the lab has to play
/// the CNI's part too. Values are each CNI's defaults: flannel's vxlan backend (flannel.1,
/// VNI 1, UDP 8472, seeds/001) and Calico's VXLAN CrossSubnet mode (vxlan.calico, VNI 4096,
/// UDP 4789) — Calico routes same-subnet peers directly, as its BGP mode does.
/// </summary>
public sealed record CniOverlay(string Device, uint Vni, int Port)
{
    public static CniOverlay Flannel { get; } = new("flannel.1", 1, 8472);

    public static CniOverlay Calico { get; } = new("vxlan.calico", 4096, 4789);

    public static CniOverlay For(CniKind cni) => cni == CniKind.Flannel ? Flannel : Calico;

    /// <summary>Devices the lab creates in node namespaces; the mesh device must be named otherwise.</summary>
    public static IReadOnlyList<string> ReservedDevices { get; } = ["lo", "eth0", "cni0", Flannel.Device, Calico.Device];
}
