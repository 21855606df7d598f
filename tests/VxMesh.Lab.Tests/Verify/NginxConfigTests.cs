using System.Net;
using VxMesh.Core.Model;
using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Tests.Verify;

public class NginxConfigTests
{
    private static readonly PodLayout Pod = new("n1-pod1", "n1", "c1", CniKind.Calico, "vxlab-t-n1-pod1",
        IPAddress.Parse("198.19.1.2"), IPNetwork.Parse("198.19.1.0/24"), IPAddress.Parse("169.254.1.1"), "cali0123456789a");

    [Fact]
    public void Build_ListensOnThePodIpAndAnswersWhoItSaw()
    {
        var text = NginxConfig.Build(Pod, "/run/vxmesh/labs/t/pods/n1-pod1", NginxFeatures.FromVersionOutput(""));

        Assert.Contains("listen 198.19.1.2:80;", text);
        Assert.Contains("return 200 \"pod=n1-pod1 node=n1 cluster=c1 client=$remote_addr\\n\";", text);
        Assert.Contains("worker_processes 1;", text);
    }

    [Fact]
    public void Build_KeepsPidLogAndTempFilesPrivate()
    {
        var text = NginxConfig.Build(Pod, "/d", NginxFeatures.FromVersionOutput(""));

        Assert.Contains("pid /d/nginx.pid;", text);
        Assert.Contains("error_log /d/error.log warn;", text);
        Assert.Contains("client_body_temp_path /d/tmp/client;", text);
        Assert.Contains("scgi_temp_path /d/tmp/scgi;", text);
    }

    [Fact]
    public void FromVersionOutput_LeavesOutDirectivesOfModulesBuiltWithout()
    {
        var features = NginxFeatures.FromVersionOutput("configure arguments: --without-http_uwsgi_module --without-http_scgi_module");

        Assert.Equal(["client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path"], features.TempPathDirectives);
    }
}
