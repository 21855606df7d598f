namespace VxMesh.Bench.DataPath;

/// <summary>How the lab's devices are set while measuring.</summary>
public enum OffloadMode
{
    /// <summary>As the lab left them (the kernel's defaults: TSO/GSO/TX checksum on, GRO on bridges and VXLAN devices).</summary>
    On,

    /// <summary>TSO, GSO, GRO and TX checksumming off, so every packet costs what it costs on a real NIC path.</summary>
    Off,
}

/// <summary>
/// One `vxmesh bench --lab` run. Every figure is taken <see cref="Repeat"/> times, all paths once
/// per round (so a burst of noise on this shared machine hits every path, not just one), and
/// reported as a median.
/// </summary>
/// <param name="Samples">curl requests and ping echoes per path and round.</param>
/// <param name="DurationSeconds">Length of each iperf3 run (one with 1 stream, one with 4).</param>
/// <param name="Repeat">Rounds over all paths.</param>
public sealed record DataPathOptions(int Samples, int DurationSeconds, int Repeat, OffloadMode Offloads)
{
    public const int MaxSamples = 1000;
    public const int MaxDurationSeconds = 60;
    public const int MaxRepeat = 10;

    public static DataPathOptions Default { get; } = new(Samples: 20, DurationSeconds: 3, Repeat: 1, OffloadMode.On);

    /// <summary>Null when valid, otherwise what is out of range.</summary>
    public string? Problem() =>
        Samples is < 1 or > MaxSamples ? $"--samples must be 1..{MaxSamples}"
        : DurationSeconds is < 1 or > MaxDurationSeconds ? $"--duration must be 1..{MaxDurationSeconds} seconds"
        : Repeat is < 1 or > MaxRepeat ? $"--repeat must be 1..{MaxRepeat}"
        : null;
}
