namespace VxMesh.Cli.Common;

/// <summary>The exit-code contract (DESIGN.md): scripts and CI rely on it.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something failed at run time (kernel refused, peer unreachable, a check failed).</summary>
    public const int Failure = 1;

    /// <summary>Invalid input (inventory or flags); nothing was applied.</summary>
    public const int InvalidInput = 2;
}
