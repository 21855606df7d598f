using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>Single values that are malformed or out of range.</summary>
public class ValueProblemTests
{
    [Theory]
    [InlineData("192.168.1.300", "not an IP address")]
    [InlineData("192.168.1", "not an IP address")]
    [InlineData("node-1.example", "not an IP address")]
    [InlineData("fe80::1%eth0", "not an IP address")]
    [InlineData("192.168.001.11", "leading zero")]
    [InlineData("192.168.1.11/24", "CIDR, not a single address")]
    public void Parse_InvalidNodeIp_Reported(string ip, string expected)
    {
        var yaml = With(("ip: 192.168.1.11", $"ip: {ip}"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].ip");

        Assert.Equal(LineOf(yaml, $"ip: {ip}"), problem.Line);
        Assert.Contains(expected, problem.Problem);
        Assert.False(string.IsNullOrWhiteSpace(problem.Fix));
    }

    [Fact]
    public void Parse_LeadingZeroIp_FixWritesPlainForm()
    {
        var problem = OnlyProblem(Load(With(("ip: 192.168.1.11", "ip: 192.168.001.011"))), "clusters[0].nodes[0].ip");

        Assert.Contains("192.168.1.11", problem.Fix);
    }

    [Theory]
    [InlineData("10.10.0.0", "is an address, not a CIDR")]
    [InlineData("10.10.0.0/33", "invalid prefix length")]
    [InlineData("10.10.0.0/", "invalid prefix length")]
    [InlineData("10.10.0/16", "not a CIDR")]
    [InlineData("banana", "not a CIDR")]
    public void Parse_InvalidCidr_Reported(string cidr, string expected)
    {
        var yaml = With(("podCidrs: [10.10.0.0/16]", $"podCidrs: [{cidr}]"));

        var problem = ProblemAt(Load(yaml), "clusters[0].podCidrs[0]");

        Assert.Equal(LineOf(yaml, cidr), problem.Line);
        Assert.Contains(expected, problem.Problem);
    }

    [Theory]
    [InlineData("podCidrs: [10.10.0.0/16]", "podCidrs: [10.10.0.1/16]", "clusters[0].podCidrs[0]", "10.10.0.0/16")]
    [InlineData("serviceCidrs: [10.97.0.0/16]", "serviceCidrs: [10.97.3.0/16]", "clusters[1].serviceCidrs[0]", "10.97.0.0/16")]
    [InlineData("podCidrs: [10.10.2.0/24]", "podCidrs: [10.10.2.7/24]", "clusters[0].nodes[1].podCidrs[0]", "10.10.2.0/24")]
    [InlineData("vtepCidr: 172.31.0.0/24", "vtepCidr: 172.31.0.1/24", "mesh.vtepCidr", "172.31.0.0/24")]
    [InlineData("serviceCidrs: [10.97.0.0/16]", "serviceCidrs: [fd00::1/64]", "clusters[1].serviceCidrs[0]", "fd00::/64")]
    public void Parse_NonCanonicalCidr_FixNamesNetwork(string find, string replace, string key, string canonical)
    {
        var yaml = With((find, replace));

        var problem = OnlyProblem(Load(yaml), key);

        Assert.Equal(LineOf(yaml, replace), problem.Line);
        Assert.Contains("host bits", problem.Problem);
        Assert.Equal($"write {canonical}", problem.Fix);
    }

    [Theory]
    [InlineData("c2:6a:9b:e5:39", "not a MAC address", "six colon-separated hex octets")]
    [InlineData("c2-6a-9b-e5-39-8d", "not a MAC address", "six colon-separated hex octets")]
    [InlineData("01:00:5e:00:00:01", "multicast", "02:00:5e:00:00:01")]
    [InlineData("33:33:00:00:00:01", "multicast", "32:33:00:00:00:01")]
    [InlineData("ff:ff:ff:ff:ff:ff", "broadcast", "fe:ff:ff:ff:ff:ff")]
    [InlineData("00:00:00:00:00:00", "all-zero", "02:00:00:00:00:01")]
    public void Parse_BadVtepMac_Reported(string mac, string expected, string fix)
    {
        var yaml = With(("ip: 192.168.1.12\n", $"ip: 192.168.1.12\n        vtepMac: \"{mac}\"\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[1].vtepMac");

        Assert.Equal(LineOf(yaml, mac), problem.Line);
        Assert.Contains(expected, problem.Problem);
        Assert.Contains(fix, problem.Fix);
    }

    [Theory]
    [InlineData("vni: 42", "vni: 0", "mesh.vni", "1..16777215")]
    [InlineData("vni: 42", "vni: 16777216", "mesh.vni", "1..16777215")]
    [InlineData("vni: 42", "vni: -5", "mesh.vni", "1..16777215")]
    [InlineData("vni: 42", "vni: 99999999999999999999999", "mesh.vni", "1..16777215")]
    [InlineData("vni: 42", "vni: 42\n  port: 0", "mesh.port", "1..65535")]
    [InlineData("vni: 42", "vni: 42\n  port: 65536", "mesh.port", "1..65535")]
    [InlineData("vni: 42", "vni: 42\n  mtu: 67", "mesh.mtu", "68..65535")]
    [InlineData("vni: 42", "vni: 42\n  mtu: 65536", "mesh.mtu", "68..65535")]
    [InlineData("cni: flannel", "cni: flannel\n    podMtu: 10", "clusters[1].podMtu", "68..65535")]
    public void Parse_NumberOutOfRange_FixGivesRange(string find, string replace, string key, string range)
    {
        var yaml = With((find, replace));

        var problem = OnlyProblem(Load(yaml), key);

        Assert.Equal(LineOf(yaml, replace.Split('\n')[^1].Trim()), problem.Line);
        Assert.Contains($"outside {range}", problem.Problem);
        Assert.Contains(range, problem.Fix);
    }

    [Fact]
    public void Parse_FractionalMtu_NotAWholeNumber()
    {
        var problem = OnlyProblem(Load(With(("vni: 42", "vni: 42\n  mtu: 1450.5"))), "mesh.mtu");

        Assert.Contains("not a whole number", problem.Problem);
    }

    [Theory]
    [InlineData("vni: 42", "vni: 42\n  backend: vxlan2", "mesh.backend", "vxlan, host-gw, auto")]
    [InlineData("vni: 42", "vni: 42\n  backend: host_gw", "mesh.backend", "'host-gw'")]
    [InlineData("cni: calico", "cni: weave", "clusters[0].cni", "calico, flannel, other")]
    [InlineData("cni: calico", "cni: Calico", "clusters[0].cni", "'calico'")]
    public void Parse_UnknownKeyword_FixListsAllowed(string find, string replace, string key, string fix)
    {
        var yaml = With((find, replace));

        var problem = OnlyProblem(Load(yaml), key);

        Assert.Equal(LineOf(yaml, replace.Split('\n')[^1].Trim()), problem.Line);
        Assert.Contains("unknown", problem.Problem);
        Assert.Contains(fix, problem.Fix);
    }

    [Theory]
    [InlineData("device: vxlan-test-too-long", "mesh.device", "at most 15", "vxlan-test-too-")]
    [InlineData("device: \"vx mesh\"", "mesh.device", "whitespace", "vxmesh")]
    [InlineData("device: \"..\"", "mesh.device", "cannot be an interface name", "vxmesh0")]
    [InlineData("device: vx/mesh", "mesh.device", "'/'", "vxmesh")]
    [InlineData("device: \"\"", "mesh.device", "empty", "vxmesh0")]
    public void Parse_InvalidDeviceName_Reported(string line, string key, string expected, string fix)
    {
        var yaml = With(("vni: 42", $"vni: 42\n  {line}"));

        var problem = OnlyProblem(Load(yaml), key);

        Assert.Equal(LineOf(yaml, "device:"), problem.Line);
        Assert.Contains(expected, problem.Problem);
        Assert.Contains(fix, problem.Fix);
    }

    [Fact]
    public void Parse_UnderlayDevTooLong_Reported()
    {
        var yaml = With(("ip: 192.168.1.21\n", "ip: 192.168.1.21\n        underlayDev: enp0s31f6-storage\n"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].underlayDev");

        Assert.Equal(LineOf(yaml, "underlayDev"), problem.Line);
        Assert.Contains("at most 15", problem.Problem);
    }

    [Theory]
    [InlineData("name: alpha\n", "name: Alpha_1\n", "clusters[0].name", "'alpha-1'")]
    [InlineData("name: beta\n", "name: beta.prod\n", "clusters[1].name", "'beta-prod'")]
    [InlineData("name: alpha-2\n", "name: -alpha-2\n", "clusters[0].nodes[1].name", "'alpha-2'")]
    [InlineData("name: alpha-2\n", "name: Alpha 2\n", "clusters[0].nodes[1].name", "'alpha-2'")]
    public void Parse_InvalidName_FixSuggestsValidName(string find, string replace, string key, string fix)
    {
        var yaml = With((find, replace));

        var problem = ProblemAt(Load(yaml), key);

        Assert.Equal(LineOf(yaml, replace.Trim()), problem.Line);
        Assert.Contains("invalid", problem.Problem);
        Assert.Contains(fix, problem.Fix);
    }

    [Fact]
    public void Parse_NodeNameWithDots_Accepted()
    {
        var result = Load(With(("name: alpha-2\n", "name: alpha-2.dc1.example.com\n")));

        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData("0.0.0.0", "all-zero")]
    [InlineData("224.0.0.5", "multicast")]
    [InlineData("239.1.2.3", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    public void Parse_UnusableNodeIp_Reported(string ip, string why)
    {
        var yaml = With(("ip: 192.168.1.21", $"ip: {ip}"));

        var problem = OnlyProblem(Load(yaml), "clusters[1].nodes[0].ip");

        Assert.Equal(LineOf(yaml, ip), problem.Line);
        Assert.Contains(why, problem.Problem);
        Assert.Contains("unicast", problem.Fix);
    }

    [Theory]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("ff02::1", "multicast")]
    public void Parse_UnusableIPv6NodeIp_Reported(string ip, string why)
    {
        // Onlink single-node document, so no family-mixing problem joins in.
        var yaml = $"clusters:\n  - name: a\n    podCidrs: [10.0.0.0/16]\n    nodes:\n      - name: n\n        ip: \"{ip}\"\n        podCidrs: [10.0.1.0/24]\n";

        var problem = OnlyProblem(Load(yaml), "clusters[0].nodes[0].ip");

        Assert.Equal(6, problem.Line);
        Assert.Contains(why, problem.Problem);
    }
}
