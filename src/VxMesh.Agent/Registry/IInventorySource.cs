using VxMesh.Core.Model;

namespace VxMesh.Agent.Registry;

/// <summary>
/// Where the agent learns the mesh from: a file, or etcd. Sources never touch the kernel; they
/// only say what the mesh is and when that may have changed.
/// </summary>
public interface IInventorySource : IDisposable
{
    /// <summary>For log lines: the file path or registry URL.</summary>
    string Description { get; }

    /// <summary>Raised (on any thread) when <see cref="Read"/> may return something new.</summary>
    event Action? Changed;

    InventorySnapshot Read();
}

/// <summary>
/// The inventory, or — when it cannot be used — every problem that says why. A source that knows
/// what changed (etcd: the watch names the keys) also gives a <see cref="Version"/> and, relative to
/// the snapshot it gave before, the nodes that changed: a reader holding that earlier one then needs
/// to look at those nodes only, and the whole inventory is only built when someone asks for it.
/// </summary>
public sealed class InventorySnapshot
{
    private readonly Lazy<Inventory>? deferred;
    private readonly Inventory? inventory;
    private readonly Func<string, (string Cluster, NodeSpec Node)?>? lookup;

    public InventorySnapshot(Inventory? inventory, IReadOnlyList<string> problems)
    {
        this.inventory = inventory;
        Problems = problems;
    }

    private InventorySnapshot(Func<Inventory> build, Func<string, (string Cluster, NodeSpec Node)?> lookup, long version, InventoryDelta? delta)
    {
        deferred = new Lazy<Inventory>(build, LazyThreadSafetyMode.ExecutionAndPublication);
        this.lookup = lookup;
        Problems = [];
        Version = version;
        Delta = delta;
    }

    public static InventorySnapshot Of(Inventory inventory) => new(inventory, []);

    /// <summary>A valid inventory built on first use; <paramref name="lookup"/> finds a node without building it.</summary>
    public static InventorySnapshot Deferred(
        Func<Inventory> build, Func<string, (string Cluster, NodeSpec Node)?> lookup, long version, InventoryDelta? delta) =>
        new(build, lookup, version, delta);

    /// <summary>Null when the mesh cannot be used (see <see cref="Problems"/>).</summary>
    public Inventory? Inventory => deferred?.Value ?? inventory;

    public bool Usable => deferred is not null || inventory is not null;

    public IReadOnlyList<string> Problems { get; }

    /// <summary>Increases with every change the source saw; -1 when the source does not count (files).</summary>
    public long Version { get; init; } = -1;

    /// <summary>What changed since the snapshot of <see cref="InventoryDelta.FromVersion"/>; null: anything may have.</summary>
    public InventoryDelta? Delta { get; init; }

    public (string Cluster, NodeSpec Node)? FindNode(string name)
    {
        if (lookup is not null)
        {
            return lookup(name);
        }
        return Inventory?.FindNode(name) is { } found ? (found.Cluster.Name, found.Node) : null;
    }
}

/// <summary>Only these nodes differ from the snapshot of <paramref name="FromVersion"/>; mesh settings and clusters do not.</summary>
public sealed record InventoryDelta(long FromVersion, IReadOnlyList<NodeChange> Changes);

/// <summary>One node before and after (null: absent), with the cluster it was or is in.</summary>
public sealed record NodeChange(string? BeforeCluster, NodeSpec? Before, string? AfterCluster, NodeSpec? After)
{
    public string Name => After?.Name ?? Before?.Name ?? "";
}
