using VxMesh.Lab.Kubelet;

namespace VxMesh.Lab.Tests.Kubernetes;

public class ImageCatalogTests
{
    [Theory]
    [InlineData("nginx", "nginx")]
    [InlineData("nginx:1.19", "nginx")]
    [InlineData("docker.io/library/nginx:1.25-alpine", "nginx")]
    [InlineData("registry.local:5000/nicolaka/netshoot:v0.11", "nicolaka/netshoot")]
    [InlineData("ghcr.io/vxmesh/vxmesh@sha256:0123abcd", "vxmesh/vxmesh")]
    [InlineData("localhost/busybox", "busybox")]
    public void Repository_DropsRegistryTagAndDigest(string image, string expected) =>
        Assert.Equal(expected, ImageCatalog.Repository(image));

    [Theory]
    [InlineData("nginx:1.19", CatalogImage.Nginx)]
    [InlineData("busybox:1.36", CatalogImage.Tools)]
    [InlineData("curlimages/curl", CatalogImage.Tools)]
    [InlineData("networkstatic/iperf3", CatalogImage.Tools)]
    [InlineData("ghcr.io/vxmesh/vxmesh:dev", CatalogImage.Vxmesh)]
    public void Resolve_KnownImages(string image, string kind) => Assert.Equal(kind, ImageCatalog.Resolve(image)?.Kind);

    [Theory]
    [InlineData("redis:7")]
    [InlineData("nginxinc/nginx-unprivileged")]
    [InlineData(null)]
    public void Resolve_UnknownImage_IsNull(string? image) => Assert.Null(ImageCatalog.Resolve(image));

    [Fact]
    public void Argv_FollowsEntrypointAndCmdRules()
    {
        var curl = ImageCatalog.Resolve("curlimages/curl")!;

        Assert.Equal(["curl", "--help"], curl.Argv(null, null));
        Assert.Equal(["curl", "-s", "198.18.1.2"], curl.Argv(null, ["-s", "198.18.1.2"]));
        // command replaces the entrypoint and drops the image's CMD, as a container runtime does.
        Assert.Equal(["sh", "-c", "sleep 1"], curl.Argv(["sh", "-c", "sleep 1"], null));
        Assert.Equal(["sleep", "5"], curl.Argv(["sleep"], ["5"]));
    }

    [Fact]
    public void Nginx_ImageDefaultRunsNginx_OtherCommandsDoNot()
    {
        var nginx = ImageCatalog.Resolve("nginx")!;

        Assert.True(NginxContainer.RunsNginx(nginx, nginx.Argv(null, null)));
        Assert.True(NginxContainer.RunsNginx(nginx, nginx.Argv(["nginx", "-g", "daemon off;"], null)));
        Assert.False(NginxContainer.RunsNginx(nginx, nginx.Argv(["sh", "-c", "sleep 100"], null)));
        Assert.Equal(3, nginx.StopSignal);
    }
}
