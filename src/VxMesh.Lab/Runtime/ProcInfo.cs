namespace VxMesh.Lab.Runtime;

/// <summary>What /proc says about a pid: enough to never signal a process that is not ours.</summary>
public static class ProcInfo
{
    /// <summary>True when the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The state follows the parenthesised command name, which may itself hold spaces.
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return state.Length > 0 && state[0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The command line, NULs as spaces; empty when the process is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>
    /// True when the process's environment holds NAME=VALUE. Lab processes carry a marker
    /// variable (see <see cref="DetachedProcess"/>) that survives `ip netns exec` and exec into
    /// dotnet or etcd, so a pid file is trusted only while its pid still runs one of ours.
    /// </summary>
    public static bool HasEnvironment(int pid, string name, string value)
    {
        try
        {
            var wanted = $"{name}={value}";
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains(wanted, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The pid in a pid file, or null when there is none or it is not a number.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out var pid) && pid > 1 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
