namespace VxMesh.Bench.DataPath.Paths;

/// <summary>A row to measure: the kind of path, the pair that stands for it, and the underlay row it is compared with.</summary>
/// <param name="Device">The device the source node sends through (eth0, vxmesh0, flannel.1, a pod veth…).</param>
/// <param name="Baseline">The <see cref="PathKind.Id"/> of the underlay row between the same segments; its own id for an underlay row.</param>
public sealed record BenchPath(PathKind Kind, BenchEndpoint From, BenchEndpoint To, string Device, string Baseline)
{
    public bool IsBaseline => Baseline == Kind.Id;
}
