using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VxMesh.Agent.Tests.Registry.Support;

/// <summary>
/// A real single-member etcd (Debian's etcd-server) on 127.0.0.1 with free client and peer ports
/// and a temporary data directory. <see cref="Stop"/> kills it (an outage); <see cref="Start"/>
/// brings it back on the same ports and data. Without the binary the constructor throws, so the
/// tests fail rather than skip. Disposing kills it and deletes the directory.
/// With <see cref="EtcdTls"/> it serves https with a certificate from the test's CA, and with
/// <see cref="EtcdTls.ClientCertAuth"/> it accepts only clients holding a certificate from that CA.
/// </summary>
public sealed class EtcdServer : IDisposable
{
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(15);
    private readonly string root = Path.Combine(Path.GetTempPath(), $"vxmesh-etcd-{Guid.NewGuid():N}"[..24]);
    private readonly int clientPort;
    private readonly int peerPort;
    private readonly EtcdTls? tls;
    private Process? process;

    static EtcdServer()
    {
        // Two cores: xunit parks the few default pool threads, and timers would wait ~1 s for injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }

    public EtcdServer(EtcdTls? tls = null)
    {
        this.tls = tls;
        Binary = FindBinary();
        Directory.CreateDirectory(root);
        (clientPort, peerPort) = (FreePort(), FreePort());
        tls?.WriteServerFiles(root);
        try
        {
            Start();
        }
        catch
        {
            Dispose(); // an etcd that never became healthy must not outlive the test
            throw;
        }
    }

    public string Binary { get; }

    public string Url => $"{(tls is null ? "http" : "https")}://127.0.0.1:{clientPort}";

    public int ClientPort => clientPort;

    public string DataDir => Path.Combine(root, "data");

    public bool Running => process is { HasExited: false };

    public void Start()
    {
        if (Running)
        {
            return;
        }
        var peer = $"http://127.0.0.1:{peerPort}";
        var args = string.Join(' ',
            "--name t", $"--data-dir {DataDir}",
            $"--listen-client-urls {Url}", $"--advertise-client-urls {Url}",
            $"--listen-peer-urls {peer}", $"--initial-advertise-peer-urls {peer}",
            $"--initial-cluster t={peer}", "--initial-cluster-state new",
            "--heartbeat-interval 50", "--election-timeout 500", "--logger zap", "--log-level warn",
            tls is null ? "" : tls.ServerFlags(root));
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec {Binary} {args} >>{Path.Combine(root, "etcd.log")} 2>&1");
        process = Process.Start(info) ?? throw new InvalidOperationException("cannot start etcd");
        WaitHealthy();
    }

    /// <summary>Kills etcd at once (SIGKILL): clients see the connection drop, as in a crash.</summary>
    public void Stop()
    {
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
        process.Dispose();
        process = null;
    }

    /// <summary>Stops etcd and deletes its data: it comes back empty, at revision 1 (an etcd that lost its data).</summary>
    public void Wipe()
    {
        Stop();
        Directory.Delete(DataDir, recursive: true);
    }

    public string Log() => File.Exists(Path.Combine(root, "etcd.log")) ? File.ReadAllText(Path.Combine(root, "etcd.log")) : "";

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the name is unique.
        }
    }

    private void WaitHealthy()
    {
        using var http = tls?.HealthClient() ?? new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < HealthyWithin)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with {process.ExitCode}: {Log()}");
            }
            try
            {
                var body = http.GetStringAsync($"{Url}/health").GetAwaiter().GetResult();
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"etcd at {Url} not healthy within {HealthyWithin.TotalSeconds} s: {Log()}");
    }

    private static string FindBinary()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "etcd");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("the etcd binary is not installed: run scripts/install-deps.sh test (Debian etcd-server)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
