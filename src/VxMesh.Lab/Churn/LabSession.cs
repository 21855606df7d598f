using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Churn;

/// <summary>
/// A verb changing a running lab: the lab's lock (one such verb at a time per lab, so two
/// `node add`s never write the state over each other), its state read under the lock, and the
/// checks every verb starts with. An unknown lab or node is a <see cref="LabInputException"/> (exit 2).
/// </summary>
public sealed class LabSession : IDisposable
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private readonly FileStream lockFile;

    private LabSession(LabPaths paths, FileStream lockFile, LabState state)
    {
        Paths = paths;
        this.lockFile = lockFile;
        State = state;
    }

    public LabPaths Paths { get; }

    public LabState State { get; private set; }

    public static async Task<LabSession> OpenAsync(string lab, CancellationToken cancel)
    {
        var paths = LabPaths.For(lab);
        if (!LabName.IsValid(lab) || LabState.Load(paths) is null)
        {
            var present = LabDown.AllLabs();
            throw new LabInputException($"lab '{lab}' is not up (no {paths.State}); " +
                (present.Count == 0 ? "no lab is; start one with `vxmesh lab up --preset seed --registry etcd`" : $"labs present: {string.Join(", ", present)}"));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // .NET takes an exclusive flock for FileShare.None: released when the process exits, however it exits.
                var file = new FileStream(paths.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var state = LabState.Load(paths);
                if (state is null)
                {
                    file.Dispose();
                    throw new LabInputException($"lab '{lab}' went away (its state file is gone)");
                }
                return new LabSession(paths, file, state);
            }
            catch (IOException) when (clock.Elapsed < LockWait)
            {
                await Task.Delay(Timeouts.Poll, cancel);
            }
            catch (IOException e)
            {
                throw new LabException($"another command has been changing lab {lab} for {LockWait.TotalSeconds:0} s ({paths.Lock}: {e.Message})");
            }
        }
    }

    /// <summary>The topology the lab was built from (its inventory.yaml with the lab section).</summary>
    public LabTopology Topology()
    {
        var loaded = LabLoader.LoadFile(Paths.Inventory, State.Lab);
        return loaded.Topology ?? throw new LabException(
            $"lab {State.Lab}'s topology {Paths.Inventory} no longer loads: {string.Join("; ", Core.Loading.ProblemReport.Bounded(loaded.Problems))}");
    }

    public LabNodeState RequireNode(string name) =>
        State.FindNode(name) ?? throw new LabInputException(
            $"lab {State.Lab} has no node '{name}'; its nodes: {string.Join(", ", State.Nodes.Select(n => n.Name))}");

    /// <summary>The lab's etcd, or why this verb needs one.</summary>
    public LabRegistryState RequireEtcd(string verb) =>
        State.Registry ?? throw new LabInputException(
            $"`{verb}` needs an etcd lab, and lab {State.Lab} runs in file mode (its agents read {Paths.Inventory}); " +
            $"bring it up with `vxmesh lab up ... --registry etcd`");

    public EtcdFiles EtcdFiles(string verb)
    {
        RequireEtcd(verb);
        return LabRegistryState.Files(Paths);
    }

    public void Save(LabState state)
    {
        state.Save(Paths);
        State = state;
    }

    public void Dispose() => lockFile.Dispose();
}
