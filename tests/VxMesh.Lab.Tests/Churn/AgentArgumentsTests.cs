using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Tests.Churn;

public class AgentArgumentsTests
{
    private static readonly LabPaths Paths = LabPaths.For("aa");

    [Fact]
    public void FileMode_GivesTheInventoryAndTheNode()
    {
        Assert.Equal(["agent", "-f", Paths.Inventory, "--node", "n1"], AgentArguments.FileMode.For(Paths, "c1", "n1"));
    }

    [Fact]
    public void EtcdMode_GivesNoNodeFacts_TheAgentDiscoversThem()
    {
        var args = new AgentArguments("http://198.18.0.2:2379", 10).For(Paths, "c1", "n1");

        Assert.Equal(["agent", "--etcd", "http://198.18.0.2:2379", "--cluster", "c1", "--node", "n1", "--lease-ttl", "10"], args);
        Assert.DoesNotContain("--ip", args);
        Assert.DoesNotContain("--pod-cidr", args);
    }

    [Fact]
    public void EtcdModeWithTls_GivesItsOwnClustersCertificateOnly()
    {
        var args = new AgentArguments("https://198.18.0.2:2379", 10, Tls: true).For(Paths, "c1", "n1");

        Assert.Equal(["agent", "--etcd", "https://198.18.0.2:2379", "--cluster", "c1", "--node", "n1", "--lease-ttl", "10",
            "--etcd-ca", $"{Paths.Pki}/ca.crt", "--etcd-cert", $"{Paths.Pki}/vxmesh-cluster-c1.crt", "--etcd-key", $"{Paths.Pki}/vxmesh-cluster-c1.key"], args);
    }
}
