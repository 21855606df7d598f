using VxMesh.Lab.Tests.Support;
using VxMesh.Lab.Verify;
using Xunit.Abstractions;

namespace VxMesh.Lab.Tests.EndToEnd;

public sealed class SeedLab : LabFixture
{
    protected override string Yaml => "preset:seed";

    protected override char Tag => 's';

    /// <summary>Path faults are checked in Prometheus too, and the dashboard's queries run on it.</summary>
    protected override bool Metrics => true;
}

/// <summary>The article's six nodes (the preset behind `vxmesh demo`), checked the article's way.</summary>
[Collection(LabCollection.Name)]
public partial class SeedLabTests(SeedLab lab, ITestOutputHelper output) : IClassFixture<SeedLab>
{
    [Fact]
    public void Verify_AllThirtyPairsConnectWithTheirSourceIp()
    {
        Assert.True(lab.Report.Ok, LabFixture.Describe(lab.Report.Pairs.Where(p => !p.Ok || !p.SourcePreserved)));
        Assert.Equal(30, lab.Report.Pairs.Count);
    }

    [Fact]
    public async Task ArticleCheck_Cluster1PodSeesItsOwnIpInTheAnswersOfClusters2And3()
    {
        var requests = await ArticleCheck.RunAsync(lab.State, CancellationToken.None);

        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("multicluster-test-002-pod1", r.From.Name));
        Assert.Equal(["multicluster-test-004-pod1", "multicluster-test-005-pod1"], requests.Select(r => r.To.Name));
        Assert.All(requests, r => Assert.True(r.Ok && r.SourcePreserved, r.Answer));
        Assert.All(requests, r => Assert.EndsWith($"client={r.From.Ip}", r.Answer));
    }

    [Fact]
    public async Task Node001_HasTheArticlesDevice()
    {
        var ns = lab.Node("multicluster-test-001").Namespace;

        var link = Assert.Single(await Kernel.IpJsonAsync(ns, "-d", "link", "show", "vxlan-test"))!;
        Assert.Equal("c2:6a:9b:e5:39:8d", (string)link["address"]!);
        Assert.Equal(10001, (int)link["linkinfo"]!["info_data"]!["id"]!);
        Assert.Equal(4899, (int)link["linkinfo"]!["info_data"]!["port"]!);
        var address = Assert.Single(await Kernel.IpJsonAsync(ns, "addr", "show", "vxlan-test"))!["addr_info"]![0]!;
        Assert.Equal("198.18.250.21", (string)address["local"]!);
        Assert.Equal(24, (int)address["prefixlen"]!);
    }

    [Fact]
    public async Task Underlay_ClustersSitInDifferentRoutedSegments()
    {
        var route = Assert.Single(await Kernel.IpJsonAsync(lab.Node("multicluster-test-001").Namespace, "route", "get", "198.18.2.16"))!;

        Assert.Equal("198.18.1.1", (string)route["gateway"]!);
    }
}
