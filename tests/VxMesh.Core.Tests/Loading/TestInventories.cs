using VxMesh.Core.Loading;

namespace VxMesh.Core.Tests.Loading;

/// <summary>A small valid inventory to break one thing at a time, and helpers to locate problems in it.</summary>
internal static class TestInventories
{
    public const string SourceName = "test.yaml";

    // Two clusters, three nodes, vtepCidr mode with derived VTEP IPs and MACs.
    public const string Valid = """
        mesh:
          vni: 42
          vtepCidr: 172.31.0.0/24
        clusters:
          - name: alpha
            cni: calico
            podCidrs: [10.10.0.0/16]
            serviceCidrs: [10.96.0.0/16]
            nodes:
              - name: alpha-1
                ip: 192.168.1.11
                podCidrs: [10.10.1.0/24]
              - name: alpha-2
                ip: 192.168.1.12
                podCidrs: [10.10.2.0/24]
          - name: beta
            cni: flannel
            podCidrs: [10.20.0.0/16]
            serviceCidrs: [10.97.0.0/16]
            nodes:
              - name: beta-1
                ip: 192.168.1.21
                podCidrs: [10.20.1.0/24]

        """;

    public static InventoryLoadResult Load(string yaml) => InventoryLoader.Parse(yaml, SourceName);

    /// <summary><see cref="Valid"/> with each (find, replace) pair applied; each find must occur exactly once.</summary>
    public static string With(params (string Find, string Replace)[] edits)
    {
        var yaml = Valid;
        foreach (var (find, replace) in edits)
        {
            Assert.True(Occurrences(yaml, find) == 1, $"'{find}' must occur exactly once in the test inventory");
            yaml = yaml.Replace(find, replace, StringComparison.Ordinal);
        }
        return yaml;
    }

    /// <summary>1-based line of the first occurrence of <paramref name="marker"/>.</summary>
    public static int LineOf(string yaml, string marker)
    {
        var index = yaml.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' not found");
        return yaml[..index].Count(c => c == '\n') + 1;
    }

    /// <summary>The only problem reported for <paramref name="key"/>; also checks the load failed as a whole.</summary>
    public static InventoryProblem ProblemAt(InventoryLoadResult result, string key)
    {
        Assert.Null(result.Inventory);
        Assert.False(result.Ok);
        var matching = result.Problems.Where(p => p.Key == key).ToList();
        Assert.True(matching.Count == 1,
            $"expected one problem at {key}, got {matching.Count}:\n{string.Join('\n', result.Problems)}");
        return matching[0];
    }

    /// <summary>Like <see cref="ProblemAt"/>, and no other problem at all: one mistake must not cascade.</summary>
    public static InventoryProblem OnlyProblem(InventoryLoadResult result, string key)
    {
        var problem = ProblemAt(result, key);
        Assert.True(result.Problems.Count == 1, $"expected exactly one problem, got:\n{string.Join('\n', result.Problems)}");
        return problem;
    }

    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VxMesh.slnx")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException("repository root (VxMesh.slnx) not found above the test binaries");
    }

    private static int Occurrences(string text, string find)
    {
        var count = 0;
        for (var i = text.IndexOf(find, StringComparison.Ordinal); i >= 0; i = text.IndexOf(find, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
