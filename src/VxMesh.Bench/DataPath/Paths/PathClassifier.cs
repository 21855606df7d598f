using System.Net;
using VxMesh.Core.Model;

namespace VxMesh.Bench.DataPath.Paths;

/// <summary>How the source node sends to one destination, and whose route it is.</summary>
/// <param name="Device">The device the source node's kernel sends it out of.</param>
public sealed record Hop(Mechanism Mechanism, string Carrier, string Device);

/// <summary>
/// Tells the path a packet takes from the kernel's own route lookup on the source node (a pod's
/// traffic leaves through its node, so the node's lookup decides for its pods too): out of the
/// underlay device means a plain route via the peer (host-gw, or Calico's direct routing); out of
/// a VXLAN device means encapsulation; anything else is a pod on this node. Whose route it is
/// comes from the agent's routes: a protocol-118 route covering the destination through the same
/// device is the mesh's, otherwise it is the CNI's. This is what the agent actually programmed,
/// so a lab with `backend: auto` shows host-gw and vxlan side by side without being told.
/// </summary>
public static class PathClassifier
{
    public static Hop? Classify(NodeRouting node, IPAddress destination, CniKind sourceCni)
    {
        if (!node.Lookups.TryGetValue(destination, out var lookup))
        {
            return null;
        }
        var mesh = node.AgentRoutes.Any(r => r.Destination.Contains(destination) && r.Device == lookup.Device);
        var cni = sourceCni.ToString().ToLowerInvariant();
        if (lookup.Device == node.UnderlayDevice)
        {
            return new Hop(Mechanism.HostGw, mesh ? PathKind.Vxmesh : cni, lookup.Device);
        }
        if (node.DeviceKinds.GetValueOrDefault(lookup.Device) == "vxlan")
        {
            return new Hop(Mechanism.Vxlan, mesh ? PathKind.Vxmesh : lookup.Device, lookup.Device);
        }
        return new Hop(Mechanism.Local, cni, lookup.Device);
    }
}
