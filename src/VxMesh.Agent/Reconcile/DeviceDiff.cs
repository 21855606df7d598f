using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// The first phase of a reconcile: make our VXLAN device exist with the right identity.
/// VNI, port, local address, underlay and learning cannot be changed on a live VXLAN
/// device, so a mismatch there means delete and recreate (which drops its neighbours,
/// FDB entries and routes; the second phase puts them back). MAC, MTU and up-state are
/// changed in place (flannel's device.go does the same split).
/// </summary>
public static class DeviceDiff
{
    public static IReadOnlyList<DataplaneOp> Plan(VxlanDevice desired, ObservedDevice? observed)
    {
        if (observed is null)
        {
            return Create(desired);
        }
        if (observed.Kind != "vxlan")
        {
            throw new DeviceConflictException(observed.Name, observed.Kind);
        }
        if (!Compatible(desired, observed))
        {
            return [new DeleteDevice(desired.Name), .. Create(desired)];
        }

        var ops = new List<DataplaneOp>();
        var mac = Equals(observed.Mac, desired.Mac) ? null : desired.Mac;
        int? mtu = observed.Mtu == desired.Mtu ? null : desired.Mtu;
        bool? up = observed.Up ? null : true;
        if (mac is not null || mtu is not null || up is not null)
        {
            ops.Add(new SetDevice(desired.Name, mac, mtu, up));
        }
        // The offload setting is ours to keep either way: an operator's workaround must reach a
        // running device and survive someone turning the offload back on.
        if (observed.TxChecksum is { } tx && tx != desired.TxChecksumOffload)
        {
            ops.Add(new SetTxChecksum(desired.Name, desired.TxChecksumOffload));
        }
        return ops;
    }

    private static List<DataplaneOp> Create(VxlanDevice desired)
    {
        var ops = new List<DataplaneOp> { new CreateDevice(desired), new SetDevice(desired.Name, null, null, Up: true) };
        if (!desired.TxChecksumOffload)
        {
            ops.Add(new SetTxChecksum(desired.Name, Enabled: false));
        }
        return ops;
    }

    /// <summary>An unknown desired underlay (no facts) accepts whatever the device has.</summary>
    private static bool Compatible(VxlanDevice desired, ObservedDevice observed) =>
        observed.Vni == desired.Vni
        && observed.Port == desired.Port
        && Equals(observed.Local, desired.Local)
        && !observed.Learning
        && (desired.UnderlayDev is null || observed.UnderlayDev == desired.UnderlayDev);
}
