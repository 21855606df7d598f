namespace VxMesh.Agent.Registry.Etcd;

/// <summary>One key as etcd holds it, detached from the gRPC types so views and tests need no etcd.</summary>
/// <param name="CreateRevision">Revision that created the key: orders registrations (earlier wins a conflict).</param>
/// <param name="ModRevision">Revision of the last write: "the last change" in status.</param>
/// <param name="Lease">Attached lease id; 0 for none (mesh, clusters, static nodes, allocations).</param>
public sealed record RegistryEntry(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision, long Lease)
{
    internal static RegistryEntry From(Mvccpb.KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.Memory, kv.CreateRevision, kv.ModRevision, kv.Lease);
}
