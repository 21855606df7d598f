using FsCheck;
using FsCheck.Fluent;

namespace VxMesh.Core.Tests.Support;

/// <summary>FsCheck arbitraries: 1–5 clusters, 1–6 nodes each, 1–3 blocks per node, either addressing mode.</summary>
public static class MeshArbitraries
{
    public static Arbitrary<MeshShape> Shapes() => Arb.From(ShapeGen);

    private static Gen<MeshShape> ShapeGen =>
        from onlink in Gen.Elements(true, false)
        from clusterCount in Gen.Choose(1, 5)
        from clusters in Gen.ArrayOf(ClusterGen, clusterCount)
        select new MeshShape(onlink, clusters);

    private static Gen<IReadOnlyList<int>> ClusterGen =>
        from nodeCount in Gen.Choose(1, 6)
        from blocks in Gen.ArrayOf(Gen.Choose(1, 3), nodeCount)
        select (IReadOnlyList<int>)blocks;
}
