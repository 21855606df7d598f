using VxMesh.Core.Rendering;

namespace VxMesh.Kubernetes.Controller;

/// <summary>An IPPool as the cluster has it now.</summary>
/// <param name="Ours">It carries VxMesh's managed-by label; VxMesh changes nothing else.</param>
public sealed record ExistingPool(string Name, string? Cidr, bool NatOutgoing, bool Disabled, bool Ours);

/// <param name="Conflicts">Desired names held by a pool that is not VxMesh's: left alone and reported.</param>
public sealed record PoolChanges(IReadOnlyList<RemotePool> Create, IReadOnlyList<RemotePool> Update, IReadOnlyList<string> Delete, IReadOnlyList<string> Conflicts)
{
    public bool None => Create.Count + Update.Count + Delete.Count == 0;
}

/// <summary>
/// Desired pools against the cluster's: create what is missing, correct ours that drifted (cidr,
/// natOutgoing false, disabled true), delete ours no longer wanted (a cluster that left), and never
/// touch a pool without VxMesh's label — not even one with a name VxMesh wants (a conflict). Pure.
/// </summary>
public static class PoolPlan
{
    public static PoolChanges Diff(IReadOnlyList<RemotePool> desired, IReadOnlyList<ExistingPool> existing)
    {
        var byName = existing.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var create = new List<RemotePool>();
        var update = new List<RemotePool>();
        var conflicts = new List<string>();
        foreach (var pool in desired)
        {
            if (!byName.TryGetValue(pool.Name, out var have))
            {
                create.Add(pool);
            }
            else if (!have.Ours)
            {
                conflicts.Add(pool.Name);
            }
            else if (have.Cidr != pool.Cidr.ToString() || have.NatOutgoing || !have.Disabled)
            {
                update.Add(pool);
            }
        }
        var wanted = desired.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var delete = existing.Where(p => p.Ours && !wanted.Contains(p.Name)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        return new PoolChanges(create, update, delete, conflicts);
    }
}
