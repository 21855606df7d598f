using VxMesh.Core.Model;

namespace VxMesh.Agent.Registry;

/// <summary>
/// Where the agent learns the mesh from: a file now, etcd or discovery later. Sources never
/// touch the kernel; they only say what the mesh is and when that may have changed.
/// </summary>
public interface IInventorySource : IDisposable
{
    /// <summary>For log lines: the file path or registry URL.</summary>
    string Description { get; }

    /// <summary>Raised (on any thread) when <see cref="Read"/> may return something new.</summary>
    event Action? Changed;

    InventorySnapshot Read();
}

/// <summary>The inventory, or — when it cannot be used — every problem that says why.</summary>
public sealed record InventorySnapshot(Inventory? Inventory, IReadOnlyList<string> Problems)
{
    public static InventorySnapshot Of(Inventory inventory) => new(inventory, []);
}
