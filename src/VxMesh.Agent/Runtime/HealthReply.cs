using System.Text;

namespace VxMesh.Agent.Runtime;

/// <summary>
/// The one-line JSON a /healthz or /readyz answers with: <c>{"ok":true,"loop":"2026-…"}</c>, 200 when ok,
/// 503 when not (what a kubelet's httpGet probe and a load balancer read), the fields saying why.
/// </summary>
public static class HealthReply
{
    public static EndpointReply Of(bool ok, params ReadOnlySpan<(string Name, object? Value)> fields)
    {
        var body = new StringBuilder("{\"ok\":").Append(ok ? "true" : "false");
        foreach (var (name, value) in fields)
        {
            body.Append(",\"").Append(name).Append("\":").Append(value switch
            {
                null => "null",
                DateTimeOffset at => $"\"{at:O}\"",
                bool b => b ? "true" : "false",
                _ => System.Text.Json.JsonSerializer.Serialize(value.ToString()),
            });
        }
        return EndpointReply.OfJson(ok ? 200 : 503, body.Append('}').ToString());
    }
}
