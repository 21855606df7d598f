namespace VxMesh.Agent.Dataplane;

/// <summary>
/// A change the kernel announced to owned state, in the reconciler's terms. Subject is an
/// <see cref="ObservedDevice"/>, <see cref="Core.Planning.InterfaceAddress"/>,
/// <see cref="ObservedNeighbor"/>, <see cref="Core.Planning.FdbEntry"/> (ours), <see cref="ForeignFdb"/>,
/// <see cref="ObservedNexthop"/>, <see cref="ObservedRoute"/> or <see cref="UnderlayChanged"/>; null for an overrun.
/// </summary>
public sealed record DataplaneEvent(DataplaneEventKind Kind, object? Subject)
{
    public static DataplaneEvent Overrun { get; } = new(DataplaneEventKind.Overrun, null);

    public override string ToString() => $"{Kind} {Subject}";
}

/// <summary>A change to the underlay device (carrier, MTU, address): the kernel may drop our routes without saying so.</summary>
public sealed record UnderlayChanged(string Name);

public enum DataplaneEventKind
{
    Added,
    Removed,

    /// <summary>Notifications were lost: only a full re-observe can tell what changed.</summary>
    Overrun,
}

/// <summary>Kernel notifications about owned state, collected on a background thread.</summary>
public interface IDataplaneFeed : IDisposable
{
    /// <summary>Raised (on the feed's thread) when events are waiting.</summary>
    event Action? Changed;

    /// <summary>Everything collected since the last call.</summary>
    IReadOnlyList<DataplaneEvent> Drain();

    /// <summary>Which devices matter now: ours (its entries are owned) and the underlay (its carrier carries every route).</summary>
    void Follow(string device, string? underlay);
}
