using System.Text.Json;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// The one-line JSON a /healthz or /readyz answers with: <c>{"ok":true,"loop":"2026-…"}</c>, 200 when ok,
/// 503 when not (what a kubelet's httpGet probe and a load balancer read), the fields saying why.
/// </summary>
public static class HealthReply
{
    public static EndpointReply Of(bool ok, params ReadOnlySpan<(string Name, object? Value)> fields)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ok"] = ok };
        foreach (var (name, value) in fields)
        {
            body[name] = value;
        }
        return EndpointReply.OfJson(ok ? 200 : 503, JsonSerializer.Serialize(body));
    }
}
