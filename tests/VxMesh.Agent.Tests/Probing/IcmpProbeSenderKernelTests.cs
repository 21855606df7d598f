using System.Net;
using VxMesh.Agent.Probing;
using VxMesh.Netlink;
using VxMesh.Tests.Shared;

namespace VxMesh.Agent.Tests.Probing;

/// <summary>
/// The shared-socket prober against the real kernel: two namespaces joined by a veth pair, the raw
/// sockets opened in the first. Answers are matched to their probes by sequence, a silent address
/// times out, IPv6 works the same way; a round of 1,610 targets settles each exactly once.
/// </summary>
public sealed class IcmpProbeSenderKernelTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly TestNamespace a = new("vxicmp");
    private readonly TestNamespace b = new("vxicmp");
    private readonly IcmpProbeSender sender;

    public IcmpProbeSenderKernelTests()
    {
        a.Ip("link", "add", "a0", "type", "veth", "peer", "name", "b0", "netns", b.Name);
        a.Ip("addr", "add", "198.18.9.1/24", "dev", "a0");
        a.Ip("addr", "add", "2001:db8:9::1/64", "dev", "a0", "nodad");
        b.Ip("addr", "add", "198.18.9.2/24", "dev", "b0");
        b.Ip("addr", "add", "2001:db8:9::2/64", "dev", "b0", "nodad");
        a.Ip("link", "set", "a0", "up");
        b.Ip("link", "set", "b0", "up");
        // Static neighbours, as the mesh has for VTEPs: neighbour discovery on a link just up took a second
        // (its first solicitation lost), which is not what these tests are about.
        var mac = b.IpJson("link", "show", "dev", "b0")[0]!["address"]!.ToString();
        a.Ip("neigh", "replace", "198.18.9.2", "lladdr", mac, "dev", "a0", "nud", "permanent");
        a.Ip("neigh", "replace", "2001:db8:9::2", "lladdr", mac, "dev", "a0", "nud", "permanent");
        sender = new IcmpProbeSender(open: family => Netns.RunIn(a.Name, () => IcmpProbeSender.OpenRaw(family)));
    }

    [Theory]
    [InlineData("198.18.9.2")]
    [InlineData("2001:db8:9::2")]
    public async Task Probe_AnsweringPeer_Rtt(string target)
    {
        var rtt = await ProbeAsync(IPAddress.Parse(target), Timeout);

        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value, TimeSpan.Zero, Timeout);
    }

    [Fact]
    public async Task Probe_SilentAddress_NullAfterTheTimeout()
    {
        Assert.Null(await ProbeAsync(IPAddress.Parse("198.18.9.3"), TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Probe_ManyAtOnceOnOneSocket_EveryAnswerMatchedToItsProbe()
    {
        IPAddress[] targets = [.. Enumerable.Repeat(IPAddress.Parse("198.18.9.2"), 2000), .. Enumerable.Repeat(IPAddress.Parse("198.18.9.3"), 20)];
        var results = new TimeSpan?[targets.Length];

        await sender.RoundAsync(targets, Timeout, (i, rtt) => results[i] = rtt, CancellationToken.None);
        var answers = results[..2000];
        var silences = results[2000..];

        Assert.All(answers, a => Assert.NotNull(a));
        Assert.All(silences, s => Assert.Null(s));
    }

    [Fact]
    public async Task Round_LiveAndSilentTargetsOfBothFamilies_EachSettledOnceAsItIs()
    {
        IPAddress[] targets =
        [
            .. Enumerable.Repeat(IPAddress.Parse("198.18.9.2"), 1500),
            .. Enumerable.Repeat(IPAddress.Parse("198.18.9.3"), 10),
            .. Enumerable.Repeat(IPAddress.Parse("2001:db8:9::2"), 100),
        ];
        var settled = new System.Collections.Concurrent.ConcurrentDictionary<int, TimeSpan?>();
        var twice = 0;

        await sender.RoundAsync(targets, Timeout, (i, rtt) =>
        {
            if (!settled.TryAdd(i, rtt))
            {
                Interlocked.Increment(ref twice);
            }
        }, CancellationToken.None);

        Assert.Equal(0, twice);
        Assert.Equal(targets.Length, settled.Count);
        Assert.All(Enumerable.Range(0, targets.Length), i => Assert.Equal(!targets[i].Equals(IPAddress.Parse("198.18.9.3")), settled[i] is not null));
    }

    /// <summary>A round of one target: its answer, or null.</summary>
    private async Task<TimeSpan?> ProbeAsync(IPAddress target, TimeSpan timeout)
    {
        TimeSpan? answer = null;
        await sender.RoundAsync([target], timeout, (_, rtt) => answer = rtt, CancellationToken.None);
        return answer;
    }

    public void Dispose()
    {
        sender.Dispose();
        a.Dispose();
        b.Dispose();
    }
}
