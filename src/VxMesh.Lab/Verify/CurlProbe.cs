using System.Globalization;

namespace VxMesh.Lab.Verify;

/// <summary>What one curl run gave: the body and the timings curl wrote after it.</summary>
public sealed record CurlOutcome(int HttpCode, string Body, double ConnectMs, double FirstByteMs, double TotalMs);

/// <summary>
/// The curl command verify runs in a pod, and the parsing of its output. seeds/004's method:
/// `-w '%{time_connect} %{time_starttransfer} %{time_total}'`, here after the body on a line of
/// its own with the HTTP code in front, so one run gives the answer and the timings.
/// </summary>
public static class CurlProbe
{
    public const int MaxTimeSeconds = 3;

    private const string WriteOut = "\\n%{http_code} %{time_connect} %{time_starttransfer} %{time_total}";

    public static IReadOnlyList<string> Command(string ip) =>
        ["curl", "-s", "-o", "-", "-w", WriteOut, "--max-time", MaxTimeSeconds.ToString(CultureInfo.InvariantCulture), $"http://{ip}/"];

    /// <summary>Null when the output has no timing line (curl did not run properly).</summary>
    public static CurlOutcome? Parse(string stdout)
    {
        var cut = stdout.LastIndexOf('\n');
        var fields = stdout[(cut + 1)..].Trim().Split(' ');
        if (fields.Length != 4 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || !TrySeconds(fields[1], out var connect) || !TrySeconds(fields[2], out var firstByte) || !TrySeconds(fields[3], out var total))
        {
            return null;
        }
        return new CurlOutcome(code, cut < 0 ? "" : stdout[..cut], connect, firstByte, total);
    }

    /// <summary>The value of <paramref name="key"/>= in nginx's one-line answer.</summary>
    public static string? Field(string body, string key) =>
        body.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(f => f.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

    /// <summary>curl's exit codes a lab run can meet, in words.</summary>
    public static string Explain(int exitCode) => exitCode switch
    {
        7 => "connection refused or no route (curl exit 7)",
        28 => $"no answer within {MaxTimeSeconds} s (curl exit 28)",
        52 => "empty reply (curl exit 52)",
        56 => "connection reset (curl exit 56)",
        _ => $"curl exit {exitCode}",
    };

    private static bool TrySeconds(string text, out double ms)
    {
        var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds);
        ms = ok ? Math.Round(seconds * 1000, 3) : 0;
        return ok;
    }
}
