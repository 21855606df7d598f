using Etcdserverpb;
using Grpc.Core;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// User and password auth: etcd exchanges them for a token (Authenticate) that every call then
/// carries as "token" metadata. The token is kept for <see cref="MaxAge"/> and dropped whenever the
/// connection rotates after a failure: etcd's simple tokens die with a restart ("invalid auth
/// token") and after five idle minutes, and a watch alone does not keep one alive. The password
/// stays in this object; it is never logged and no exception message carries it.
/// </summary>
internal sealed class EtcdTokens(string user, string password, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private string? token;
    private long obtainedAt;

    /// <summary>Adds the token to every call but Authenticate itself (which must go without one).</summary>
    public CallCredentials CallCredentials(Func<Auth.AuthClient> auth) => Grpc.Core.CallCredentials.FromInterceptor(async (context, metadata) =>
    {
        if (context.MethodName != "Authenticate")
        {
            metadata.Add("token", await GetAsync(auth, context.CancellationToken));
        }
    });

    public void Invalidate() => Volatile.Write(ref token, null);

    public void Dispose() => gate.Dispose();

    private async Task<string> GetAsync(Func<Auth.AuthClient> auth, CancellationToken cancel)
    {
        if (Current() is { } valid)
        {
            return valid;
        }
        await gate.WaitAsync(cancel);
        try
        {
            if (Current() is { } fresh)
            {
                return fresh;
            }
            var response = await auth().AuthenticateAsync(new AuthenticateRequest { Name = user, Password = password },
                deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancel);
            obtainedAt = time.GetTimestamp();
            Volatile.Write(ref token, response.Token);
            return response.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    private string? Current() =>
        Volatile.Read(ref token) is { } t && time.GetElapsedTime(obtainedAt) < MaxAge ? t : null;
}
