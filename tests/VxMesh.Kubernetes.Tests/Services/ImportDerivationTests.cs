using VxMesh.Kubernetes.Services;

namespace VxMesh.Kubernetes.Tests.Services;

public class ImportDerivationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private static readonly ExportedPort Http = new("http", "TCP", 80);

    internal static ServiceExportRecord Export(string cluster, string[] ips, DateTimeOffset? at = null, ExportedPort? port = null, string name = "nginx") =>
        new(cluster, "web", name, ServiceExportRecord.ClusterSetIp, "None", [port ?? Http],
            ips.Length == 0 ? [] : [new ExportedEndpoints(ips, [new ExportedPort("http", "TCP", 8080)])], at ?? T0);

    private static readonly HashSet<string> Live = ["c1", "c2", "c3"];

    [Fact]
    public void Derive_OneExport_OneImportWithOneSliceOfTheRemotePods()
    {
        var import = Assert.Single(ImportDerivation.Derive([Export("c2", ["198.19.64.3", "198.19.64.9"])], Live));

        Assert.Equal("web/nginx", import.Service);
        Assert.Equal([Http], import.Ports);
        Assert.Equal(["c2"], import.Clusters);
        var slice = Assert.Single(import.Slices);
        Assert.Equal("c2", slice.SourceCluster);
        Assert.Equal(["198.19.64.3", "198.19.64.9"], slice.Ips);
        Assert.Empty(import.Conflicting);
    }

    [Fact]
    public void Derive_SameServiceFromTwoClusters_MergesTheirEndpoints()
    {
        var import = Assert.Single(ImportDerivation.Derive([Export("c3", ["198.19.128.4"]), Export("c2", ["198.19.64.3"])], Live));

        Assert.Equal(["c2", "c3"], import.Clusters);
        Assert.Equal(["c2", "c3"], import.Slices.Select(s => s.SourceCluster));
    }

    [Fact]
    public void Derive_ConflictingPorts_OldestExportWins_TheOtherIsNamed()
    {
        var older = Export("c3", ["198.19.128.4"], T0);
        var newer = Export("c2", ["198.19.64.3"], T0.AddMinutes(1), new ExportedPort("http", "TCP", 8000));

        var import = Assert.Single(ImportDerivation.Derive([newer, older], Live));

        Assert.Equal("c3", import.Winner);
        Assert.Equal([Http], import.Ports);
        Assert.Equal(["c2"], import.Conflicting);
        Assert.Contains("8000/TCP", ImportDerivation.ConflictOf(newer, older), StringComparison.Ordinal);
        Assert.Null(ImportDerivation.ConflictOf(older, older));
    }

    [Fact]
    public void Derive_ClusterNoLongerInTheRegistry_LeavesTheImport()
    {
        var imports = ImportDerivation.Derive([Export("c2", ["198.19.64.3"]), Export("gone", ["198.18.9.9"], name: "other")], Live);

        Assert.Equal(["web/nginx"], imports.Select(i => i.Service));
    }

    [Fact]
    public void Derive_NoReadyEndpoints_ImportWithoutSlices()
    {
        var import = Assert.Single(ImportDerivation.Derive([Export("c2", [])], Live));

        Assert.Empty(import.Slices);
        Assert.Equal(["c2"], import.Clusters);
    }

    [Fact]
    public void Derive_IsSortedWhateverTheInputOrder()
    {
        var a = Export("c2", ["198.19.64.3"], name: "b");
        var b = Export("c2", ["198.19.64.4"], name: "a");

        Assert.Equal(["web/a", "web/b"], ImportDerivation.Derive([a, b], Live).Select(i => i.Service));
        Assert.Equal(["web/a", "web/b"], ImportDerivation.Derive([b, a], Live).Select(i => i.Service));
    }

    [Fact]
    public void ConflictFor_ConflictingPorts_IsReportedOnTheWinnerToo()
    {
        var older = Export("c3", ["198.19.128.4"], T0);
        var newer = Export("c2", ["198.19.64.3"], T0.AddMinutes(1), new ExportedPort("http", "TCP", 8000));

        Assert.Contains("cluster c2", ImportDerivation.ConflictFor(older, [older, newer]), StringComparison.Ordinal);
        Assert.Contains("cluster c2", ImportDerivation.ConflictFor(newer, [older, newer]), StringComparison.Ordinal);
        Assert.Null(ImportDerivation.ConflictFor(older, [older, Export("c2", ["198.19.64.3"], T0.AddMinutes(1))]));
    }

    [Fact]
    public void Derive_AnExtraPortOfANewerExport_IsInTheUnion_ADifferentNumberForATakenNameIsNot()
    {
        var older = Export("c2", ["198.19.64.3"], T0);
        var newer = Export("c3", ["198.19.128.4"], T0.AddMinutes(1)) with { Ports = [Http, new ExportedPort("stcp", "SCTP", 142), new ExportedPort("http", "TCP", 81)] };

        var import = Assert.Single(ImportDerivation.Derive([older, newer], Live));

        Assert.Equal([Http, new ExportedPort("stcp", "SCTP", 142)], import.Ports);
        Assert.Equal(["c3"], import.Conflicting);
    }
}
