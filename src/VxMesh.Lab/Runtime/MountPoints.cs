namespace VxMesh.Lab.Runtime;

/// <summary>
/// Directories the lab's node agents create on the machine so a container can have a volume
/// mounted where its spec says (mounts happen in the container's private mount namespace, but a
/// mount point must exist in the shared filesystem). Each is recorded before it is created and
/// removed by `lab down` when empty, deepest first; what holds files is left and named.
/// </summary>
public static class MountPoints
{
    private static readonly Lock Gate = new();

    /// <summary>
    /// Creates <paramref name="path"/> (a directory, or an empty file for a file mount) and its missing
    /// parents, recording the topmost one it creates.
    /// </summary>
    public static void Create(string recordFile, string path, bool isFile = false)
    {
        var full = Path.GetFullPath(path);
        var topmost = full;
        for (var parent = Path.GetDirectoryName(full); parent is not null && !Directory.Exists(parent); parent = Path.GetDirectoryName(parent))
        {
            topmost = parent;
        }
        if (Directory.Exists(full) || File.Exists(full))
        {
            return;
        }
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(recordFile)!);
            File.AppendAllText(recordFile, topmost + "\n");
        }
        if (isFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, []);
        }
        else
        {
            Directory.CreateDirectory(full);
        }
    }

    /// <summary>Removes every recorded directory tree that holds no file; returns those left behind.</summary>
    public static IReadOnlyList<string> RemoveEmpty(string recordFile)
    {
        if (!File.Exists(recordFile))
        {
            return [];
        }
        var left = new List<string>();
        foreach (var top in File.ReadAllLines(recordFile).Where(l => l.Length > 1).Distinct().OrderByDescending(l => l.Length))
        {
            if (File.Exists(top) && new FileInfo(top).Length == 0)
            {
                File.Delete(top);
            }
            else if (Directory.Exists(top) && !TryRemoveEmptyTree(top))
            {
                left.Add(top);
            }
        }
        return left;
    }

    private static bool TryRemoveEmptyTree(string directory)
    {
        var empty = true;
        foreach (var file in Directory.GetFiles(directory).Where(f => new FileInfo(f).Length == 0))
        {
            // Empty files are mount points for file mounts, made by Create.
            File.Delete(file);
        }
        foreach (var child in Directory.GetDirectories(directory))
        {
            empty &= TryRemoveEmptyTree(child);
        }
        if (!empty || Directory.EnumerateFileSystemEntries(directory).Any())
        {
            return false;
        }
        try
        {
            Directory.Delete(directory);
            return true;
        }
        catch (IOException)
        {
            // Still a mount point of a process that outlived the lab, or busy: leave it.
            return false;
        }
    }
}
