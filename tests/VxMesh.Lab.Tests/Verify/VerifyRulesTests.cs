using VxMesh.Lab.Verify;

namespace VxMesh.Lab.Tests.Verify;

public class VerifyRulesTests
{
    private static PairResult Pair(bool cross, bool ok = true, bool preserved = true) =>
        new("a", "b", "c1", cross ? "c2" : "c1", ok, preserved, 1, 2, 3, preserved ? "x" : "y", ok ? null : "curl exit 7");

    [Fact]
    public void Passes_AllPreserved_Passes()
    {
        Assert.True(VerifyRules.Passes([Pair(cross: true), Pair(cross: false)], ippools: true));
    }

    [Fact]
    public void Passes_AFailedConnection_FailsWhateverIppools()
    {
        Assert.False(VerifyRules.Passes([Pair(cross: true, ok: false, preserved: false)], ippools: false));
        Assert.False(VerifyRules.Passes([Pair(cross: false, ok: false, preserved: false)], ippools: true));
    }

    [Fact]
    public void Passes_CrossClusterSnat_FailsOnlyWhenIppoolsPromisedTheSource()
    {
        Assert.False(VerifyRules.Passes([Pair(cross: true, preserved: false)], ippools: true));
        Assert.True(VerifyRules.Passes([Pair(cross: true, preserved: false)], ippools: false));
    }

    [Fact]
    public void Passes_SnatInsideACluster_AlwaysFails()
    {
        Assert.False(VerifyRules.Passes([Pair(cross: false, preserved: false)], ippools: false));
    }
}
