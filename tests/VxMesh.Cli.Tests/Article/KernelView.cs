using System.Text.Json.Nodes;
using VxMesh.Core.Model;
using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Article;

/// <summary>
/// A namespace's mesh state as iproute2 reports it (the oracle), normalized only where two
/// namespaces must differ: interface indexes, and the marks of ownership. The article's
/// `route add` leaves protocol "boot"; VxMesh's routes carry protocol 118 and point at a nexthop
/// object (nhid); VxMesh's device carries the alias "vxmesh" (any other alias still differs), its neighbours
/// protocol 118 and its FDB entries the flag extern_learn (the article's have neither). IPv6 link-local
/// addresses are left out: the kernel makes them (from the MAC) on its own schedule (DAD).
/// </summary>
public sealed record KernelView(string Link, string Addresses, string Neighbors, string Fdb, string Routes)
{
    private const string Device = "vxlan-test";

    public static KernelView Of(TestNamespace ns) => new(
        Normalize(Unmarked(ns.IpJson("-d", "link", "show", "dev", Device)), "ifindex"),
        Normalize(ns.IpJson("-4", "addr", "show", "dev", Device), "ifindex"),
        Sorted(Marked(ns.IpJson("-4", "neigh", "show", "dev", Device), e => e["protocol"]?.ToString() == "118", e => e.Remove("protocol")), "dst"),
        Sorted(Marked(ns.BridgeJson("fdb", "show", "dev", Device), e => e["flags"] is JsonArray, e => Unflag(e, "extern_learn")), "mac", "ifindex"),
        Sorted(Owned(ns.IpJson("route", "show", "dev", Device)), "dst"));

    private static JsonArray Unmarked(JsonArray links)
    {
        foreach (var link in links.OfType<JsonObject>().Where(l => l["ifalias"]?.GetValue<string>() == Ownership.DeviceAlias))
        {
            link.Remove("ifalias");
        }
        return links;
    }

    /// <summary>Takes VxMesh's mark off the entries that carry it.</summary>
    private static JsonArray Marked(JsonArray entries, Func<JsonObject, bool> carries, Action<JsonObject> unmark)
    {
        foreach (var entry in entries.OfType<JsonObject>().Where(carries))
        {
            unmark(entry);
        }
        return entries;
    }

    private static void Unflag(JsonObject entry, string flag)
    {
        var flags = entry["flags"]!.AsArray();
        foreach (var node in flags.Where(f => f?.ToString() == flag).ToList())
        {
            flags.Remove(node);
        }
    }

    private static JsonArray Owned(JsonArray routes)
    {
        foreach (var route in routes.OfType<JsonObject>())
        {
            // iproute2 prints no protocol for "boot" (what `route add` leaves) and "118" for ours.
            route.Remove("nhid");
            if (route["protocol"]?.GetValue<string>() is "boot" or "118")
            {
                route.Remove("protocol");
            }
        }
        return routes;
    }

    private static string Normalize(JsonArray items, params string[] drop)
    {
        foreach (var item in items.OfType<JsonObject>())
        {
            foreach (var key in drop)
            {
                item.Remove(key);
            }
        }
        return items.ToJsonString();
    }

    private static string Sorted(JsonArray items, string key, params string[] drop)
    {
        var sorted = new JsonArray(items.OfType<JsonObject>()
            .OrderBy(i => i[key]?.ToString(), StringComparer.Ordinal)
            .Select(i => (JsonNode)i.DeepClone()).ToArray());
        return Normalize(sorted, drop);
    }
}
