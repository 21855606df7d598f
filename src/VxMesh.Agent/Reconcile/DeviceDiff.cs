using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
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
        var differences = Differences(desired, observed);
        if (!observed.Marked && (differences.Count > 0 || observed.Alias is not null))
        {
            throw DeviceConflictException.Unmarked(observed, differences);
        }
        if (differences.Count > 0)
        {
            return [new DeleteDevice(desired.Name), .. Create(desired)];
        }

        var ops = new List<DataplaneOp>();
        var mac = Equals(observed.Mac, desired.Mac) ? null : desired.Mac;
        int? mtu = observed.Mtu == desired.Mtu ? null : desired.Mtu;
        bool? up = observed.Up ? null : true;
        var alias = observed.Marked ? null : Ownership.DeviceAlias;
        if (mac is not null || mtu is not null || up is not null || alias is not null)
        {
            ops.Add(new SetDevice(desired.Name, mac, mtu, up, alias));
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
        var ops = new List<DataplaneOp> { new CreateDevice(desired), new SetDevice(desired.Name, null, null, Up: true, Ownership.DeviceAlias) };
        if (!desired.TxChecksumOffload)
        {
            ops.Add(new SetTxChecksum(desired.Name, Enabled: false));
        }
        return ops;
    }

    /// <summary>What cannot be changed on a live device and differs, in `ip -d link` words. An unknown desired underlay (no facts) accepts whatever the device has.</summary>
    private static List<string> Differences(VxlanDevice desired, ObservedDevice observed)
    {
        var differences = new List<string>();
        if (observed.Vni != desired.Vni)
        {
            differences.Add($"id {observed.Vni}, not {desired.Vni}");
        }
        if (observed.Port != desired.Port)
        {
            differences.Add($"dstport {observed.Port}, not {desired.Port}");
        }
        if (!Equals(observed.Local, desired.Local))
        {
            differences.Add($"local {observed.Local?.ToString() ?? "none"}, not {desired.Local}");
        }
        if (observed.Learning)
        {
            differences.Add("learning on");
        }
        if (desired.UnderlayDev is not null && observed.UnderlayDev != desired.UnderlayDev)
        {
            differences.Add($"dev {observed.UnderlayDev ?? "none"}, not {desired.UnderlayDev}");
        }
        return differences;
    }
}
