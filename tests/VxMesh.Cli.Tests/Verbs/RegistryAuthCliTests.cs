using System.Diagnostics;
using System.Text.Json.Nodes;
using VxMesh.Cli.Tests.Support;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Verbs;

/// <summary>
/// `vxmesh registry auth --passwords` through the real CLI, against a real etcd in a fresh
/// namespace: it writes 0600 password files, turns auth on, and from then on the verbs work only
/// with the right user — and no password ever shows in their output.
/// </summary>
public sealed class RegistryAuthCliTests : IDisposable
{
    private const string Url = "http://127.0.0.1:2379";
    private readonly TestNamespace ns = new("vxcli");
    private readonly string dir = Directory.CreateTempSubdirectory("vxmesh-cli-auth-").FullName;
    private readonly Process etcd;

    public RegistryAuthCliTests()
    {
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
        {
            "netns", "exec", ns.Name, "etcd", "--name", "t", "--data-dir", Path.Combine(dir, "data"),
            "--listen-client-urls", Url, "--advertise-client-urls", Url,
            "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
            "--initial-cluster", "t=http://127.0.0.1:2380", "--logger", "zap", "--log-level", "error",
        })
        {
            info.ArgumentList.Add(arg);
        }
        etcd = Process.Start(info)!;
        for (var i = 0; i < 100 && !ns.Exec(["curl", "-s", "--max-time", "1", Url + "/health"]).Stdout.Contains("true", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(100);
        }
    }

    [Fact]
    public void RegistryAuth_Passwords_FilesOwnerOnly_AuthOn_OnlyTheRightUserMayLoad()
    {
        var secrets = Path.Combine(dir, "secrets");
        Vxmesh.RunIn(ns, "registry", "load", "-f", Repo.Path("examples", "seed-000.yaml"), "--etcd", Url).EnsureSuccess("load before auth");

        var auth = Vxmesh.RunIn(ns, "registry", "auth", "--etcd", Url, "--passwords", "--out", secrets, "-o", "json").EnsureSuccess("registry auth");

        var users = JsonNode.Parse(auth.Stdout)!["users"]!.AsArray();
        Assert.Equal(["root", "vxmesh-admin", "vxmesh-cluster-test-cluster1", "vxmesh-cluster-test-cluster2", "vxmesh-cluster-test-cluster3"],
            users.Select(u => (string)u!["user"]!));
        foreach (var file in Directory.GetFiles(secrets))
        {
            Assert.Equal("600", Shell.Run("stat", "-c", "%a", file).Stdout.Trim());
            Assert.DoesNotContain(File.ReadAllText(file).Trim(), auth.Stdout + auth.Stderr);
        }

        var anonymous = Vxmesh.RunIn(ns, "status", "--etcd", Url);
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains("refused the request", anonymous.Stderr);

        var cluster = Vxmesh.RunIn(ns, "registry", "load", "-f", Repo.Path("examples", "seed-000.yaml"), "--etcd", Url,
            "--etcd-user", "vxmesh-cluster-test-cluster1", "--etcd-password-file", Path.Combine(secrets, "vxmesh-cluster-test-cluster1.password"));
        Assert.Equal(1, cluster.ExitCode);
        Assert.Contains("PermissionDenied", cluster.Stderr);

        var admin = File.ReadAllText(Path.Combine(secrets, "vxmesh-admin.password")).Trim();
        Vxmesh.RunIn(ns, "registry", "load", "-f", Repo.Path("examples", "seed-000.yaml"), "--etcd", $"http://vxmesh-admin:{admin}@127.0.0.1:2379")
            .EnsureSuccess("the admin may load (password from the URL)");

        var wrong = Vxmesh.RunIn(ns, "status", "--etcd", "http://vxmesh-admin:not-the-password@127.0.0.1:2379");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("authentication failed", wrong.Stderr);
        Assert.Contains("user vxmesh-admin (password redacted)", wrong.Stderr);
        Assert.DoesNotContain("not-the-password", wrong.Stderr + wrong.Stdout);
    }

    public void Dispose()
    {
        if (!etcd.HasExited)
        {
            etcd.Kill();
            etcd.WaitForExit(5_000);
        }
        etcd.Dispose();
        ns.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
