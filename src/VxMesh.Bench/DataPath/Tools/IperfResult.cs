using System.Text.Json;

namespace VxMesh.Bench.DataPath.Tools;

/// <summary>One iperf3 run, from its `-J` report.</summary>
/// <param name="BitsPerSecond">What the receiver got (end.sum_received): what crossed the path, not what was queued.</param>
/// <param name="Retransmits">The sender's TCP retransmissions over all streams.</param>
/// <param name="MssBytes">The connection's TCP MSS (start.tcp_mss_default): the path MTU minus 52, so the 50 bytes VXLAN costs show.</param>
/// <param name="Error">iperf3's own error text when the run failed (connection refused, server busy, …).</param>
public sealed record IperfResult(int Streams, double BitsPerSecond, int Retransmits, int? MssBytes, string? Error)
{
    public bool Ok => Error is null && BitsPerSecond > 0;

    public double Gbps => BitsPerSecond / 1e9;

    public static IperfResult Failed(int streams, string error) => new(streams, 0, 0, null, error);

    /// <summary>
    /// Reads iperf3 3.x `-J` output; a report without a receiver sum is a failure naming iperf3's error.
    /// JsonDocument, not JsonNode: iperf3 3.12 repeats keys (sock_bufsize, sndbuf_actual, …) in
    /// `start` once per stream with -P, which JsonObject refuses and JsonDocument reads.
    /// </summary>
    public static IperfResult Parse(string json, int streams)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return Failed(streams, error.GetString() ?? "iperf3 failed");
            }
            if (Path(root, "end", "sum_received", "bits_per_second") is not { ValueKind: JsonValueKind.Number } received)
            {
                return Failed(streams, "iperf3 reported no received sum");
            }
            var retransmits = Path(root, "end", "sum_sent", "retransmits") is { ValueKind: JsonValueKind.Number } r ? r.GetInt32() : 0;
            int? mss = Path(root, "start", "tcp_mss_default") is { ValueKind: JsonValueKind.Number } m ? m.GetInt32() : null;
            return new IperfResult(streams, received.GetDouble(), retransmits, mss, null);
        }
        catch (JsonException e)
        {
            return Failed(streams, $"unreadable iperf3 output ({e.Message})");
        }
    }

    private static JsonElement? Path(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element;
    }
}
