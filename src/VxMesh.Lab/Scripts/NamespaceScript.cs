using VxMesh.Core.Model;

namespace VxMesh.Lab.Scripts;

/// <summary>
/// Everything one namespace needs, in the tools' own input formats: lines for `ip -batch`,
/// lines for `bridge -batch` (FDB entries, which `ip` cannot write), sysctls (key=value, set
/// after the links exist because some are per device) and an nftables ruleset. A person can
/// replay any of them by hand; the unit tests read them without root.
/// </summary>
public sealed record NamespaceScript(
    string Namespace,
    ValueList<string> Ip,
    ValueList<string> Bridge,
    ValueList<string> Sysctls,
    string? Nftables)
{
    public override string ToString() =>
        $"# {Namespace}\n" + string.Join('\n', Ip.Select(l => $"ip {l}")
            .Concat(Bridge.Select(l => $"bridge {l}"))
            .Concat(Sysctls.Select(s => $"sysctl -w {s}"))
            .Concat(Nftables is null ? [] : ["nft -f - <<'EOF'", Nftables.TrimEnd(), "EOF"]));
}

/// <summary>Collects one namespace's lines while a generator walks the layout.</summary>
internal sealed class ScriptWriter(string ns)
{
    private readonly List<string> ip = [];
    private readonly List<string> bridge = [];
    private readonly List<string> sysctls = [];

    public string? Nftables { get; set; }

    public ScriptWriter Ip(string line)
    {
        ip.Add(line);
        return this;
    }

    public ScriptWriter Bridge(string line)
    {
        bridge.Add(line);
        return this;
    }

    public ScriptWriter Sysctl(string keyValue)
    {
        sysctls.Add(keyValue);
        return this;
    }

    public NamespaceScript Build() => new(ns, ip.ToValueList(), bridge.ToValueList(), sysctls.ToValueList(), Nftables);
}
