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

    /// <summary>`nft -f` of delete then add element lines on the inner interval sets: all or nothing; an absent or overlapping element fails it (ENOENT / EEXIST).</summary>
    public int ChangeInnerSources(IReadOnlyCollection<System.Net.IPNetwork> removed, IReadOnlyCollection<System.Net.IPNetwork> added)
    {
        if (Ingress is null || removed.Any(r => !Ingress.InnerSources.Contains(r)))
        {
            return VxMesh.Netlink.Errno.ENOENT;
        }
        var kept = Ingress.InnerSources.Except(removed).ToList();
        if (added.Any(a => kept.Any(k => k.Contains(a.BaseAddress) || a.Contains(k.BaseAddress))))
        {
            return VxMesh.Netlink.Errno.EEXIST;
        }
        Ingress = Ingress with { InnerSources = kept.Concat(added).OrderBy(Core.Model.AddressOrder.Key).ToValueList() };
        return 0;
    }

    /// <summary>`nft -f` with `table …; delete table …` succeeds whether or not the table existed.</summary>
    public int DeleteIngress()
    {
        Ingress = null;
        return 0;
    }
}
