using VxMesh.Core.Loading;

namespace VxMesh.Agent.Registry;

/// <summary>
/// The inventory file, watched. The directory is watched rather than the file because
/// editors and config management replace files by rename, which a file watch would miss.
/// The file is parsed only when its bytes changed (a resync reads it, hashes it, and is done),
/// and each new inventory comes with the nodes that changed, so an edit to one node of a large
/// file plans one node.
/// </summary>
public sealed class FileInventorySource : IInventorySource
{
    private readonly string path;
    private readonly FileSystemWatcher watcher;
    private readonly Lock gate = new();
    private byte[]? lastHash;
    private InventorySnapshot? last;
    private Core.Model.Inventory? lastGood;
    private long version;

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
        lock (gate)
        {
            var hash = Hash();
            if (hash is not null && last is not null && lastHash is not null && hash.AsSpan().SequenceEqual(lastHash))
            {
                return last;
            }
            var result = InventoryLoader.LoadFile(path);
            if (result.Inventory is not { } inventory)
            {
                // Not remembered as the last read: the next read parses again, and the delta stays relative to the last good one.
                // Bounded: a running agent logs these on every pass while the file stays broken.
                return new InventorySnapshot(null, ProblemReport.Bounded(result.Problems));
            }
            var changes = lastGood is null ? null : InventoryDiff.Between(lastGood, inventory);
            version++;
            last = new InventorySnapshot(inventory, [])
            {
                Version = version,
                Delta = changes is null ? null : new InventoryDelta(version - 1, changes),
            };
            lastGood = inventory;
            lastHash = hash;
            return last;
        }
    }

    /// <summary>
    /// A 64-bit FNV-1a of the file's bytes (null when it cannot be read; the loader then says why).
    /// Not a cryptographic hash on purpose: it only has to notice edits, and loading the crypto
    /// libraries would cost the agent megabytes of resident memory for nothing.
    /// </summary>
    private byte[]? Hash()
    {
        try
        {
            var hash = 14695981039346656037UL;
            foreach (var b in File.ReadAllBytes(path))
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
            return BitConverter.GetBytes(hash);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => watcher.Dispose();
}
