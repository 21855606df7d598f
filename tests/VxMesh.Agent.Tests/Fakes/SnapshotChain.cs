using VxMesh.Agent.Registry;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>Snapshots as a counting source gives them: each one versioned and, when only nodes changed, with the delta from the one before.</summary>
public sealed class SnapshotChain(Inventory first)
{
    private Inventory current = first;
    private long version;

    public InventorySnapshot First() => new(current, []) { Version = version };

    public InventorySnapshot Next(Inventory next)
    {
        var changes = InventoryDiff.Between(current, next);
        var snapshot = new InventorySnapshot(next, [])
        {
            Version = version + 1,
            Delta = changes is null ? null : new InventoryDelta(version, changes),
        };
        current = next;
        version++;
        return snapshot;
    }
}
