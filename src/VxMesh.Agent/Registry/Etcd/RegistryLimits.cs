namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Bounds on what one registry record may claim, checked where records are decoded: a record past
/// them is unreadable (reported, never used). Anyone who may write one node key could otherwise
/// land thousands of routes on every peer (one valid registration with 4,000 /32 blocks did), or
/// make every agent decode megabytes per event. Every agent and `status` should use the same
/// values: a node one agent accepts and another refuses is in half a mesh.
/// </summary>
/// <param name="MaxNodeBlocks">Pod blocks one node may own (Calico hands out /26 blocks one at a time; 64 is 4,096 pod addresses).</param>
/// <param name="MaxRecordBytes">Size of one value; a node registration with 64 blocks is about 3 KB.</param>
public sealed record RegistryLimits(int MaxNodeBlocks, int MaxRecordBytes)
{
    public const int DefaultMaxNodeBlocks = 64;

    public static RegistryLimits Default { get; } = new(DefaultMaxNodeBlocks, MaxRecordBytes: 64 * 1024);

    /// <summary>Why a value cannot be used before decoding it, or null.</summary>
    internal string? SizeProblem(int bytes) =>
        bytes > MaxRecordBytes ? $"a value of {bytes:N0} bytes, more than the limit of {MaxRecordBytes:N0}" : null;

    /// <summary>Why a decoded registration claims too much, or null.</summary>
    internal string? BlocksProblem(NodeRegistration node) =>
        node.PodCidrs.Count > MaxNodeBlocks
            ? $"claims {node.PodCidrs.Count:N0} pod blocks, more than the limit of {MaxNodeBlocks} per node (agent --max-node-blocks)"
            : null;
}
