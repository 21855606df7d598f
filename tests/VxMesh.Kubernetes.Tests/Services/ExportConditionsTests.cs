using VxMesh.Kubernetes.Services;

namespace VxMesh.Kubernetes.Tests.Services;

public class ExportConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private static readonly ExportOutcome Good = new(ImportDerivationTests.Export("c2", ["198.19.64.3"]), null, null);

    [Fact]
    public void Next_ValidWithoutConflict_ValidTrueConflictFalse()
    {
        var conditions = ExportConditions.Next([], Good, null, T0);

        Assert.Equal([("Valid", "True"), ("Conflict", "False")], conditions.Select(c => (c.Type, c.Status)));
    }

    [Fact]
    public void Next_Conflict_ConflictTrueWithTheMessage()
    {
        var conditions = ExportConditions.Next([], Good, "ports differ", T0);

        var conflict = conditions.Single(c => c.Type == ExportConditions.Conflict);
        Assert.Equal(("True", "PortConflict", "ports differ"), (conflict.Status, conflict.Reason, conflict.Message));
    }

    [Fact]
    public void Next_StatusUnchanged_KeepsTheTransitionTime_AndIsTheSame()
    {
        var first = ExportConditions.Next([], Good, null, T0);
        var second = ExportConditions.Next(first, Good, null, T0.AddMinutes(5));

        Assert.All(second, c => Assert.Equal(T0, c.LastTransitionTime));
        Assert.True(ExportConditions.Same(first, second));
    }

    [Fact]
    public void Next_BecomesInvalid_ValidFalseWithTheReason_AtTheNewTime()
    {
        var first = ExportConditions.Next([], Good, null, T0);
        var second = ExportConditions.Next(first, new ExportOutcome(null, "NoService", "gone"), null, T0.AddMinutes(5));

        var valid = second.Single(c => c.Type == ExportConditions.Valid);
        Assert.Equal(("False", "NoService", T0.AddMinutes(5)), (valid.Status, valid.Reason, valid.LastTransitionTime));
        Assert.False(ExportConditions.Same(first, second));
    }
}
