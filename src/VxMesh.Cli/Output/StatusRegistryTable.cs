using Spectre.Console;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Loading;
using VxMesh.Core.Model;

namespace VxMesh.Cli.Output;

/// <summary>The human views of `registry load` and `registry show` (the raw side of `status`).</summary>
public static class StatusRegistryTable
{
    public static void WriteLoad(string source, RegistryLoadResult result)
    {
        AnsiConsole.MarkupLine($"loaded mesh settings and {result.Clusters.Count} clusters ({Markup.Escape(string.Join(", ", result.Clusters))}) " +
            $"into {Markup.Escape(source)} at revision {result.Revision}");
        if (result.RemovedClusters.Count > 0)
        {
            AnsiConsole.MarkupLine($"  removed clusters no longer in the file: {Markup.Escape(string.Join(", ", result.RemovedClusters))}");
        }
        if (result.StaticNodes.Count > 0)
        {
            AnsiConsole.MarkupLine($"  static nodes (no lease): {Markup.Escape(string.Join(", ", result.StaticNodes))}");
        }
        if (result.SkippedNodes.Count > 0)
        {
            AnsiConsole.MarkupLine($"  [yellow]left alone[/] (registered live by their agents): {Markup.Escape(string.Join(", ", result.SkippedNodes))}");
        }
    }

    public static void WriteShow(string source, RegistryKeys keys, RegistryContents contents, AssembledInventory assembled)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(source)}[/] at revision {contents.Revision}: {contents.Entries.Count} keys");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("key", "lease", "created", "modified", "holds");
        foreach (var entry in contents.Entries)
        {
            table.AddRow(Markup.Escape(entry.Key), entry.Lease == 0 ? "-" : entry.Lease.ToString("x"),
                $"{entry.CreateRevision}", $"{entry.ModRevision}", Markup.Escape(Summary(keys, contents, entry)));
        }
        AnsiConsole.Write(table);
        WriteAssembly(assembled, contents.Undecodable);
    }

    /// <summary>One line per key; -o json has the full records.</summary>
    private static string Summary(RegistryKeys keys, RegistryContents contents, RegistryEntry entry)
    {
        if (contents.Undecodable.FirstOrDefault(u => u.Key == entry.Key) is { } bad)
        {
            return "unreadable: " + bad.Error;
        }
        return keys.Classify(entry.Key) switch
        {
            RegistryKeyKind.Mesh when contents.Mesh is { } m => $"vni {m.Vni} port {m.Port} dev {m.Device} {(m.VtepCidr is { } c ? $"vtepCidr {c}" : "onlink")}",
            RegistryKeyKind.Cluster when contents.Clusters.FirstOrDefault(c => keys.Cluster(c.Name) == entry.Key) is { } c =>
                $"{c.Cni.ToString().ToLowerInvariant()} pods {string.Join(",", c.PodCidrs)}",
            RegistryKeyKind.Node when contents.Nodes.FirstOrDefault(n => n.Entry.Key == entry.Key) is { } n =>
                $"ip {n.Registration.Ip} vtep {n.Registration.VtepIp?.ToString() ?? "-"} blocks {string.Join(",", n.Registration.PodCidrs)}",
            RegistryKeyKind.VtepIp when RegistryJson.TryDecode<VtepAllocation>(entry.Value.Span, out _) is { } a => $"{a.Cluster}/{a.Node}",
            RegistryKeyKind.Claim when contents.Claims.FirstOrDefault(c => c.Entry.Key == entry.Key) is { } c =>
                $"claim: ip {c.Claim.Ip} vtep {c.Claim.VtepIp?.ToString() ?? "-"} blocks {string.Join(",", c.Claim.PodCidrs)} held until {c.Claim.HeldUntil:u} while away",
            _ => "(not ours)",
        };
    }

    /// <summary>Why the registry does or does not make an inventory: shared by `registry show` and `status`.</summary>
    public static void WriteAssembly(AssembledInventory assembled, IReadOnlyList<UndecodableKey> undecodable)
    {
        if (assembled.Inventory is { } inventory)
        {
            AnsiConsole.MarkupLine($"[green]valid inventory[/]: {inventory.Clusters.Count} clusters, {inventory.AllNodes.Count()} nodes in the mesh");
        }
        foreach (var problem in ProblemReport.Bounded(assembled.Problems))
        {
            AnsiConsole.MarkupLine($"[red]problem[/]: {Markup.Escape(problem)}");
        }
        foreach (var excluded in assembled.Excluded)
        {
            AnsiConsole.MarkupLine($"[yellow]not in the mesh[/]: {Markup.Escape(excluded.Key)}: {Markup.Escape(excluded.Reason)}");
        }
        var excludedKeys = assembled.Excluded.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var bad in undecodable.Where(u => !excludedKeys.Contains(u.Key)))
        {
            AnsiConsole.MarkupLine($"[red]unreadable[/]: {Markup.Escape(bad.Key)}: {Markup.Escape(bad.Error)}");
        }
    }

    /// <summary>`registry show -o json`: decoded records with their etcd metadata, and the assembly's verdict.</summary>
    public static object ShowModel(string source, RegistryContents contents, AssembledInventory assembled) => new
    {
        source,
        contents.Revision,
        contents.Mesh,
        contents.Clusters,
        nodes = contents.Nodes.Select(n => new
        {
            key = n.Entry.Key,
            lease = n.IsStatic ? null : n.Entry.Lease.ToString("x"),
            createRevision = n.Entry.CreateRevision,
            modRevision = n.Entry.ModRevision,
            registration = n.Registration,
        }),
        vtepAllocations = contents.Allocations.OrderBy(a => Core.Addressing.IpMath.ToInteger(a.Key))
            .Select(a => new { ip = a.Key, a.Value.Cluster, a.Value.Node, a.Value.AllocatedAt }),
        contents.Undecodable,
        assembly = new
        {
            valid = assembled.Inventory is not null,
            nodes = assembled.Inventory?.AllNodes.Select(n => n.Node.Name) ?? [],
            assembled.Problems,
            assembled.Excluded,
        },
    };
}
