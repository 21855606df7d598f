using VxMesh.Core.Model;

namespace VxMesh.Agent.Registry;

/// <summary>An inventory held in memory (benchmarks, embedding); it changes only when told to.</summary>
public sealed class StaticInventorySource(Inventory inventory) : IInventorySource
{
    private Inventory current = inventory;

    public string Description => current.Source;

    public event Action? Changed;

    public InventorySnapshot Read() => InventorySnapshot.Of(current);

    public void Set(Inventory next)
    {
        current = next;
        Changed?.Invoke();
    }

    public void Dispose()
    {
    }
}
