using System.Net;
using System.Net.NetworkInformation;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using VxMesh.Core.Model;

namespace VxMesh.Core.Rendering;

/// <summary>
/// The one JSON shape every `-o json` uses: camelCase, addresses and MACs as the strings
/// iproute2 prints, enums as kebab-case strings. docs/json.md documents the resulting schemas.
/// </summary>
public static class JsonFormat
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new StringConverter<IPAddress>(IPAddress.Parse, a => a.ToString()));
        options.Converters.Add(new StringConverter<PhysicalAddress>(Mac.Parse, Mac.Format));
        options.Converters.Add(new IPNetworkConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class StringConverter<T>(Func<string, T> parse, Func<T, string> format) : JsonConverter<T>
        where T : class
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            parse(reader.GetString() ?? throw new JsonException($"expected a {typeof(T).Name} string"));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(format(value));
    }

    private sealed class IPNetworkConverter : JsonConverter<IPNetwork>
    {
        public override IPNetwork Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IPNetwork.Parse(reader.GetString() ?? throw new JsonException("expected a CIDR string"));

        public override void Write(Utf8JsonWriter writer, IPNetwork value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
