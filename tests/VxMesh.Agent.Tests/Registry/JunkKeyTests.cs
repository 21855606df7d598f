using System.Collections.Concurrent;
using Etcdserverpb;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Agent.Tests.Registry.Support;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry;

/// <summary>
/// 10,000 junk keys under the prefix, written in 100 bursts with an agent pass (a Read) after each:
/// once ~248 MB of log per agent (the whole exclusion list on every change); now each junk key is
/// logged at most once, in short lines, and foreign keys are counted.
/// </summary>
public sealed class JunkKeyTests(EtcdFixture etcd, ITestOutputHelper output) : IClassFixture<EtcdFixture>
{
    private readonly EtcdConnection client = EtcdConnection.Create(etcd.Server.Url);
    private readonly RegistryKeys keys = TestRegistry.NewKeys();

    [Fact]
    public async Task Read_10000JunkKeysIn100Bursts_LogBoundedMeshIntact()
    {
        await TestRegistry.LoadAsync(client, keys);
        await using var peer = TestRegistry.Registrar(client, keys, TestRegistry.Node("p1", "192.0.2.1", "west", "198.18.160.0/24"), output);
        peer.Start();
        Assert.True(await peer.WaitForRegistrationAsync(TimeSpan.FromSeconds(5), default));
        var log = new CapturingLogger();
        await using var source = new EtcdInventorySource(client, keys, log, new EtcdSourceOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)));
        source.Start();
        await Eventually.Holds(() => source.Has("p1"), 5, "the source sees p1");

        for (var burst = 0; burst < 100; burst++)
        {
            var txn = new TxnRequest();
            for (var i = 0; i < 100; i++)
            {
                var n = (burst * 100) + i;
                // Half undecodable node keys, half keys that are not registry keys at all.
                var key = n % 2 == 0 ? keys.Node("east", $"junk{n}") : $"{keys.Prefix}junk/{n}";
                txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(new string('j', 200)) } });
            }
            var revision = (await client.Kv.TxnAsync(txn)).Header.Revision;
            await Eventually.Holds(() => source.Revision >= revision, 5, $"burst {burst} seen");
            Assert.True(source.Has("p1"), "junk never takes the real node out");
        }

        var lines = log.Lines.ToList();
        var bytes = lines.Sum(l => l.Length);
        output.WriteLine($"{lines.Count} lines, {bytes:N0} bytes logged; longest {lines.Max(l => l.Length)}");
        foreach (var line in lines.Where(l => l.Length >= 3_000))
        {
            output.WriteLine(line);
        }
        Assert.All(lines, l => Assert.True(l.Length < 3_000, l[..Math.Min(l.Length, 3_000)]));
        Assert.True(bytes < 300_000, $"{bytes:N0} bytes logged");
        Assert.Contains(lines, l => l.Contains("keys under", StringComparison.Ordinal) && l.Contains("are not registry keys", StringComparison.Ordinal));
        Assert.Equal(5_000, source.Assembled()!.Excluded.Count);
    }

    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
