namespace VxMesh.Netlink.Tests.Infrastructure;

/// <summary>Kernel tests need CAP_NET_ADMIN; without it they must fail loudly, never skip.</summary>
internal static class Root
{
    public static void Require()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("this test needs root (CAP_NET_ADMIN) to create network namespaces; run the suite as root");
        }
    }
}
