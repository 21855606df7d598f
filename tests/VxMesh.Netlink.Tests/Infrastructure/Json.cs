using System.Text.Json;

namespace VxMesh.Netlink.Tests.Infrastructure;

/// <summary>Small readers for iproute2's JSON output.</summary>
internal static class Json
{
    public static string? Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    public static int? Int(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    public static string[] Strings(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToArray()
            : [];

    public static IEnumerable<JsonElement> Items(this JsonElement array) => array.EnumerateArray();
}
