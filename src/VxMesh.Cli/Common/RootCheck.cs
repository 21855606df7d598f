namespace VxMesh.Cli.Common;

/// <summary>Verbs that change kernel state need CAP_NET_ADMIN; say so plainly instead of failing on EPERM later.</summary>
public static class RootCheck
{
    public static void Require(string verb)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UsageException($"{verb} changes kernel network state and needs root (CAP_NET_ADMIN): run it through sudo, or via ./vxmesh which does");
        }
    }
}
