using System.Diagnostics;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Registry;

/// <summary>Where one etcd keeps its files, and which lab (or bench) owns it.</summary>
/// <param name="Marker">The owner's directory, carried in the process's environment (see <see cref="DetachedProcess"/>).</param>
public sealed record EtcdFiles(string Data, string Pid, string Log, string Marker);

/// <summary>
/// A single-member etcd (Debian's etcd-server) inside a namespace: started detached, waited on
/// until /health says so, stopped with SIGTERM (then SIGKILL) while its data directory stays, so
/// a later start resumes with every key and lease it had. Its peer URL is on the namespace's own
/// loopback; heartbeat 50 ms / election 500 ms make a (re)start elect itself in well under a
/// second, which matters when the lab times an outage. --max-txn-ops is raised because
/// `registry load --with-nodes` writes a whole mesh in one transaction. With a <see cref="LabPki"/>
/// (every lab since issue 11) it serves https with the lab's server certificate and accepts only
/// clients with a certificate from the lab CA (--client-cert-auth: the CN is the etcd user).
/// </summary>
public static class EtcdServer
{
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(20);

    /// <summary>etcd persists on SIGTERM within milliseconds; this only bounds a wedged one.</summary>
    public static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<string> Command(string dataDir, string clientUrl, LabPki? pki = null) =>
    [
        "etcd", "--name", "vxlab", "--data-dir", dataDir,
        "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
        "--initial-cluster", "vxlab=http://127.0.0.1:2380", "--initial-cluster-state", "new",
        "--heartbeat-interval", "50", "--election-timeout", "500", "--max-txn-ops", "20000",
        "--logger", "zap", "--log-level", "warn",
        .. pki is null ? [] : (string[])["--cert-file", pki.ServerCert, "--key-file", pki.ServerKey, "--trusted-ca-file", pki.CaCert, "--client-cert-auth"],
    ];

    public static void Start(string ns, string clientUrl, EtcdFiles files, LabPki? pki = null)
    {
        Directory.CreateDirectory(files.Data);
        DetachedProcess.Start("etcd", ns, Command(files.Data, clientUrl, pki), files.Pid, files.Log, files.Marker);
    }

    public static int? RunningPid(EtcdFiles files) => DetachedProcess.RunningPid(files.Pid, files.Marker);

    /// <summary>Until etcd answers /health from inside its namespace; a timeout or an exit shows its log.</summary>
    /// <param name="pki">With TLS: /health is asked as root (the lab's etcd talks to nobody without a certificate).</param>
    public static async Task WaitHealthyAsync(string ns, string clientUrl, EtcdFiles files, CancellationToken cancel, LabPki? pki = null)
    {
        string[] tls = pki is null ? [] : [.. pki.CurlFlags(Core.Security.RegistryUserNames.Root)];
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < HealthyWithin)
        {
            var probe = await ProcessRunner.RunAsync("ip", Netns.Exec(ns, ["curl", "-s", "--max-time", "1", .. tls, $"{clientUrl}/health"]), Timeouts.Command, cancel);
            if (probe.Ok && probe.Stdout.Contains("\"health\":\"true\"", StringComparison.Ordinal))
            {
                return;
            }
            last = probe.Ok ? probe.Stdout.Trim() : $"curl exit {probe.ExitCode}";
            if (File.Exists(files.Pid) && RunningPid(files) is null)
            {
                throw new LabException($"etcd exited ({files.Log}):\n{LogTail.Of(files.Log)}");
            }
            await Task.Delay(Timeouts.Poll, cancel);
        }
        throw new LabException($"etcd at {clientUrl} was not healthy within {HealthyWithin.TotalSeconds:0} s ({last}); its log ({files.Log}):\n{LogTail.Of(files.Log)}");
    }

    /// <summary>SIGTERM, a bounded wait, SIGKILL. False when it was not running.</summary>
    public static async Task<bool> StopAsync(EtcdFiles files, CancellationToken cancel)
    {
        if (RunningPid(files) is not { } pid)
        {
            return false;
        }
        await ProcessStopper.StopAsync([pid], StopWithin, cancel);
        return true;
    }
}
