namespace VxMesh.Kubernetes.Services;

/// <summary>What to write: objects to create or correct (missing, or their content hash differs) and ours to delete.</summary>
public sealed record ObjectChanges(IReadOnlyList<string> Apply, IReadOnlyList<string> Delete)
{
    public bool None => Apply.Count == 0 && Delete.Count == 0;
}

/// <summary>
/// Desired against actual for objects VxMesh derives, keyed NAMESPACE/NAME; pure. Each derived object
/// carries the hash of the content it was written with (annotation vxmesh.io/derived-hash), so an
/// unchanged mesh writes nothing, and an object edited by hand (its hash kept, its content not)
/// is corrected on the next change or when the hash annotation is removed.
/// </summary>
public static class ObjectDiff
{
    /// <param name="existing">Our objects in the cluster (those with VxMesh's label) and the hash each carries (null: none).</param>
    public static ObjectChanges Diff(IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string?> existing) =>
        new(
            desired.Where(d => !existing.TryGetValue(d.Key, out var hash) || hash != d.Value).Select(d => d.Key).Order(StringComparer.Ordinal).ToList(),
            existing.Keys.Where(k => !desired.ContainsKey(k)).Order(StringComparer.Ordinal).ToList());
}
