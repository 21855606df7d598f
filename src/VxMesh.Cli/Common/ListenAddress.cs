using System.Net;

namespace VxMesh.Cli.Common;

/// <summary>An IP:PORT to listen on (the agent's --health-address, the controller's --metrics-address); a usage error otherwise.</summary>
public static class ListenAddress
{
    public static IPEndPoint? Parse(string flag, string? text, int examplePort) =>
        text is null ? null
            : IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0 ? endpoint
            : throw new UsageException($"{flag} '{text}' is not IP:PORT (e.g. 0.0.0.0:{examplePort})");
}
