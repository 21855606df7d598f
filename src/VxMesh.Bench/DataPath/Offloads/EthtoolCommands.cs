using VxMesh.Lab.Runtime;

namespace VxMesh.Bench.DataPath.Offloads;

/// <summary>The ethtool invocations the offload switch needs, each bounded and run inside the device's namespace.</summary>
public static class EthtoolCommands
{
    /// <summary>`ethtool --json -k DEV` inside the namespace.</summary>
    public static async Task<DeviceFeatures> ReadAsync(string ns, string device, CancellationToken cancel)
    {
        var run = await EthtoolAsync(ns, ["--json", "-k", device], cancel);
        return DeviceFeatures.Parse(ns, device, run.Stdout);
    }

    /// <summary>`ethtool -K DEV NAME on|off …` inside the namespace.</summary>
    public static Task SetAsync(string ns, string device, IReadOnlyList<string> features, CancellationToken cancel) =>
        EthtoolAsync(ns, ["-K", device, .. features], cancel);

    /// <summary>Sets back what differs from <paramref name="before"/>; null when done, otherwise why not.</summary>
    public static async Task<string?> RestoreAsync(DeviceFeatures before, CancellationToken cancel)
    {
        try
        {
            var args = before.RestoreArguments(await ReadAsync(before.Namespace, before.Device, cancel));
            if (args.Count > 0)
            {
                await SetAsync(before.Namespace, before.Device, args, cancel);
            }
            return null;
        }
        catch (LabException e)
        {
            return e.Message;
        }
    }

    /// <summary>Null when the device is active exactly as before, otherwise the features that differ.</summary>
    public static async Task<string?> DifferencesAsync(DeviceFeatures before, CancellationToken cancel)
    {
        try
        {
            var differs = before.Differences(await ReadAsync(before.Namespace, before.Device, cancel));
            return differs.Count == 0 ? null : string.Join(", ", differs);
        }
        catch (LabException e)
        {
            return e.Message;
        }
    }

    private static Task<ProcessResult> EthtoolAsync(string ns, IReadOnlyList<string> args, CancellationToken cancel) =>
        ProcessRunner.RunCheckedAsync($"ethtool in {ns}", "ip", Netns.Exec(ns, ["ethtool", .. args]), Timeouts.Command, cancel);
}
