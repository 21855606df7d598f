using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>A 1-based position in the inventory text.</summary>
internal readonly record struct Pos(int Line, int Column)
{
    public static readonly Pos None = new(0, 0);

    public static Pos Of(YamlNode node) => new(checked((int)node.Start.Line), checked((int)node.Start.Column));
}

/// <summary>
/// A value together with where it was written. Checks that run after parsing (overlaps,
/// duplicates) need both sides' positions to name them, so positions travel with values.
/// </summary>
internal sealed record Located<T>(T Value, string Path, Pos Pos)
{
    public string Where => $"{Path}, line {Pos.Line}";
}

/// <summary>Why a text is not an acceptable value, and what to write instead.</summary>
internal readonly record struct Issue(string Problem, string Fix);

/// <summary>Parses one scalar's text; on failure <paramref name="issue"/> says why.</summary>
internal delegate bool ValueParser<T>(string text, out T value, out Issue issue);
