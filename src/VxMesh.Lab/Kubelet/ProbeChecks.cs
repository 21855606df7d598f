using System.Diagnostics;
using System.Net.Sockets;
using k8s.Models;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// One run of a probe or a preStop hook against a running container, as the kubelet does it:
/// httpGet and tcpSocket from the node (this process runs in the node's namespace) to the pod's
/// address, exec inside the container's namespaces (nsenter into its network, mount and UTS
/// namespaces, with its environment). Success is a 2xx/3xx answer, a connection, an exit code 0.
/// </summary>
public sealed class ProbeChecks(HttpClient http, string podIp, V1Container container)
{
    public async Task<bool> RunAsync(V1Probe probe, int? pid, IReadOnlyDictionary<string, string> env, TimeSpan timeout, CancellationToken cancel) =>
        probe.HttpGet is { } get ? await HttpAsync(get, timeout, cancel)
        : probe.TcpSocket is { } tcp ? await TcpAsync(tcp.Host, tcp.Port, timeout, cancel)
        : probe.Exec is { } exec && pid is { } p && await ExecAsync(p, exec.Command, env, timeout, cancel) == 0;

    public async Task<bool> HttpAsync(V1HTTPGetAction get, TimeSpan timeout, CancellationToken cancel)
    {
        var scheme = get.Scheme?.ToLowerInvariant() == "https" ? "https" : "http";
        var path = string.IsNullOrEmpty(get.Path) ? "/" : get.Path.StartsWith('/') ? get.Path : "/" + get.Path;
        var uri = new Uri($"{scheme}://{get.Host ?? podIp}:{Port(get.Port)}{path}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.ParseAdd("kube-probe/1.20");
        foreach (var header in get.HttpHeaders ?? [])
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<bool> TcpAsync(string? host, IntOrString port, TimeSpan timeout, CancellationToken cancel)
    {
        using var client = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host ?? podIp, Port(port), deadline.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The command's exit code inside the container, or -1 when it could not run or ran past the timeout (it is killed).</summary>
    public static async Task<int> ExecAsync(int pid, IList<string> command, IReadOnlyDictionary<string, string> env, TimeSpan timeout, CancellationToken cancel)
    {
        var info = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-t", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "-m", "-u", "--", .. command])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Clear();
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info);
        if (process is null)
        {
            return -1;
        }
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(CancellationToken.None), process.StandardError.ReadToEndAsync(CancellationToken.None));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await drain;
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancel.ThrowIfCancellationRequested();
            return -1;
        }
    }

    /// <summary>A port by number or by the name of one of the container's ports.</summary>
    public int Port(IntOrString port)
    {
        if (int.TryParse(port.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        return container.Ports?.FirstOrDefault(p => p.Name == port.Value)?.ContainerPort
            ?? throw new InvalidOperationException($"container {container.Name} has no port named {port.Value}");
    }
}
