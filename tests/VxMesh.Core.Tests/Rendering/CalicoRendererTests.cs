using VxMesh.Core.Rendering;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Rendering;

/// <summary>The IPPools that stop Calico SNATing traffic to the other clusters, compared to the article's as parsed YAML.</summary>
public class CalicoRendererTests
{
    [Fact]
    public void Render_ArticleCluster1_EqualsTheArticlesIpPools()
    {
        var rendered = CalicoRenderer.Render(ArticleMesh.Build(), "test-cluster1");

        Assert.Equal(YamlDocuments.Parse(ArticleIpPools.Cluster1), YamlDocuments.Parse(rendered));
    }

    [Fact]
    public void Render_ArticleCluster1_PoolNamesInTheArticlesOrder()
    {
        var rendered = CalicoRenderer.Render(ArticleMesh.Build(), "test-cluster1");

        Assert.Equal(["svc-test-cluster2", "pod-test-cluster2", "svc-test-cluster3", "pod-test-cluster3"], YamlDocuments.Values(rendered, "metadata.name"));
        Assert.All(YamlDocuments.Values(rendered, "spec.natOutgoing"), v => Assert.Equal("false", v));
        Assert.All(YamlDocuments.Values(rendered, "spec.disabled"), v => Assert.Equal("true", v));
    }

    [Fact]
    public void Render_ArticleCluster3_EqualsTheArticlesIpPools()
    {
        var rendered = CalicoRenderer.Render(ArticleMesh.Build(), "test-cluster3");

        Assert.Equal(YamlDocuments.Parse(ArticleIpPools.Cluster3), YamlDocuments.Parse(rendered));
    }

    [Fact]
    public void Render_ClusterWithTwoPodAndServiceCidrs_SecondGetsSuffix2()
    {
        var inventory = MeshBuilder.WithVtepCidr("179.17.1.0/24")
            .Cluster("a", "10.1.0.0/16", "10.101.0.0/16", c => c.Node("a1", "192.168.0.11", ["10.1.1.0/24"]))
            .Cluster("b", ["10.2.0.0/16", "10.3.0.0/16"], ["10.102.0.0/16", "10.103.0.0/16"], c => c.Node("b1", "192.168.0.21", ["10.2.1.0/24"]))
            .Build();

        var rendered = CalicoRenderer.Render(inventory, "a");

        Assert.Equal(["svc-b", "svc-b-2", "pod-b", "pod-b-2"], YamlDocuments.Values(rendered, "metadata.name"));
        Assert.Equal(["10.102.0.0/16", "10.103.0.0/16", "10.2.0.0/16", "10.3.0.0/16"], YamlDocuments.Values(rendered, "spec.cidr"));
    }

    [Fact]
    public void Render_AnyArticleCluster_NeverItsOwnCidrs()
    {
        var rendered = CalicoRenderer.Render(ArticleMesh.Build(), "test-cluster2");

        Assert.DoesNotContain("10.235.", rendered);
        Assert.DoesNotContain("test-cluster2", rendered);
        Assert.Equal(4, YamlDocuments.Parse(rendered).Count);
    }
}
