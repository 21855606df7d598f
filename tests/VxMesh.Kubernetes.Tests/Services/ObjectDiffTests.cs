using VxMesh.Kubernetes.Services;

namespace VxMesh.Kubernetes.Tests.Services;

public class ObjectDiffTests
{
    [Fact]
    public void Diff_MissingChangedAndLeftOver_ApplyTheFirstTwo_DeleteTheLast()
    {
        var changes = ObjectDiff.Diff(
            new Dictionary<string, string> { ["web/new"] = "h1", ["web/same"] = "h2", ["web/changed"] = "h3" },
            new Dictionary<string, string?> { ["web/same"] = "h2", ["web/changed"] = "old", ["web/gone"] = "h4" });

        Assert.Equal(["web/changed", "web/new"], changes.Apply);
        Assert.Equal(["web/gone"], changes.Delete);
    }

    [Fact]
    public void Diff_AsDesired_WritesNothing_AndAHashRemovedByHandIsRewritten()
    {
        Assert.True(ObjectDiff.Diff(new Dictionary<string, string> { ["a/b"] = "h" }, new Dictionary<string, string?> { ["a/b"] = "h" }).None);
        Assert.Equal(["a/b"], ObjectDiff.Diff(new Dictionary<string, string> { ["a/b"] = "h" }, new Dictionary<string, string?> { ["a/b"] = null }).Apply);
    }
}
