using VxMesh.Agent.Registry;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>An inventory source the test sets and signals by hand; it counts reads (one per agent pass).</summary>
public sealed class FakeInventorySource(Inventory initial, TimeProvider? time = null) : IInventorySource
{
    private readonly object gate = new();
    private InventorySnapshot snapshot = InventorySnapshot.Of(initial);
    private readonly List<TimeSpan> reads = [];
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly long start = (time ?? TimeProvider.System).GetTimestamp();

    public string Description => "fake inventory";

    public event Action? Changed;

    public bool HasSubscribers => Changed is not null;

    /// <summary>When each Read happened on the source's clock, since the source was made.</summary>
    public IReadOnlyList<TimeSpan> Reads
    {
        get
        {
            lock (gate)
            {
                return [.. reads];
            }
        }
    }

    public int ReadCount => Reads.Count;

    public InventorySnapshot Read()
    {
        lock (gate)
        {
            reads.Add(clock.GetElapsedTime(start));
            return snapshot;
        }
    }

    public void Set(Inventory inventory) => Set(InventorySnapshot.Of(inventory));

    public void Set(InventorySnapshot next)
    {
        lock (gate)
        {
            snapshot = next;
        }
    }

    public void RaiseChanged() => Changed?.Invoke();

    public void Dispose()
    {
    }
}
