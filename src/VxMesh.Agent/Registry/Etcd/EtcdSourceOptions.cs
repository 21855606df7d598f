namespace VxMesh.Agent.Registry.Etcd;

/// <param name="RetryMin">First reconnect delay after etcd became unreachable.</param>
/// <param name="RetryMax">Cap of the doubling reconnect delay.</param>
public sealed record EtcdSourceOptions(TimeSpan RetryMin, TimeSpan RetryMax)
{
    public static EtcdSourceOptions Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary>What one record may claim; records past it are left out of the mesh.</summary>
    public RegistryLimits Limits { get; init; } = RegistryLimits.Default;
}
