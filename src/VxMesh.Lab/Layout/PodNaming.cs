namespace VxMesh.Lab.Layout;

/// <summary>Names of lab members that are not in the inventory: pods and the fabric.</summary>
public static class PodNaming
{
    /// <summary>The fabric namespace is vxlab-LAB-fabric, so no node may be called this.</summary>
    public const string Fabric = "fabric";

    /// <summary>Pod <paramref name="index"/> (1-based) of <paramref name="node"/>: multicluster-test-001-pod1.</summary>
    public static string Pod(string node, int index) => $"{node}-pod{index}";
}
