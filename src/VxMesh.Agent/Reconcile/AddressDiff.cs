using VxMesh.Agent.Dataplane;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// The middle phase of a reconcile: the device's own address. It is a phase of its own because
/// the kernel reacts to address removal beyond the address: deleting a device's last IPv4
/// address flushes its ARP entries (permanent ones too), and deleting a primary address takes
/// same-subnet secondaries with it. So stale addresses go first, the planned one is added, and
/// the reconciler re-observes before planning neighbours, FDB and routes.
/// </summary>
public static class AddressDiff
{
    public static IReadOnlyList<DataplaneOp> Plan(string device, InterfaceAddress desired, IReadOnlySet<InterfaceAddress> observed)
    {
        var ops = new List<DataplaneOp>();
        ops.AddRange(observed.Where(a => a != desired).Select(a => new DeleteAddress(device, a)));
        if (!observed.Contains(desired))
        {
            ops.Add(new ReplaceAddress(device, desired));
        }
        return ops;
    }
}
