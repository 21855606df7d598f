using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>nftables, as far as VxMesh uses it: its one table, replaced or deleted whole.</summary>
public sealed partial class FakeKernel
{
    /// <summary>The ingress filter table; null when absent (as `nft list table` failing).</summary>
    public IngressFilter? Ingress { get; private set; }

    public int ReplaceIngress(IngressFilter filter)
    {
        Ingress = filter;
        return 0;
    }

    /// <summary>`nft add element`: ENOENT without the table; elements already present are kept.</summary>
    public int AddIngressSources(IEnumerable<System.Net.IPAddress> sources)
    {
        if (Ingress is null)
        {
            return VxMesh.Netlink.Errno.ENOENT;
        }
        Ingress = Ingress with { AllowedSources = Ingress.AllowedSources.Union(sources).OrderBy(Core.Model.AddressOrder.Key).ToValueList() };
        return 0;
    }

    /// <summary>`nft delete element`: one absent element fails the whole transaction (ENOENT), as the kernel does.</summary>
    public int RemoveIngressSources(IReadOnlyCollection<System.Net.IPAddress> sources)
    {
        if (Ingress is null || sources.Any(s => !Ingress.AllowedSources.Contains(s)))
        {
            return VxMesh.Netlink.Errno.ENOENT;
        }
        Ingress = Ingress with { AllowedSources = Ingress.AllowedSources.Except(sources).ToValueList() };
        return 0;
    }

    /// <summary>`nft -f` with `table …; delete table …` succeeds whether or not the table existed.</summary>
    public int DeleteIngress()
    {
        Ingress = null;
        return 0;
    }
}
