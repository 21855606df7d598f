namespace VxMesh.Core.Security;

/// <summary>
/// The etcd users `vxmesh registry auth` makes, and the names of their credential files
/// (USER.crt / USER.key, or USER.password): a contract between the verb, the labs and operators.
/// </summary>
public static class RegistryUserNames
{
    /// <summary>etcd's own superuser (manages users and roles; needed to turn auth on).</summary>
    public const string Root = "root";

    /// <summary>May write the whole prefix: `registry load`.</summary>
    public const string Admin = "vxmesh-admin";

    /// <summary>A cluster's agents: read the mesh, write only their own node keys.</summary>
    public static string Cluster(string cluster) => $"vxmesh-cluster-{cluster}";
}
