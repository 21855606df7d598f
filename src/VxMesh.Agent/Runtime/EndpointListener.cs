using System.Net;
using System.Text;

namespace VxMesh.Agent.Runtime;

/// <summary>What one path answers: the status code, the content type and the body.</summary>
public sealed record EndpointReply(int Status, string ContentType, string Body)
{
    public const string Json = "application/json";

    public static EndpointReply OfJson(int status, string body) => new(status, Json, body);
}

/// <summary>
/// A plain-HTTP listener that hands every request's path to a router and writes its reply: the socket
/// side shared by the agent's and the controller's health and metrics endpoints, so each of them is a
/// pure path → reply function tested without a socket. GET semantics only; a prober that goes away
/// mid-reply is ignored.
/// </summary>
public sealed class EndpointListener : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<string, EndpointReply> route;
    private readonly CancellationTokenSource stop = new();
    private Task? serving;

    public EndpointListener(IPEndPoint address, Func<string, EndpointReply> route)
    {
        this.route = route;
        var host = address.Address.Equals(IPAddress.Any) ? "+" : address.Address.ToString();
        listener.Prefixes.Add($"http://{host}:{address.Port}/");
        Address = address;
    }

    public IPEndPoint Address { get; }

    public void Start()
    {
        listener.Start();
        serving = ServeAsync(stop.Token);
    }

    private async Task ServeAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(cancel);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            var reply = route(context.Request.Url?.AbsolutePath ?? "/");
            var bytes = Encoding.UTF8.GetBytes(reply.Body.EndsWith('\n') ? reply.Body : reply.Body + "\n");
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes, cancel);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
            {
                // The prober went away: nothing to tell it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        if (serving is not null)
        {
            await serving;
        }
        stop.Dispose();
    }
}
