namespace VxMesh.Bench.DataPath.Offloads;

/// <summary>How the lab's devices were set while the bench measured, and whether they were put back.</summary>
/// <param name="Devices">Devices in the lab's namespaces (loopback aside).</param>
/// <param name="ActiveDuringRun">Per switch (tso, gso, gro, tx): on how many devices it was active while measuring.</param>
/// <param name="Kept">What `off` deliberately left alone, and why.</param>
/// <param name="Problems">Devices that refused a change or were not restored exactly.</param>
/// <param name="Restored">Off mode: every changed device is back as it was (checked by reading it again).</param>
public sealed record OffloadReport(
    OffloadMode Mode,
    int Devices,
    IReadOnlyDictionary<string, int> ActiveDuringRun,
    IReadOnlyList<string> Kept,
    IReadOnlyList<string> Problems,
    bool Restored);
