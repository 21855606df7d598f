using VxMesh.Lab.Layout;
using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Offloads;

/// <summary>
/// Turns TSO, GSO, GRO and TX checksumming off on every device of a lab, and puts each device back
/// exactly as it was. Why: on veth, bridges and VXLAN devices these offloads let the kernel move
/// 64 KB super-packets end to end and skip checksums, so encapsulation is paid once per 64 KB
/// instead of once per packet and the VXLAN path looks almost free (measured here: vxlan/underlay
/// 0.72–1.0 with offloads, 0.42–0.47 without). A real NIC path segments and checksums every
/// 1500-byte frame, and so does the lab with them off.
///
/// The TX checksum of the mesh's own VXLAN device is left alone: the agent owns that setting
/// (mesh.txChecksumOffload) and would put it back mid-run; with TX checksumming off on the pods'
/// and the underlay's devices every checksum is computed in software before and after it anyway.
///
/// Each device's state is saved before it is changed, so a failure or Ctrl-C part-way through
/// still restores everything touched so far. Restoring is feature by feature from `ethtool -k`'s
/// `requested` values, then checked by reading the device again.
/// </summary>
public sealed class OffloadSwitch
{
    private const int RestorePasses = 2;

    private readonly List<DeviceFeatures> saved = [];
    private readonly List<string> problems = [];
    private readonly List<string> kept = [];

    public IReadOnlyList<string> Problems => problems;

    /// <summary>Off mode: switch everything off. On mode: change nothing. Both: report the state the run measured in.</summary>
    public async Task<OffloadReport> ApplyAsync(LabState lab, OffloadMode mode, CancellationToken cancel)
    {
        var devices = await LabDevices.ListAsync(lab, cancel);
        var states = new DeviceFeatures[devices.Count];
        await ForEachAsync(devices.Count, async (i, token) =>
        {
            var device = devices[i];
            var before = await EthtoolCommands.ReadAsync(device.Namespace, device.Name, token);
            states[i] = mode == OffloadMode.Off ? await TurnOffAsync(device, before, token) : before;
        }, cancel);
        return new OffloadReport(mode, devices.Count, Count(states), kept.Order(StringComparer.Ordinal).ToList(), problems.ToList(), Restored: mode == OffloadMode.On);
    }

    /// <summary>
    /// Puts every changed device back; never cancelled (it is what runs after Ctrl-C), each command
    /// bounded. All devices first, then the check: a bridge's active features follow its ports', so
    /// checking one before its ports are back would report a difference that is about to vanish.
    /// A second pass catches what the first left (a bridge recomputed after its own restore).
    /// </summary>
    public async Task<bool> RestoreAsync()
    {
        List<DeviceFeatures> pending;
        lock (saved)
        {
            pending = saved.ToList();
        }
        var failures = new Dictionary<DeviceFeatures, string>();
        for (var pass = 0; pass < RestorePasses && pending.Count > 0; pass++)
        {
            failures.Clear();
            await ForEachAsync(pending.Count, async (i, token) =>
            {
                var error = await EthtoolCommands.RestoreAsync(pending[i], token);
                if (error is not null)
                {
                    lock (failures)
                    {
                        failures[pending[i]] = error;
                    }
                }
            }, CancellationToken.None);
            var left = new DeviceFeatures[pending.Count];
            await ForEachAsync(pending.Count, async (i, token) =>
            {
                var differs = await EthtoolCommands.DifferencesAsync(pending[i], token);
                if (differs is not null)
                {
                    left[i] = pending[i];
                    lock (failures)
                    {
                        failures.TryAdd(pending[i], differs);
                    }
                }
            }, CancellationToken.None);
            pending = left.Where(d => d is not null).ToList();
        }
        foreach (var (device, error) in failures.Where(f => pending.Contains(f.Key)))
        {
            Problem($"{device.Namespace}/{device.Device}: not restored: {error}");
        }
        return pending.Count == 0;
    }

    private async Task<DeviceFeatures> TurnOffAsync(LabDevice device, DeviceFeatures before, CancellationToken cancel)
    {
        var agentOwned = device.Kind == "vxlan" && !CniOverlay.ReservedDevices.Contains(device.Name);
        if (agentOwned)
        {
            Kept($"{device.Namespace}/{device.Name}: tx checksumming (the agent keeps mesh.txChecksumOffload)");
        }
        var switches = DeviceFeatures.Switches
            .Where(s => before.IsActive(s.Feature) && !(agentOwned && s.Switch == "tx"))
            .SelectMany(s => new[] { s.Switch, "off" })
            .ToList();
        if (switches.Count == 0)
        {
            return before;
        }
        lock (saved)
        {
            saved.Add(before);
        }
        try
        {
            await EthtoolCommands.SetAsync(device.Namespace, device.Name, switches, cancel);
        }
        catch (LabException e)
        {
            Problem($"{device.Namespace}/{device.Name}: {e.Message}");
        }
        return await EthtoolCommands.ReadAsync(device.Namespace, device.Name, cancel);
    }

    private static Dictionary<string, int> Count(IEnumerable<DeviceFeatures> states) =>
        DeviceFeatures.Switches.ToDictionary(s => s.Switch, s => states.Count(d => d.IsActive(s.Feature)));

    private static Task ForEachAsync(int count, Func<int, CancellationToken, ValueTask> body, CancellationToken cancel) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency.Commands, CancellationToken = cancel }, body);

    private void Kept(string what)
    {
        lock (kept)
        {
            kept.Add(what);
        }
    }

    private void Problem(string what)
    {
        lock (problems)
        {
            problems.Add(what);
        }
    }
}
