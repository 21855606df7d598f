using System.Net;
using System.Net.NetworkInformation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VxMesh.Agent.Reconcile.Tables;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// The inner-source table keeps its set normalised one peer at a time; after any sequence of joins
/// and leaves it must hold exactly what normalising the whole union would give (the planner's answer).
/// Prefixes come from a small nested universe so that covering, uncovering and re-covering all happen.
/// </summary>
public class InnerSourceIncrementalTests
{
    private static readonly IPNetwork[] Universe =
    [
        .. new[] { "198.19.0.0/16", "198.19.0.0/20", "198.19.1.0/24", "198.19.1.0/26", "198.19.1.64/26", "198.19.16.0/20", "198.19.17.0/24", "198.19.250.0/24" }.Select(IPNetwork.Parse),
        .. Enumerable.Range(0, 6).Select(i => IPNetwork.Parse($"198.19.1.{i * 40}/32")),
        .. Enumerable.Range(0, 4).Select(i => IPNetwork.Parse($"198.19.250.{i + 1}/32")),
    ];

    private static readonly ValueList<IPNetwork> SharedRanges = ValueList.Of(IPNetwork.Parse("198.19.16.0/20"));

    /// <summary>A routed peer whose VTEP is <paramref name="vtep"/> and whose blocks are the given prefixes.</summary>
    private static PeerPlan Peer(int id, IPNetwork vtep, IEnumerable<IPNetwork> blocks) =>
        new($"n{id}", "c", IPAddress.Parse("198.18.0.1"), vtep.BaseAddress, PhysicalAddress.Parse("02-00-00-00-00-01"), blocks.ToValueList(), Routed: true, PeerPath.Vxlan);

    [Property(MaxTest = 300)]
    public Property AnySequenceOfJoinsAndLeaves_EqualsNormalisingTheWholeUnion() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 1_000_000)).ToArbitrary(), seeds =>
        {
            var table = new InnerSourceTable();
            table.WantAll(new IngressFilter(4789, ValueList<IPAddress>.Empty) { InnerSources = SharedRanges, InnerRanges = SharedRanges }, []);
            var joined = new Dictionary<int, PeerPlan>();
            foreach (var seed in seeds)
            {
                var id = seed % 5;
                if (joined.Remove(id, out var gone))
                {
                    table.Unwant(gone);
                }
                else
                {
                    var peer = Peer(id, Universe[seed / 5 % Universe.Length], [Universe[seed / 97 % Universe.Length], Universe[seed / 1013 % Universe.Length]]);
                    joined[id] = peer;
                    table.Want(peer);
                }
                var expected = InnerSources.Normalize(SharedRanges.Concat(joined.Values.SelectMany(InnerSources.Of)));
                if (!table.Sorted().SequenceEqual(expected))
                {
                    return false.Label($"after {seed}: table [{string.Join(", ", table.Sorted())}], whole union [{string.Join(", ", expected)}]");
                }
            }
            return true.ToProperty();
        });
}
