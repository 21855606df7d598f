using System.Globalization;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Churn;

/// <summary>
/// Reads when an agent did something from its own log, whose lines start with the local time
/// (HH:mm:ss.fff, the console logger's format). The registrar logs "registered on lease" right
/// after etcd acknowledged the write and "deregistered" right after the delete: as close to
/// the registry event as anything outside etcd can see.
/// </summary>
public static class AgentLog
{
    public const string Registered = ": registered on lease ";
    public const string Deregistered = ": deregistered (";

    /// <summary>The time of the first line containing <paramref name="text"/> logged at or after <paramref name="since"/>.</summary>
    public static DateTimeOffset? FirstAfter(LabPaths paths, string node, string text, DateTimeOffset since, TimeProvider time)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(paths.AgentLog(node));
        }
        catch (IOException)
        {
            return null;
        }
        // The log has millisecond stamps; `since` is exact, so allow the stamp's truncation.
        var floor = since - TimeSpan.FromMilliseconds(1);
        return lines.Where(l => l.Contains(text, StringComparison.Ordinal)).Select(l => Stamp(l, time)).OfType<DateTimeOffset>()
            .Where(t => t >= floor).Cast<DateTimeOffset?>().FirstOrDefault();
    }

    /// <summary>The line's time today in <paramref name="time"/>'s local zone (or yesterday, when that would put it in the future: the log crossed midnight).</summary>
    public static DateTimeOffset? Stamp(string line, TimeProvider time)
    {
        if (line.Length < 12 || !TimeSpan.TryParseExact(line[..12], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture, out var ofDay))
        {
            return null;
        }
        var now = time.GetLocalNow();
        var stamp = new DateTimeOffset(now.Date + ofDay, now.Offset);
        return stamp > now + TimeSpan.FromMinutes(1) ? stamp.AddDays(-1) : stamp;
    }
}
