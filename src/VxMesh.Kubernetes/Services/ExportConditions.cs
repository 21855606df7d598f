namespace VxMesh.Kubernetes.Services;

public sealed record ExportCondition(string Type, string Status, string Reason, string Message, DateTimeOffset LastTransitionTime);

/// <summary>
/// A ServiceExport's status conditions as the MCS API names them: Valid (the Service can be
/// exported, or why not) and Conflict (the exporting clusters define the service differently: set
/// on every export of it, the winner's too, as the MCS API asks);
/// pure. A condition keeps its lastTransitionTime while its status stays, as Kubernetes conditions do.
/// </summary>
public static class ExportConditions
{
    public const string Valid = "Valid";
    public const string Conflict = "Conflict";

    /// <param name="conflict">Why this service's exports conflict (<see cref="ImportDerivation.ConflictFor"/>), or null.</param>
    public static IReadOnlyList<ExportCondition> Next(IReadOnlyList<ExportCondition> current, ExportOutcome outcome, string? conflict, DateTimeOffset now)
    {
        var valid = outcome.Valid
            ? (Status: "True", Reason: "Exported", Message: "published in the mesh registry: every cluster of the mesh imports it")
            : (Status: "False", Reason: outcome.Reason ?? "Invalid", Message: outcome.Message ?? "");
        var conflicted = conflict is null
            ? (Status: "False", Reason: "NoConflict", Message: "no other cluster defines this service differently")
            : (Status: "True", Reason: "PortConflict", Message: conflict);
        return [Make(current, Valid, valid, now), Make(current, Conflict, conflicted, now)];
    }

    /// <summary>Same types, statuses, reasons and messages (times aside): nothing to write.</summary>
    public static bool Same(IReadOnlyList<ExportCondition> a, IReadOnlyList<ExportCondition> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First with { LastTransitionTime = default } == p.Second with { LastTransitionTime = default });

    private static ExportCondition Make(IReadOnlyList<ExportCondition> current, string type, (string Status, string Reason, string Message) want, DateTimeOffset now)
    {
        var old = current.FirstOrDefault(c => c.Type == type);
        return new ExportCondition(type, want.Status, want.Reason, want.Message, old is not null && old.Status == want.Status ? old.LastTransitionTime : now);
    }
}
