using System.Globalization;
using System.Text.RegularExpressions;

namespace VxMesh.Bench.Convergence;

/// <summary>
/// The agent's own account of a pass, from the line its loop logs after each one
/// ("pass (change): 4 changes, 0 failures in 1.3 ms"): the reconciler's clock around diff and
/// apply. Read from a byte offset, so each event's pass is told apart from earlier ones.
/// </summary>
internal static partial class AgentPassLog
{
    [GeneratedRegex(@"pass \((?<reason>[a-z]+)\): (?<changes>\d+) changes, (?<failures>\d+) failures in (?<ms>[0-9.]+) ms")]
    private static partial Regex PassLine();

    public sealed record Pass(string Reason, int Changes, int Failures, double Ms);

    public static long Length(string log) => File.Exists(log) ? new FileInfo(log).Length : 0;

    /// <summary>Passes logged after <paramref name="offset"/> that changed something.</summary>
    public static IReadOnlyList<Pass> ChangesSince(string log, long offset)
    {
        try
        {
            using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            return PassLine().Matches(reader.ReadToEnd())
                .Select(m => new Pass(m.Groups["reason"].Value, Int(m, "changes"), Int(m, "failures"),
                    double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)))
                .Where(p => p.Changes > 0).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
}
