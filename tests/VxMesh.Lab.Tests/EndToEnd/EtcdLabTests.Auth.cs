using VxMesh.Lab.Runtime;
using VxMesh.Lab.Tests.Support;

namespace VxMesh.Lab.Tests.EndToEnd;

/// <summary>
/// The etcd lab's registry is authenticated and scoped by default: TLS from the lab CA, client
/// certificates, one etcd user per cluster. etcdctl (Debian's etcd-client) is the outside client:
/// it runs in a node's namespace, where an attacker on the underlay would be.
/// </summary>
public partial class EtcdLabTests
{
    private const string Etcd = "https://198.18.0.2:2379";

    [Fact]
    public async Task Registry_StatusNamesEndpointsCaAndEveryCredentialFile_AllPresent()
    {
        var registry = LabStatus.Read(lab.Name).Registry!;

        Assert.Equal(("certificates", Etcd), (registry.Auth, Assert.Single(registry.Endpoints!)));
        Assert.True(File.Exists(registry.Ca));
        Assert.Equal(["ea", "wf"], registry.Clusters!.Select(c => c.Cluster));
        foreach (var credential in registry.Clusters!.Append(registry.Admin!))
        {
            Assert.True(File.Exists(credential.Certificate), credential.Certificate);
            Assert.True(File.Exists(credential.Key), credential.Key);
        }
    }

    [Fact]
    public async Task Registry_WithoutAClientCertificate_CannotReadOrWrite()
    {
        var pki = LabPaths.For(lab.Name).Pki;

        var read = await Etcdctl(["--cacert", $"{pki}/ca.crt"], "get", "--prefix", "/vxmesh/", "--keys-only");
        var write = await Etcdctl(["--cacert", $"{pki}/ca.crt"], "put", "/vxmesh/nodes/ea/intruder", "{}");
        var plain = await Etcdctl([], "--endpoints", "http://198.18.0.2:2379", "get", "--prefix", "/vxmesh/");

        Assert.All([read, write, plain], r => Assert.NotEqual(0, r.ExitCode));
        Assert.DoesNotContain("/vxmesh/", read.Stdout);
        var check = await Etcdctl(As("vxmesh-admin"), "get", "/vxmesh/nodes/ea/intruder");
        Assert.Equal((0, ""), (check.ExitCode, check.Stdout.Trim()));
    }

    [Fact]
    public async Task Registry_ClusterCredentials_ReadTheMeshButCannotWriteAnotherClustersKeys()
    {
        var read = await Etcdctl(As("vxmesh-cluster-ea"), "get", "--prefix", "/vxmesh/nodes/", "--keys-only");
        var squat = await Etcdctl(As("vxmesh-cluster-ea"), "put", "/vxmesh/nodes/wf/squatter", "{}");
        var evict = await Etcdctl(As("vxmesh-cluster-ea"), "del", "/vxmesh/nodes/wf/wf-1");
        var mesh = await Etcdctl(As("vxmesh-cluster-wf"), "put", "/vxmesh/mesh", "{}");

        Assert.Equal(0, read.ExitCode);
        Assert.Contains("/vxmesh/nodes/wf/wf-1", read.Stdout);
        Assert.All([squat, evict, mesh], r => Assert.Contains("permission denied", r.Stderr));
        Assert.Contains(System.Net.IPNetwork.Parse("198.19.112.0/24"), await RoutesAsync("ea-1"));
        var wf = await Etcdctl(As("vxmesh-admin"), "get", "--prefix", "/vxmesh/nodes/wf/", "--keys-only");
        Assert.Equal(["/vxmesh/nodes/wf/wf-1"], wf.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private string[] As(string user)
    {
        var pki = LabPaths.For(lab.Name).Pki;
        return ["--cacert", $"{pki}/ca.crt", "--cert", $"{pki}/{user}.crt", "--key", $"{pki}/{user}.key"];
    }

    /// <summary>etcdctl in ea-1's namespace (reaching etcd over the lab's underlay), at most 3 s per command.</summary>
    private Task<ProcessResult> Etcdctl(string[] tls, params string[] args) =>
        Kernel.ExecAsync(Ns("ea-1"), ["env", "ETCDCTL_API=3", "etcdctl", "--endpoints", Etcd, "--dial-timeout", "2s", "--command-timeout", "3s", .. tls, .. args]);
}
