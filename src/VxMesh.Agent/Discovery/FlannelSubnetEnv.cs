using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Agent.Discovery;

/// <summary>
/// flannel's <c>/run/flannel/subnet.env</c>: shell-style KEY=VALUE lines written by flanneld.
/// FLANNEL_SUBNET holds the node's gateway address with the block's length
/// (FLANNEL_SUBNET=10.244.1.1/24), so the block is that address with its host bits cleared.
/// </summary>
public static class FlannelSubnetEnv
{
    public const string DefaultPath = "/run/flannel/subnet.env";

    /// <summary>The node's block, or null when the text has no usable FLANNEL_SUBNET.</summary>
    public static IPNetwork? Parse(string text)
    {
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("FLANNEL_SUBNET=", StringComparison.Ordinal))
            {
                continue;
            }
            var value = line["FLANNEL_SUBNET=".Length..].Trim().Trim('"', '\'');
            var slash = value.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && IPAddress.TryParse(value.AsSpan(0, slash), out var address)
                && int.TryParse(value.AsSpan(slash + 1), out var length)
                && length >= 0 && length <= IpMath.BitWidth(address.AddressFamily))
            {
                return IpMath.Canonical(address, length);
            }
            return null;
        }
        return null;
    }

    /// <summary>The block from the file at <paramref name="path"/>; null when the file is absent or unreadable.</summary>
    public static IPNetwork? Read(string path)
    {
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
