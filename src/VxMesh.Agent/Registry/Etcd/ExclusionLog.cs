using VxMesh.Core.Loading;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// What the source has already said about registrations left out of the mesh and keys that are
/// not ours, so that each is logged once and every line stays short however much junk there is.
/// </summary>
internal sealed class ExclusionLog
{
    private const int Named = 5;
    private HashSet<string> reported = new(StringComparer.Ordinal);
    private int foreignReported;

    /// <summary>The exclusions not reported before (now remembered), and how many there are in all.</summary>
    public (IReadOnlyList<ExcludedNode> Fresh, int Total) Update(IReadOnlyList<ExcludedNode> excluded)
    {
        var fresh = excluded.Where(e => !reported.Contains(e.Key)).ToList();
        // Keys that came back into the mesh are forgotten, so a later exclusion is news again.
        reported = excluded.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        return (fresh, excluded.Count);
    }

    /// <summary>
    /// True when the count of foreign keys is worth a line: the first one, then whenever it has
    /// doubled since the last line (10,000 junk keys written one by one log 15 lines, not 10,000).
    /// </summary>
    public bool ForeignChanged(int count, out int report)
    {
        report = count;
        if (count == 0)
        {
            foreignReported = 0;
            return false;
        }
        if (count < Math.Max(1, foreignReported * 2))
        {
            return false;
        }
        foreignReported = count;
        return true;
    }

    /// <summary>The first few, each cut, and how many more.</summary>
    public static string Describe(IReadOnlyList<ExcludedNode> excluded)
    {
        var named = excluded.Take(Named).Select(e => $"{MessageText.Cut(e.Key, 120)}: {MessageText.Cut(e.Reason, 300)}");
        var more = excluded.Count > Named ? $"; and {excluded.Count - Named:N0} more (`vxmesh status` lists them)" : "";
        return string.Join("; ", named) + more;
    }
}
