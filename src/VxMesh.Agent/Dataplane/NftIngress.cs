using System.Diagnostics;
using System.Net;
using System.Text.Json;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// Reads and replaces VxMesh's nftables table through the `nft` tool. nftables speaks its own
/// netlink protocol (NETLINK_NETFILTER, batched transactions); `nft -f` already applies a
/// script atomically and `nft -j` prints the table as JSON, so a thin wrapper is the honest
/// amount of code here. Runs in the dataplane's namespace (`ip netns exec` when it has one).
/// </summary>
internal static class NftIngress
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The filter as the kernel holds it; null when our table is absent. A table that is
    /// ours but not shaped as we write it comes back with port 0, so it never equals a plan.</summary>
    public static IngressFilter? Observe(string? netns)
    {
        var (exit, stdout, _) = Run(netns, ["-j", "list", "table", NftRenderer.Family, NftRenderer.Table], stdin: null);
        return exit != 0 ? null : Parse(stdout);
    }

    public static (int Exit, string Error) Apply(string? netns, string script)
    {
        var (exit, _, stderr) = Run(netns, ["-f", "-"], script);
        return (exit, stderr.Trim());
    }

    internal static IngressFilter Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("nftables").EnumerateArray().ToList();
        var sources = Elements(items, NftRenderer.Set)
            .Select(e => e.ValueKind == JsonValueKind.String && IPAddress.TryParse(e.GetString(), out var ip) ? ip : null)
            .ToList();
        var rules = items.Where(i => i.TryGetProperty("rule", out _)).Select(i => i.GetProperty("rule")).ToList();
        var outer = rules.Where(r => Chain(r) == NftRenderer.Chain).ToList();
        var port = outer.Count == 1 && sources.All(s => s is not null) ? DestinationPort(outer[0]) : 0;
        var inner = Elements(items, NftRenderer.InnerSet4).Concat(Elements(items, NftRenderer.InnerSet6)).Select(Prefix).ToList();
        var innerRules = rules.Where(r => Chain(r) == NftRenderer.InnerChain).ToList();
        // Only the shape we write is ours: anything else (a missing rule, a range element) makes the table foreign-shaped.
        var device = innerRules.Count == 2 && inner.All(p => p is not null) ? InnerDevice(innerRules) : null;
        if (rules.Count != outer.Count + innerRules.Count)
        {
            port = 0;
        }
        return new IngressFilter(port, sources.OfType<IPAddress>().OrderBy(AddressOrder.Key).ToValueList())
        {
            Device = device,
            InnerSources = inner.OfType<IPNetwork>().OrderBy(AddressOrder.Key).ToValueList(),
        };
    }

    private static IEnumerable<JsonElement> Elements(List<JsonElement> items, string set) =>
        items
            .Where(i => i.TryGetProperty("set", out var s) && s.GetProperty("name").GetString() == set)
            .SelectMany(i => i.GetProperty("set").TryGetProperty("elem", out var elem) ? elem.EnumerateArray() : Enumerable.Empty<JsonElement>());

    private static string? Chain(JsonElement rule) => rule.TryGetProperty("chain", out var c) ? c.GetString() : null;

    /// <summary>An interval set's element: a bare address (a host prefix) or {"prefix": {"addr", "len"}}.</summary>
    private static IPNetwork? Prefix(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String && IPAddress.TryParse(e.GetString(), out var ip))
        {
            return InnerSources.Host(ip);
        }
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("prefix", out var p)
            && IPAddress.TryParse(p.GetProperty("addr").GetString(), out var address) && p.GetProperty("len").TryGetInt32(out var length))
        {
            return new IPNetwork(address, length);
        }
        return null;
    }

    /// <summary>The `iifname DEV` both inner rules match, provided one checks each family against its set and drops.</summary>
    private static string? InnerDevice(List<JsonElement> rules)
    {
        string? device = null;
        var families = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var exprs = rule.GetProperty("expr").EnumerateArray().ToList();
            var iif = exprs.Where(e => e.TryGetProperty("match", out var m) && m.GetProperty("left").TryGetProperty("meta", out var meta)
                                       && meta.GetProperty("key").GetString() == "iifname")
                .Select(e => e.GetProperty("match").GetProperty("right").GetString()).FirstOrDefault();
            var set = exprs.Where(e => e.TryGetProperty("match", out var m) && m.GetProperty("op").GetString() == "!="
                                       && m.GetProperty("left").TryGetProperty("payload", out _) && m.GetProperty("right").ValueKind == JsonValueKind.String)
                .Select(e => (Protocol: e.GetProperty("match").GetProperty("left").GetProperty("payload").GetProperty("protocol").GetString(),
                              Set: e.GetProperty("match").GetProperty("right").GetString()))
                .FirstOrDefault();
            var drops = exprs.Any(e => e.TryGetProperty("drop", out _));
            var expected = set.Protocol == "ip6" ? "@" + NftRenderer.InnerSet6 : "@" + NftRenderer.InnerSet4;
            if (iif is null || !drops || set.Set != expected || (device is not null && device != iif) || !families.Add(set.Protocol ?? ""))
            {
                return null;
            }
            device = iif;
        }
        return device;
    }

    /// <summary>The `udp dport N` of our outer rule, provided it also drops sources outside the set.</summary>
    private static int DestinationPort(JsonElement rule)
    {
        var exprs = rule.GetProperty("expr").EnumerateArray().ToList();
        var drops = exprs.Any(e => e.TryGetProperty("drop", out _));
        var fromSet = exprs.Any(e => e.TryGetProperty("match", out var m) && m.GetProperty("op").GetString() == "!="
                                      && m.GetProperty("right").ValueKind == JsonValueKind.String && m.GetProperty("right").GetString() == "@" + NftRenderer.Set);
        var port = exprs
            .Where(e => e.TryGetProperty("match", out var m) && m.GetProperty("right").ValueKind == JsonValueKind.Number
                        && m.GetProperty("left").TryGetProperty("payload", out var p) && p.GetProperty("field").GetString() == "dport")
            .Select(e => e.GetProperty("match").GetProperty("right").GetInt32())
            .FirstOrDefault();
        return drops && fromSet ? port : 0;
    }

    private static (int Exit, string Stdout, string Stderr) Run(string? netns, IReadOnlyList<string> args, string? stdin)
    {
        var info = new ProcessStartInfo(netns is null ? "nft" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in netns is null ? args : ["netns", "exec", netns, "nft", .. args])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start nft (install nftables)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin ?? "");
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nft {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
