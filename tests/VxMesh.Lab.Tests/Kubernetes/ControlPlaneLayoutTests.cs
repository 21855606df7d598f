using System.Security.Cryptography.X509Certificates;
using VxMesh.Core.Security;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Scripts;
using VxMesh.Lab.Tests.Support;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Tests.Kubernetes;

public class ControlPlaneLayoutTests
{
    private static LabTopology Seed => LabLoader.LoadPreset("seed", "kp").Topology!;

    [Fact]
    public void Choose_Seed_OneApiServerAddressPerCluster_BesideEtcd()
    {
        var plan = BuildPlan.Create(Seed, withEtcd: true, withKubernetes: true);
        var k8s = plan.Kubernetes!;

        Assert.Equal("198.18.0.0/30", plan.Etcd!.Link.ToString());
        Assert.Equal("198.18.0.8/29", k8s.Link.ToString());
        Assert.Equal(["198.18.0.10", "198.18.0.11", "198.18.0.12"], k8s.Clusters.Select(c => c.Address.ToString()));
        Assert.Equal("https://198.18.0.10:6443", k8s.Cluster("test-cluster1").ApiUrl);
        Assert.Equal("198.18.64.1", k8s.Cluster("test-cluster1").KubernetesServiceIp.ToString());
        Assert.Equal(24, k8s.Cluster("test-cluster1").NodeMaskSize);
        Assert.Equal("198.18.1.254", k8s.Client.Address.ToString());
        Assert.Contains("vxlab-kp-k8s", plan.Namespaces);
        Assert.Contains("vxlab-kp-client", plan.Namespaces);
        Assert.Contains("link add veth-k8s type veth peer name eth0 netns vxlab-kp-k8s", plan.Fabric.Ip);
        Assert.Contains("link set veth-client master br-dc1", plan.Fabric.Ip);
        Assert.Contains("addr add 198.18.0.12/29 dev eth0", plan.KubernetesNamespaces![0].Ip);
    }

    [Fact]
    public void Commands_NameTheClustersOwnRangesAndCredentials()
    {
        var k8s = BuildPlan.Create(Seed, withKubernetes: true).Kubernetes!;
        var c = k8s.Cluster("test-cluster2");
        var paths = new KubernetesPaths(LabPaths.For("kp"));
        var bin = new KubernetesBinaries("/k8s");

        var api = ComponentCommands.ApiServerOf(bin, paths, c);
        var kcm = ComponentCommands.ControllerManagerOf(bin, paths, c);
        var proxy = ComponentCommands.ProxyOf(bin, paths, c, "multicluster-test-003", "198.18.2.16");

        Assert.Contains("--service-cluster-ip-range=198.18.128.0/18", api);
        Assert.Contains("--etcd-prefix=/registry-test-cluster2", api);
        Assert.Contains("--authorization-mode=Node,RBAC", api);
        Assert.Contains("--bind-address=198.18.0.3", api);
        Assert.Contains("--cluster-cidr=198.19.64.0/18", kcm);
        Assert.Contains("--allocate-node-cidrs=true", kcm);
        Assert.Contains("--proxy-mode=iptables", proxy);
        Assert.Contains("--conntrack-max-per-core=0", proxy);
        Assert.Contains("--hostname-override=multicluster-test-003", proxy);
    }

    [Fact]
    public void Authority_IssuesCertificatesKubernetesReadsIdentitiesFrom()
    {
        using var ca = CertificateAuthority.Create("test-ca", TimeProvider.System);
        var node = ca.IssueClient("system:node:n1", "system:nodes");
        var server = ca.IssueServer("kube-apiserver", ["kubernetes.default.svc"], [System.Net.IPAddress.Parse("198.18.0.10")]);

        using var nodeCert = X509Certificate2.CreateFromPem(node.CertificatePem, node.KeyPem);
        using var serverCert = X509Certificate2.CreateFromPem(server.CertificatePem, server.KeyPem);
        using var caCert = X509Certificate2.CreateFromPem(ca.Pem.CertificatePem);
        Assert.Equal("CN=system:node:n1, O=system:nodes", nodeCert.Subject); // .NET prints the RDNs last-encoded first
        Assert.Equal(caCert.Subject, nodeCert.Issuer);
        Assert.True(nodeCert.HasPrivateKey);
        var names = serverCert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("198.18.0.10", names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Contains("kubernetes.default.svc", names.EnumerateDnsNames());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCert);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(serverCert));
    }

    [Fact]
    public void KubernetesKey_InTheLabSection_IsReadAndChecked()
    {
        var on = LabLoader.LoadFile(TestEnvironment.RepoFile("examples/lab-seed.yaml"), "kq");
        Assert.False(on.Topology!.Settings.Kubernetes);

        var text = File.ReadAllText(TestEnvironment.RepoFile("examples/lab-seed.yaml"));
        var withKey = TestTopologies.TopologyOf(text.Replace("  ippools: true", "  ippools: true\n  kubernetes: true", StringComparison.Ordinal), "kq");
        Assert.True(withKey.Settings.Kubernetes);
    }
}
