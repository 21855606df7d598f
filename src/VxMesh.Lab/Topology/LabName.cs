using System.Text.RegularExpressions;

namespace VxMesh.Lab.Topology;

/// <summary>
/// Lab names and the namespace names derived from them. A short name without dashes keeps
/// every prefix unambiguous: labs "seed" and "seed2" own vxlab-seed- and vxlab-seed2-, and
/// neither prefix is a prefix of the other's namespaces.
/// </summary>
public static partial class LabName
{
    public const string NamespacePrefix = "vxlab-";
    public const int MaxLength = 8;

    [GeneratedRegex("^[a-z0-9]{1,8}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    /// <summary>Null when valid, otherwise what is wrong and what to write instead.</summary>
    public static string? Problem(string name) =>
        IsValid(name) ? null
            : $"lab name '{name}' is invalid: use 1 to {MaxLength} lowercase letters or digits (e.g. '{Suggest(name)}'); " +
              "it prefixes every namespace the lab creates";

    /// <summary>The name a file gives its lab: examples/lab-seed.yaml → "seed".</summary>
    public static string FromFile(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        if (stem.StartsWith("lab-", StringComparison.Ordinal))
        {
            stem = stem[4..];
        }
        return Suggest(stem);
    }

    /// <summary>All namespaces of lab <paramref name="lab"/> start with this.</summary>
    public static string Prefix(string lab) => $"{NamespacePrefix}{lab}-";

    public static string Namespace(string lab, string member) => Prefix(lab) + member;

    /// <summary>The lab a namespace name belongs to, or null when it is not a lab namespace.</summary>
    public static string? OwnerOf(string namespaceName)
    {
        if (!namespaceName.StartsWith(NamespacePrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = namespaceName[NamespacePrefix.Length..];
        var dash = rest.IndexOf('-');
        return dash > 0 && IsValid(rest[..dash]) ? rest[..dash] : null;
    }

    private static string Suggest(string text)
    {
        var kept = new string(text.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9').ToArray());
        return kept.Length == 0 ? "lab" : kept[..Math.Min(kept.Length, MaxLength)];
    }
}
