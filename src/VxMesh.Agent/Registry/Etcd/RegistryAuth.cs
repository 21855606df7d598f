using Authpb;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using VxMesh.Core.Security;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>One etcd user the setup made sure of, with its role and what that role may do.</summary>
/// <param name="Cluster">The cluster whose agents use it; null for root and the admin.</param>
/// <param name="Created">False when the user existed already (its permissions are granted again either way).</param>
public sealed record RegistryUser(string User, string Role, string? Cluster, IReadOnlyList<string> Permissions, bool Created);

/// <summary>
/// Turns on etcd's authentication with one role and user per cluster, so a cluster's agents can
/// write only their own node keys — the lesson of Cilium's ClusterMesh (one etcd user per remote
/// cluster), not Submariner's one shared role. Per cluster C, role <c>vxmesh-cluster-C</c>:
/// <list type="bullet">
/// <item>read the whole prefix (the mesh: settings, clusters, every node, allocations);</item>
/// <item>readwrite <c>PREFIX nodes/C/</c> (its own registrations);</item>
/// <item>readwrite <c>PREFIX service-exports/C/</c> (the Services its controller exports);</item>
/// <item>readwrite <c>PREFIX claims/C/</c> (what its nodes hold while they restart);</item>
/// <item>readwrite <c>PREFIX vtep-ips/</c> (VTEP allocations are compare-and-swap on the address, which no
/// cluster owns in advance: a cluster can squat an allocation there, not a node of another cluster).</item>
/// </list>
/// Role <c>vxmesh-admin</c> may readwrite the whole prefix (<c>registry load</c>); <c>root</c> (etcd's
/// own, needed to turn auth on) manages users. Users authenticate with a client certificate whose
/// CN is the user name (etcd --client-cert-auth) or with a password; certificate users get a random
/// password nobody keeps. Idempotent: existing roles and users are kept, their permissions granted
/// again, so a re-run adds new clusters; root's password is set only when root is created. Auth is
/// enabled last (<see cref="EnableAsync"/>), after the caller has stored the new credentials.
/// </summary>
public static class RegistryAuth
{
    public const string Root = RegistryUserNames.Root;
    public const string Admin = RegistryUserNames.Admin;

    public static string ClusterUser(string cluster) => RegistryUserNames.Cluster(cluster);

    /// <param name="passwords">Per user name, the password to set (root: only if created now); a user missing here is a certificate user.</param>
    /// <exception cref="RpcException">etcd refused (e.g. PermissionDenied: auth is on and we are not root).</exception>
    public static async Task<IReadOnlyList<RegistryUser>> EnsureUsersAsync(
        EtcdConnection etcd, RegistryKeys keys, IReadOnlyList<string> clusters, IReadOnlyDictionary<string, string> passwords, CancellationToken cancel)
    {
        var auth = etcd.Auth;
        var users = new List<RegistryUser>
        {
            await EnsureAsync(auth, etcd, Root, Root, null, [], passwords, cancel),
            await EnsureAsync(auth, etcd, Admin, Admin, null, [Grant(Permission.Types.Type.Readwrite, keys.Prefix)], passwords, cancel),
        };
        foreach (var cluster in clusters)
        {
            users.Add(await EnsureAsync(auth, etcd, ClusterUser(cluster), ClusterUser(cluster), cluster,
            [
                Grant(Permission.Types.Type.Read, keys.Prefix),
                Grant(Permission.Types.Type.Readwrite, keys.NodesPrefix + cluster + "/"),
                Grant(Permission.Types.Type.Readwrite, keys.ServiceExportsPrefix + cluster + "/"),
                Grant(Permission.Types.Type.Readwrite, keys.ClaimsPrefix + cluster + "/"),
                Grant(Permission.Types.Type.Readwrite, keys.VtepIpsPrefix),
            ], passwords, cancel));
        }
        return users;
    }

    /// <summary>Turns authentication on (a no-op when it is on already). From now on every request needs a user.</summary>
    public static async Task EnableAsync(EtcdConnection etcd, CancellationToken cancel) =>
        await etcd.Auth.AuthEnableAsync(new AuthEnableRequest(), etcd.Call(cancel));

    private static Permission Grant(Permission.Types.Type type, string prefix) => new()
    {
        PermType = type,
        Key = ByteString.CopyFromUtf8(prefix),
        RangeEnd = ByteString.CopyFrom(RegistryKeys.RangeEnd(prefix)),
    };

    private static async Task<RegistryUser> EnsureAsync(
        Auth.AuthClient auth, EtcdConnection etcd, string user, string role, string? cluster, Permission[] permissions,
        IReadOnlyDictionary<string, string> passwords, CancellationToken cancel)
    {
        await IgnoreExistingAsync(async () => await auth.RoleAddAsync(new AuthRoleAddRequest { Name = role }, etcd.Call(cancel)));
        foreach (var permission in permissions)
        {
            await auth.RoleGrantPermissionAsync(new AuthRoleGrantPermissionRequest { Name = role, Perm = permission }, etcd.Call(cancel));
        }
        var password = passwords.TryGetValue(user, out var given) ? given : Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var created = await IgnoreExistingAsync(async () => await auth.UserAddAsync(new AuthUserAddRequest { Name = user, Password = password }, etcd.Call(cancel)));
        if (!created && passwords.ContainsKey(user) && user != Root)
        {
            // Issuing credentials again means a new password; a certificate user's is never used.
            await auth.UserChangePasswordAsync(new AuthUserChangePasswordRequest { Name = user, Password = password }, etcd.Call(cancel));
        }
        await auth.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = user, Role = role }, etcd.Call(cancel));
        return new RegistryUser(user, role, cluster, permissions.Select(Describe).ToList(), created);
    }

    /// <summary>True when it was created now; false when it existed.</summary>
    private static async Task<bool> IgnoreExistingAsync(Func<Task> add)
    {
        try
        {
            await add();
            return true;
        }
        catch (RpcException e) when (e.Status.Detail.Contains("already exists", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private static string Describe(Permission p) =>
        $"{p.PermType.ToString().ToLowerInvariant()} {p.Key.ToStringUtf8()}*";
}
