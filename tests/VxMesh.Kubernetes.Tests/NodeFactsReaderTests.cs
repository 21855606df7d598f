using System.Net;
using k8s.Models;
using VxMesh.Core.Model;
using VxMesh.Kubernetes.NodeSource;

namespace VxMesh.Kubernetes.Tests;

public class NodeFactsReaderTests
{
    private static V1Node Node(string? internalIp = "198.18.1.11", IList<string>? podCidrs = null, string? underlayAnnotation = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "node-a",
            Annotations = underlayAnnotation is null ? null : new Dictionary<string, string> { [Names.UnderlayIpAnnotation] = underlayAnnotation },
        },
        Spec = new V1NodeSpec { PodCIDRs = podCidrs },
        Status = new V1NodeStatus
        {
            Addresses = internalIp is null ? [] : [new V1NodeAddress { Address = internalIp, Type = "InternalIP" }, new V1NodeAddress { Address = "node-a", Type = "Hostname" }],
        },
    };

    [Fact]
    public void From_FlannelNode_TakesInternalIpAndPodCidrs()
    {
        var facts = NodeFactsReader.From(Node(podCidrs: ["198.19.2.0/24", "198.19.1.0/24"]), [], CniKind.Flannel, out var missing);

        Assert.Null(missing);
        Assert.Equal(IPAddress.Parse("198.18.1.11"), facts!.Ip);
        Assert.Equal(["198.19.1.0/24", "198.19.2.0/24"], facts.Blocks.Select(b => b.ToString()));
    }

    [Fact]
    public void From_CalicoNode_TakesOnlyConfirmedLiveAffinitiesOfThisNode()
    {
        BlockAffinity[] affinities =
        [
            new("node-a", "198.19.3.0/26", "confirmed", Deleted: false),
            new("node-a", "198.19.4.0/26", "pending", Deleted: false),
            new("node-a", "198.19.5.0/26", "confirmed", Deleted: true),
            new("node-b", "198.19.6.0/26", "confirmed", Deleted: false),
        ];

        var facts = NodeFactsReader.From(Node(podCidrs: ["198.19.9.0/24"]), affinities, CniKind.Calico, out _);

        Assert.Equal(["198.19.3.0/26"], facts!.Blocks.Select(b => b.ToString()));
    }

    [Fact]
    public void From_UnderlayAnnotation_OverridesInternalIp()
    {
        var facts = NodeFactsReader.From(Node(podCidrs: ["198.19.1.0/24"], underlayAnnotation: "198.18.7.7"), [], CniKind.Flannel, out _);

        Assert.Equal(IPAddress.Parse("198.18.7.7"), facts!.Ip);
    }

    [Fact]
    public void From_BadAnnotation_NamesTheAnnotationAndTheFix()
    {
        var facts = NodeFactsReader.From(Node(podCidrs: ["198.19.1.0/24"], underlayAnnotation: "not-an-ip"), [], CniKind.Flannel, out var missing);

        Assert.Null(facts);
        Assert.Contains(Names.UnderlayIpAnnotation, missing);
        Assert.Contains("fix:", missing);
    }

    [Fact]
    public void From_NoAddressOrNoBlock_IsNotThereYet()
    {
        Assert.Null(NodeFactsReader.From(Node(internalIp: null, podCidrs: ["198.19.1.0/24"]), [], CniKind.Flannel, out var noIp));
        Assert.Contains("no InternalIP", noIp);
        Assert.Null(NodeFactsReader.From(Node(), [], CniKind.Flannel, out var noBlock));
        Assert.Contains("--allocate-node-cidrs", noBlock);
        Assert.Null(NodeFactsReader.From(Node(), [], CniKind.Calico, out var noAffinity));
        Assert.Contains("BlockAffinity", noAffinity);
    }

    [Fact]
    public void From_BlocksOfTheOtherFamily_AreIgnored()
    {
        var facts = NodeFactsReader.From(Node(podCidrs: ["2001:db8::/64", "198.19.1.0/24"]), [], CniKind.Flannel, out _);

        Assert.Equal(["198.19.1.0/24"], facts!.Blocks.Select(b => b.ToString()));
    }
}
