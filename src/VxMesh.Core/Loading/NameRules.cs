using System.Text;
using System.Text.RegularExpressions;
using VxMesh.Core.Model;

namespace VxMesh.Core.Loading;

/// <summary>Parsers for names and keywords: cluster and node names, Linux interface names, enum values.</summary>
internal static partial class NameRules
{
    /// <summary>Linux IFNAMSIZ is 16 including the terminating NUL.</summary>
    public const int MaxInterfaceNameBytes = 15;

    private static readonly (string Text, Backend Value)[] Backends =
        [("vxlan", Backend.Vxlan), ("host-gw", Backend.HostGw), ("auto", Backend.Auto)];

    private static readonly (string Text, CniKind Value)[] Cnis =
        [("calico", CniKind.Calico), ("flannel", CniKind.Flannel), ("other", CniKind.Other)];

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex ClusterNamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex NodeNamePattern();

    [GeneratedRegex("[^-a-z0-9.]+")]
    private static partial Regex InvalidNameRun();

    public static bool TryClusterName(string text, out string name, out Issue issue) =>
        TryName(text, "cluster name", 63, allowDots: false, out name, out issue);

    public static bool TryNodeName(string text, out string name, out Issue issue) =>
        TryName(text, "node name", 253, allowDots: true, out name, out issue);

    /// <summary>The kernel's dev_valid_name rules: the name becomes a sysfs path component.</summary>
    public static bool TryInterfaceName(string text, out string name, out Issue issue)
    {
        name = text;
        issue = default;
        var bytes = Encoding.UTF8.GetByteCount(text);
        var problem =
            text.Length == 0 ? "an interface name cannot be empty"
            : bytes > MaxInterfaceNameBytes ? $"interface name '{text}' is {bytes} bytes; Linux allows at most {MaxInterfaceNameBytes}"
            : text is "." or ".." ? $"'{text}' cannot be an interface name"
            : text.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)) ? $"interface name '{text}' contains '/', ':' or whitespace"
            : null;
        if (problem is null)
        {
            return true;
        }
        var cleaned = new string(text.Where(c => c is not ('/' or ':') && !char.IsWhiteSpace(c)).ToArray());
        cleaned = cleaned.Length > MaxInterfaceNameBytes ? cleaned[..MaxInterfaceNameBytes] : cleaned;
        issue = new(problem, cleaned is "" or "." or ".."
            ? "use a name of 1 to 15 characters without '/', ':' or spaces, e.g. vxmesh0"
            : $"use a name of 1 to 15 characters without '/', ':' or spaces, e.g. {cleaned}");
        return false;
    }

    public static bool TryBackend(string text, out Backend value, out Issue issue) =>
        TryKeyword(text, "backend", Backends, out value, out issue);

    public static bool TryCni(string text, out CniKind value, out Issue issue) =>
        TryKeyword(text, "cni", Cnis, out value, out issue);

    private static bool TryName(string text, string what, int maxLength, bool allowDots, out string name, out Issue issue)
    {
        name = text;
        issue = default;
        var pattern = allowDots ? NodeNamePattern() : ClusterNamePattern();
        if (text.Length <= maxLength && pattern.IsMatch(text))
        {
            return true;
        }
        var suggestion = InvalidNameRun().Replace(text.ToLowerInvariant(), "-");
        suggestion = allowDots ? suggestion : suggestion.Replace('.', '-');
        suggestion = suggestion[..Math.Min(suggestion.Length, maxLength)].Trim('-', '.');
        var rule = allowDots
            ? $"lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most {maxLength} characters"
            : $"lowercase letters, digits and '-', starting and ending with a letter or digit, at most {maxLength} characters";
        issue = new($"{what} '{text}' is invalid: it must be {rule}",
            suggestion.Length > 0 ? $"rename it, e.g. to '{suggestion}'" : "rename it, e.g. to 'cluster-a'");
        return false;
    }

    private static bool TryKeyword<T>(string text, string what, (string Text, T Value)[] allowed, out T value, out Issue issue)
    {
        issue = default;
        foreach (var (keyword, v) in allowed)
        {
            if (keyword == text)
            {
                value = v;
                return true;
            }
        }
        value = allowed[0].Value;
        var names = allowed.Select(a => a.Text).ToArray();
        var close = KeySuggestions.Closest(text, names);
        var list = string.Join(", ", names);
        issue = new($"unknown {what} '{text}'",
            close is null ? $"use one of: {list}" : $"write '{close}'; allowed: {list}");
        return false;
    }
}
