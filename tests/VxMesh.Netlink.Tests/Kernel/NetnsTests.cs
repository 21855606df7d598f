using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class NetnsTests
{
    private const string ThreadNamespace = "/proc/thread-self/ns/net";

    [Fact]
    public void OpenInNamespace_TwoNamespaces_EachClientSeesOnlyItsOwnLinks()
    {
        using var a = new TestNamespace();
        using var b = new TestNamespace();
        a.CreateUnderlay();
        b.CreateUnderlay();
        a.CreateVxlanWithIp("vxnl-a", 1);
        b.CreateVxlanWithIp("vxnl-b", 2);

        using var clientA = RtnlClient.OpenInNamespace(a.Name);
        using var clientB = RtnlClient.OpenInNamespace(b.Name);

        Assert.Contains(clientA.GetLinks(), l => l.Name == "vxnl-a");
        Assert.DoesNotContain(clientA.GetLinks(), l => l.Name == "vxnl-b");
        Assert.NotNull(clientB.GetLink("vxnl-b"));
        Assert.Null(clientB.GetLink("vxnl-a"));
        Assert.Equal(a.Name, clientA.NamespaceName);
    }

    [Fact]
    public void RunIn_Namespace_CallerStaysWhereItWasAndWorkerWasElsewhere()
    {
        using var ns = new TestNamespace();
        var before = NamespaceOfThisThread();

        var inside = Netns.RunIn(ns.Name, NamespaceOfThisThread);

        Assert.Equal(before, NamespaceOfThisThread());
        Assert.NotEqual(before, inside);
        Assert.Equal(inside, Netns.RunIn(ns.Name, NamespaceOfThisThread)); // same namespace every time
    }

    [Fact]
    public void RunIn_ActionThrows_RethrowsOnCaller()
    {
        using var ns = new TestNamespace();
        var error = Assert.Throws<InvalidOperationException>(() => Netns.RunIn<int>(ns.Name, () => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void OpenInNamespace_Missing_ThrowsFileNotFound()
    {
        Root.Require();
        Assert.Throws<FileNotFoundException>(() => RtnlClient.OpenInNamespace("vxnl-does-not-exist"));
    }

    [Fact]
    public async Task Enter_OnThreadPool_Refused()
    {
        using var ns = new TestNamespace();
        var path = Netns.PathOf(ns.Name);
        await Task.Run(() => Assert.Throws<InvalidOperationException>(() => NetnsScope.Enter(path)));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void PathOf_EscapingName_Throws(string name) => Assert.Throws<ArgumentException>(() => Netns.PathOf(name));

    private static string NamespaceOfThisThread() => new FileInfo(ThreadNamespace).LinkTarget!;
}
