using System.Text.Json;
using VxMesh.Bench.DataPath.Paths;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Runtime;
using VxMesh.Tests.Shared;

namespace VxMesh.Bench.Tests.DataPath;

/// <summary>
/// Outputs captured from the real tools in a running lab (iperf3 3.12, iputils ping, curl,
/// iproute2, ethtool 6.1), read from the source tree. Fixtures/lab-auto is examples/lab-auto.yaml
/// up: its state file and, per node, `ip -j -d addr show`, `ip -j route show proto 118` and the
/// `route get` batch of every pod address.
/// </summary>
internal static class Fixture
{
    public static string Text(params string[] path) => File.ReadAllText(Repo.Path(["tests", "VxMesh.Bench.Tests", "Fixtures", .. path]));

    /// <summary>Through the state file's own JSON shape, so the test does not depend on the record's constructor.</summary>
    public static LabState AutoLab() =>
        JsonSerializer.Deserialize<LabState>(Text("lab-auto", "state.json"), JsonFormat.Options) ?? throw new InvalidOperationException("empty state fixture");

    public static IReadOnlyDictionary<string, NodeRouting> AutoRouting() =>
        AutoLab().Nodes.ToDictionary(n => n.Name, n => NodeRouting.Parse(n.Name, n.Ip,
            Text("lab-auto", $"{n.Name}.addr.json"), Text("lab-auto", $"{n.Name}.routes.json"), Text("lab-auto", $"{n.Name}.lookups.txt")));
}
