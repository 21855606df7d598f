using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VxMesh.Agent.Tests.Fakes;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Tests.Reconcile;

/// <summary>
/// After any run of peer changes applied by plain (non-resync) passes, the kernel holds
/// exactly the plan and a reconciler that observes it afresh finds nothing to do: the
/// model the passes trusted never drifted from the kernel.
/// </summary>
public class ModelConsistencyTests
{
    private static readonly string[] Peers =
        ["multicluster-test-002", "multicluster-test-003", "multicluster-test-004", "multicluster-test-005", "multicluster-test-006"];

    public enum Edit
    {
        Remove,
        Restore,
        MoveUnderlay,
        ChangeMac,
        ChangeVtepIp,
        AddNewNode,
        DropNewNode,
    }

    public static Arbitrary<(Edit, int)[]> Edits() =>
        Gen.Zip(Gen.Elements(Enum.GetValues<Edit>()), Gen.Choose(0, Peers.Length - 1))
            .ArrayOf().Where(a => a.Length is > 0 and <= 10).ToArbitrary();

    [Fact]
    public void Reconcile_EveryKindOfPeerEditInTurn_FreshObservationFindsNothingToDo()
    {
        AssertConsistentThroughout(Enum.GetValues<Edit>().Select((e, i) => (e, i % Peers.Length)).ToArray());
    }

    [Property(Arbitrary = new[] { typeof(ModelConsistencyTests) }, MaxTest = 60)]
    public void Reconcile_AnyPeerEditSequence_FreshObservationFindsNothingToDo((Edit, int)[] edits)
    {
        AssertConsistentThroughout(edits);
    }

    private static void AssertConsistentThroughout((Edit Kind, int Peer)[] edits)
    {
        var harness = ReconcileHarness.ConvergedOn(TestMesh.Article());
        var inventory = TestMesh.Article();
        foreach (var (kind, peer) in edits)
        {
            inventory = Apply(inventory, kind, Peers[peer]);

            var report = harness.Reconcile(inventory);

            Assert.True(report.Converged, $"{kind} {Peers[peer]}:\n{ReconcileHarness.Describe(report)}");
            KernelAssert.Matches(TestMesh.Plan(inventory), harness.Kernel);
            Assert.Empty(harness.NewReconciler().Reconcile(TestMesh.Plan(inventory)).Results);
        }
    }

    /// <summary>One edit; changed values toggle between the article's and a per-peer alternative, so the inventory stays valid (no shared VTEP IP, MAC or underlay).</summary>
    private static Inventory Apply(Inventory inventory, Edit kind, string peer)
    {
        var (cluster, original) = TestMesh.Article().FindNode(peer)!.Value;
        var present = inventory.FindNode(peer) is not null;
        var hasNew = inventory.FindNode(TestMesh.NewNode().Name) is not null;
        var n = peer[^1] - '0';
        return kind switch
        {
            Edit.Remove => inventory.WithoutNode(peer),
            Edit.Restore when !present => inventory.WithNodeAdded(cluster.Name, original),
            Edit.MoveUnderlay => inventory.WithNode(peer, s => s with { Ip = Toggle(s.Ip, original.Ip, IPAddress.Parse($"192.168.1.{200 + n}")) }),
            Edit.ChangeMac => inventory.WithNode(peer, s => s with { VtepMac = Toggle(s.VtepMac, original.VtepMac, Mac.Parse($"0a:00:00:00:00:0{n}")) }),
            Edit.ChangeVtepIp => inventory.WithNode(peer, s => s with { VtepIp = Toggle(s.VtepIp!, original.VtepIp!, IPAddress.Parse($"179.17.1.{200 + n}")) }),
            Edit.AddNewNode when !hasNew => inventory.WithNodeAdded("test-cluster2", TestMesh.NewNode()),
            Edit.DropNewNode => inventory.WithoutNode(TestMesh.NewNode().Name),
            _ => inventory,
        };
    }

    private static T Toggle<T>(T current, T original, T alternative) where T : notnull => current.Equals(original) ? alternative : original;
}
