using System.Collections.Immutable;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// The watched keys in memory. Replaced whole by a full load, patched by watch events; every
/// change bumps <see cref="Version"/> so readers can cache what they derived from it. Readers get
/// immutable captures and never wait on the network.
/// </summary>
internal sealed class RegistryView
{
    private readonly Lock gate = new();
    private ImmutableDictionary<string, RegistryEntry> entries = ImmutableDictionary.Create<string, RegistryEntry>(StringComparer.Ordinal);

    /// <summary>False until the first full load: an empty view then means "not known yet", not "empty registry".</summary>
    public bool Loaded { get; private set; }

    public long Revision { get; private set; }

    public long Version { get; private set; }

    public (ImmutableDictionary<string, RegistryEntry> Entries, long Revision, long Version, bool Loaded) Capture()
    {
        lock (gate)
        {
            return (entries, Revision, Version, Loaded);
        }
    }

    /// <summary>Replaces everything (a full load). True when the contents differ from before.</summary>
    public bool Replace(IEnumerable<RegistryEntry> all, long revision)
    {
        var next = all.ToImmutableDictionary(e => e.Key, StringComparer.Ordinal);
        lock (gate)
        {
            var changed = !Loaded || !SameContents(entries, next);
            entries = next;
            Revision = revision;
            Loaded = true;
            if (changed)
            {
                Version++;
            }
            return changed;
        }
    }

    /// <summary>Applies one watch response's events in order. Puts carry the full key-value; deletes only the key.</summary>
    public void Apply(IEnumerable<(bool Deleted, RegistryEntry Entry)> events, long revision)
    {
        lock (gate)
        {
            var builder = entries.ToBuilder();
            foreach (var (deleted, entry) in events)
            {
                if (deleted)
                {
                    builder.Remove(entry.Key);
                }
                else
                {
                    builder[entry.Key] = entry;
                }
            }
            entries = builder.ToImmutable();
            Revision = Math.Max(Revision, revision);
            Version++;
        }
    }

    public bool Contains(string key)
    {
        lock (gate)
        {
            return entries.ContainsKey(key);
        }
    }

    private static bool SameContents(ImmutableDictionary<string, RegistryEntry> a, ImmutableDictionary<string, RegistryEntry> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other)
            && other.ModRevision == kv.Value.ModRevision && other.Lease == kv.Value.Lease && other.Value.Span.SequenceEqual(kv.Value.Value.Span));
}
