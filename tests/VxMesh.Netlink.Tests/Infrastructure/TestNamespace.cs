using System.Text.Json;

namespace VxMesh.Netlink.Tests.Infrastructure;

/// <summary>
/// A fresh network namespace "vxnl-XXXXXXXX" for one test, deleted in Dispose whatever happened.
/// Nothing here touches the root namespace: every ip/bridge command carries -n NAME.
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public const string UnderlayAddress = "198.18.0.1";
    public const string PeerUnderlayAddress = "198.18.0.2";

    private readonly VxMesh.Tests.Shared.TestNamespace ns;

    public TestNamespace()
    {
        Root.Require();
        ns = new VxMesh.Tests.Shared.TestNamespace("vxnl");
    }

    public string Name => ns.Name;

    /// <summary>
    /// eth0/eth1 veth pair inside the namespace (dummy is not available on this kernel), both up so
    /// eth0 has carrier, with 198.18.0.1/24 on eth0. Returns eth0's index.
    /// </summary>
    public int CreateUnderlay()
    {
        Ip("link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
        Ip("addr", "add", $"{UnderlayAddress}/24", "dev", "eth0");
        Ip("link", "set", "eth0", "up");
        Ip("link", "set", "eth1", "up");
        return IndexOf("eth0");
    }

    /// <summary>A vxlan made by ip itself (the reference our own creation is compared with); returns its index.</summary>
    public int CreateVxlanWithIp(string name, uint vni, bool up = true)
    {
        Ip("link", "add", name, "type", "vxlan", "id", vni.ToString(), "dstport", "4789",
            "local", UnderlayAddress, "dev", "eth0", "nolearning");
        if (up)
        {
            Ip("link", "set", name, "up");
        }

        return IndexOf(name);
    }

    public string Ip(params string[] arguments) => Tool.Run("ip", ["-n", Name, .. arguments]);

    /// <summary>ip -j ... parsed; an empty output is an empty array.</summary>
    public JsonElement IpJson(params string[] arguments) => Parse(Tool.Run("ip", ["-n", Name, "-j", .. arguments]));

    public JsonElement BridgeJson(params string[] arguments) => Parse(Tool.Run("bridge", ["-n", Name, "-j", .. arguments]));

    public int IndexOf(string device) => IpJson("link", "show", "dev", device)[0].GetProperty("ifindex").GetInt32();

    public RtnlClient OpenClient() => RtnlClient.OpenInNamespace(Name);

    public void Dispose() => ns.Dispose();

    private static JsonElement Parse(string json) =>
        string.IsNullOrWhiteSpace(json) ? JsonDocument.Parse("[]").RootElement : JsonDocument.Parse(json).RootElement.Clone();
}
