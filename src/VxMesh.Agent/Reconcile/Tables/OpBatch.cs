using VxMesh.Agent.Dataplane;

namespace VxMesh.Agent.Reconcile.Tables;

/// <summary>
/// The ops of one pass, in the three groups the kernel needs them in (see <see cref="ContentModel"/>):
/// deletes, then upserts, then cleanups that must wait for the upserts.
/// </summary>
internal sealed class OpBatch
{
    public List<DataplaneOp> Deletes { get; } = [];

    public List<DataplaneOp> Upserts { get; } = [];

    public List<DataplaneOp> Cleanups { get; } = [];

    public int Count => Deletes.Count + Upserts.Count + Cleanups.Count;

    public List<DataplaneOp> InOrder() => [.. Deletes, .. Upserts, .. Cleanups];
}
