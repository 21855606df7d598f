using System.Text;
using System.Text.Json;
using VxMesh.Core.Rendering;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// Values are the Core's JSON shape (camelCase, addresses and MACs as iproute2 prints them),
/// compact, and strict on the way in: a value missing a required field or holding null where
/// none is allowed fails to decode, so a hand-edited or foreign value is reported, not half-used.
/// </summary>
public static class RegistryJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static byte[] Encode<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static string EncodeText<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>The decoded value, or null with <paramref name="error"/> saying why it could not be read.</summary>
    public static T? TryDecode<T>(ReadOnlySpan<byte> utf8, out string? error)
        where T : class
    {
        try
        {
            error = null;
            return JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new JsonException("the value is JSON null");
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            error = $"not a valid {typeof(T).Name}: {e.Message}";
            return null;
        }
    }

    public static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonFormat.Options)
        {
            WriteIndented = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.MakeReadOnly();
        return options;
    }
}
