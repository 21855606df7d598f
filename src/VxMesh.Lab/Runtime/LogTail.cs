namespace VxMesh.Lab.Runtime;

/// <summary>The last lines of a lab process's log, indented, to explain a failure.</summary>
public static class LogTail
{
    public static string Of(string log, int lines = 8)
    {
        try
        {
            var all = File.ReadAllLines(log);
            return all.Length == 0 ? $"    ({Path.GetFileName(log)} is empty)" : string.Join("\n", all.TakeLast(lines).Select(l => "    " + l));
        }
        catch (IOException)
        {
            return $"    (no {Path.GetFileName(log)})";
        }
    }
}
