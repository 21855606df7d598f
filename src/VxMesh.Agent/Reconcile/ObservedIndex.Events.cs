using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile;

public sealed partial class ObservedIndex
{
    /// <summary>
    /// True when the model already explains the event — typically the echo of our own write.
    /// False means someone else changed owned state (or notifications were lost): resync.
    /// A false "false" only costs a resync; a false "true" would hide drift, so when in doubt, false.
    /// </summary>
    public bool Explains(DataplaneEvent e)
    {
        var added = e.Kind == DataplaneEventKind.Added;
        return e.Subject switch
        {
            ObservedDevice d => added ? Device is { } m && SameDevice(m, d) : Device is null,
            // Carrier loss flushes nexthops and routes through the underlay without notifications: look again.
            UnderlayChanged => false,
            InterfaceAddress a => Addresses.Contains(a) == added,
            // Dynamic neighbours the kernel makes for addresses we do not manage are not ours.
            ObservedNeighbor n when !n.Permanent && !Neighbors.ContainsKey(n.Ip) => true,
            ObservedNeighbor n => added
                ? Neighbors.TryGetValue(n.Ip, out var have) && have.Permanent == n.Permanent && Equals(have.Mac, n.Mac)
                : !Neighbors.TryGetValue(n.Ip, out var gone) || !gone.Permanent,
            FdbEntry f => HasFdb(f) == added,
            ObservedNexthop n => added
                ? Nexthops.TryGetValue(n.Id, out var have) && Equals(have.Gateway, n.Gateway) && have.Device == n.Device && have.Onlink == n.Onlink
                : !Nexthops.ContainsKey(n.Id),
            ObservedRoute r => added
                ? Routes.TryGetValue(r.Destination, out var have) && have.NexthopId == r.NexthopId
                : !Routes.ContainsKey(r.Destination),
            _ => false,
        };
    }

    private static bool SameDevice(ObservedDevice model, ObservedDevice seen) =>
        model.Index == seen.Index && model.Kind == seen.Kind && model.Vni == seen.Vni && model.Port == seen.Port
        && Equals(model.Local, seen.Local) && model.Learning == seen.Learning && Equals(model.Mac, seen.Mac)
        && model.Mtu == seen.Mtu && model.Up == seen.Up;
}
