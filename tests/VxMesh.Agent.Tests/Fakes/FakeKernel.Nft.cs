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

    /// <summary>`nft -f` with `table …; delete table …` succeeds whether or not the table existed.</summary>
    public int DeleteIngress()
    {
        Ingress = null;
        return 0;
    }
}
