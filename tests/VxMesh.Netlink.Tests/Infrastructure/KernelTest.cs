namespace VxMesh.Netlink.Tests.Infrastructure;

/// <summary>
/// Base of every real-kernel test: a fresh namespace with the veth underlay (eth0 198.18.0.1/24, up,
/// with carrier) and a client bound to it. xunit makes one instance per test, so nothing is shared;
/// the namespace is deleted in Dispose, and also when set-up itself fails half way.
/// </summary>
public abstract class KernelTest : IDisposable
{
    internal const string Vxlan = "vxnl-vx0";
    internal const byte Proto = 118;

    private protected KernelTest()
    {
        Ns = new TestNamespace();
        try
        {
            Eth0 = Ns.CreateUnderlay();
            Client = Ns.OpenClient();
        }
        catch
        {
            Ns.Dispose();
            throw;
        }
    }

    internal TestNamespace Ns { get; }

    internal RtnlClient Client { get; }

    internal int Eth0 { get; }

    public void Dispose()
    {
        Client.Dispose();
        Ns.Dispose();
        GC.SuppressFinalize(this);
    }
}
