using VxMesh.Lab.Kubelet;

namespace VxMesh.Lab.Tests.Kubernetes;

public class ContainerEnvironmentTests
{
    private static readonly Dictionary<string, string> Env = new() { ["POD_IP"] = "198.19.47.3", ["NODE"] = "n1" };

    [Theory]
    [InlineData("$(POD_IP):80", "198.19.47.3:80")]
    [InlineData("$(NODE)-$(POD_IP)", "n1-198.19.47.3")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(POD_IP)", "$(POD_IP)")]
    [InlineData("cost $5", "cost $5")]
    [InlineData("$(POD_IP", "$(POD_IP")]
    public void Expand_FollowsKubernetesRules(string text, string expected) =>
        Assert.Equal(expected, ContainerEnvironment.Expand(text, Env));

    [Fact]
    public void Quote_KeepsEveryCharacterLiteral() =>
        Assert.Equal("'it'\\''s $(x) `y`'", ContainerLaunch.Quote("it's $(x) `y`"));

    [Fact]
    public void Script_MountsReadOnlyAndExecsIntoTheLog()
    {
        var script = ContainerLaunch.Script("web-1", [new VolumeMount("/lab/n1/hostpath/data", "/usr/share/nginx/html", ReadOnly: true, IsFile: false)],
            null, "/lab/pods/web.log");

        Assert.Equal(
            "set -e\nhostname 'web-1'\nmount --bind '/lab/n1/hostpath/data' '/usr/share/nginx/html'\n" +
            "mount -o remount,bind,ro '/usr/share/nginx/html'\ncd '/'\nexec \"$@\" >>'/lab/pods/web.log' 2>&1 </dev/null\n", script);
    }
}
