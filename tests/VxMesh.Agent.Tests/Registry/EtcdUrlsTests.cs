using VxMesh.Agent.Registry.Etcd;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>A password written into an etcd URL is never printed, whatever it holds.</summary>
public sealed class EtcdUrlsTests
{
    [Theory]
    [InlineData("https://east:s3cret@10.0.0.5:2379", "https://east:***@10.0.0.5:2379")]
    [InlineData("http://east:Uv7aW/rc+sx:d7%40EYs@127.0.0.1:2379/", "http://east:***@127.0.0.1:2379/")]
    [InlineData("a:pw@host:2379,https://b:pw2@other:2379", "a:***@host:2379,https://b:***@other:2379")]
    [InlineData("'ftp://u:p@x' is not an etcd client URL", "'ftp://u:***@x' is not an etcd client URL")]
    [InlineData("https://10.0.0.5:2379", "https://10.0.0.5:2379")]
    public void Redact_UserInfo_PasswordReplaced(string text, string expected) =>
        Assert.Equal(expected, EtcdUrls.Redact(text));

    [Fact]
    public void Create_MalformedUrlWithPassword_MessageRedacted()
    {
        var error = Assert.Throws<ArgumentException>(() => EtcdConnection.Create("http://admin:Uv7aW/rcrsxd7@127.0.0.1:2379"));

        Assert.DoesNotContain("Uv7aW", error.Message);
        Assert.Contains("admin:***@", error.Message);
    }

    [Fact]
    public void Create_UrlWithPassword_EndpointAndDescriptionWithoutIt()
    {
        using var etcd = EtcdConnection.Create("https://admin:hunter2@127.0.0.1:2379");

        Assert.Equal("https://127.0.0.1:2379/", etcd.Endpoint.ToString());
        Assert.DoesNotContain("hunter2", etcd.Description);
    }

    [Fact]
    public void Credentials_ToString_NamesUserNotPassword() =>
        Assert.Equal("user east (password redacted)", new EtcdCredentials { User = "east", Password = "hunter2" }.ToString());

    [Fact]
    public void AgentOptions_ToString_UrlRedacted() =>
        Assert.DoesNotContain("hunter2", new EtcdAgentOptions("https://east:hunter2@h:2379", "/vxmesh/", "c", "n", null, [], TimeSpan.FromSeconds(15)).ToString());
}
