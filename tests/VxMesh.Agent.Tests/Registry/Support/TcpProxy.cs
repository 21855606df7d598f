using System.Net;
using System.Net.Sockets;

namespace VxMesh.Agent.Tests.Registry.Support;

/// <summary>
/// A loopback TCP relay in front of etcd that a test can cut (every connection dropped, new ones
/// refused) and heal: a partition between one client and a still-running etcd.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly int target;
    private readonly Lock gate = new();
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? cut;
    private volatile bool frozen;

    public TcpProxy(int targetPort)
    {
        target = targetPort;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Heal();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// A silent partition: connections stay open but every byte is dropped, as when packets stop
    /// arriving. Only timeouts (keepalive pings) can notice. <see cref="Heal"/> ends it.
    /// </summary>
    public void Freeze() => frozen = true;

    public void Heal()
    {
        lock (gate)
        {
            if (frozen)
            {
                frozen = false;
                CloseAll();
            }
            if (listener is not null)
            {
                return;
            }
            cut = new CancellationTokenSource();
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _ = AcceptAsync(listener, cut.Token);
        }
    }

    /// <summary>Drops every relayed connection (with RST) and refuses new ones until <see cref="Heal"/>.</summary>
    public void Cut()
    {
        lock (gate)
        {
            cut?.Cancel();
            listener?.Stop();
            listener = null;
            CloseAll();
        }
    }

    private void CloseAll()
    {
        lock (gate)
        {
            foreach (var client in open)
            {
                try
                {
                    client.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    // Already closed by its pump.
                }
                client.Dispose();
            }
            open.Clear();
        }
    }

    public void Dispose() => Cut();

    private async Task AcceptAsync(TcpListener server, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await server.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, target, stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            lock (gate)
            {
                if (stop.IsCancellationRequested)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    return;
                }
                open.Add(inbound);
                open.Add(outbound);
            }
            _ = PumpAsync(inbound, outbound, stop);
            _ = PumpAsync(outbound, inbound, stop);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            int read;
            while ((read = await input.ReadAsync(buffer, stop)) > 0)
            {
                if (!frozen)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), stop);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut or closed.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
