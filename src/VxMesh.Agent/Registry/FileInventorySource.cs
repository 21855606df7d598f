using VxMesh.Core.Loading;

namespace VxMesh.Agent.Registry;

/// <summary>
/// The inventory file, watched. The directory is watched rather than the file because
/// editors and config management replace files by rename, which a file watch would miss.
/// </summary>
public sealed class FileInventorySource : IInventorySource
{
    private readonly string path;
    private readonly FileSystemWatcher watcher;

    public FileInventorySource(string path)
    {
        this.path = path;
        var full = Path.GetFullPath(path);
        watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Changed?.Invoke();
        watcher.Created += (_, _) => Changed?.Invoke();
        watcher.Renamed += (_, _) => Changed?.Invoke();
        watcher.EnableRaisingEvents = true;
    }

    public string Description => path;

    public event Action? Changed;

    public InventorySnapshot Read()
    {
        var result = InventoryLoader.LoadFile(path);
        // Bounded: a running agent logs these on every pass while the file stays broken.
        return new InventorySnapshot(result.Inventory, ProblemReport.Bounded(result.Problems));
    }

    public void Dispose() => watcher.Dispose();
}
