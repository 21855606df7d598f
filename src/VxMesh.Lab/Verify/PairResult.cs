namespace VxMesh.Lab.Verify;

/// <summary>
/// One HTTP request from pod <see cref="From"/> to pod <see cref="To"/>, timed the way seeds/004
/// does (curl's time_connect, time_starttransfer, time_total), in milliseconds.
/// </summary>
/// <param name="Ok">HTTP 200 from the intended pod (its answer names it).</param>
/// <param name="SourcePreserved">The answer's client= is the sending pod's own address.</param>
/// <param name="ClientSeen">The client= address nginx saw; null when there was no answer.</param>
/// <param name="Error">Why the request failed; null when <see cref="Ok"/>.</param>
public sealed record PairResult(
    string From,
    string To,
    string FromCluster,
    string ToCluster,
    bool Ok,
    bool SourcePreserved,
    double ConnectMs,
    double FirstByteMs,
    double TotalMs,
    string? ClientSeen,
    string? Error)
{
    public bool CrossCluster => FromCluster != ToCluster;
}

/// <param name="Ok">See <see cref="VerifyRules"/>.</param>
public sealed record VerifyReport(string Lab, bool Ok, bool Ippools, IReadOnlyList<PairResult> Pairs, TimeSpan Elapsed);
