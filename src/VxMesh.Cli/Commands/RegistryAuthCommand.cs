using System.CommandLine;
using System.Security.Cryptography;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Cli.Common;
using VxMesh.Core.Rendering;
using VxMesh.Core.Security;

namespace VxMesh.Cli.Commands;

/// <summary>One user's credentials as written by `registry auth`.</summary>
/// <param name="Certificate">Certificate mode: the client certificate (CN = user); null in password mode or when not issued.</param>
/// <param name="PasswordFile">Password mode: the file holding the password (0600).</param>
public sealed record IssuedCredential(string User, string Role, string? Cluster, IReadOnlyList<string> Permissions, bool Created,
    string? Certificate, string? Key, string? PasswordFile);

/// <summary>`registry auth -o json`.</summary>
public sealed record RegistryAuthReport(string Source, string Mode, bool AuthEnabled, IReadOnlyList<IssuedCredential> Users);

/// <summary>
/// `vxmesh registry auth`: etcd's authentication on, one role and user per cluster scoped to its own
/// node keys, an admin for `registry load`, and the credentials each needs, written to --out.
/// </summary>
public static class RegistryAuthCommand
{
    public static Command Create()
    {
        var etcd = RegistryCommand.EtcdOption();
        var prefix = RegistryCommand.PrefixOption();
        var credentials = new EtcdCredentialOptions();
        var clusters = new Option<string[]>("--cluster", "-c")
        {
            Description = "A cluster to make a user for (repeatable; default: every cluster in the registry — run `registry load` first)",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the issued certificates and keys or password files (created; keys and passwords 0600)", Required = true };
        var caCert = new Option<FileInfo?>("--ca-cert") { Description = "Certificate mode: the CA etcd trusts for client certificates (its --trusted-ca-file)" };
        var caKey = new Option<FileInfo?>("--ca-key") { Description = "Certificate mode: that CA's private key (PEM)" };
        var passwords = new Option<bool>("--passwords") { Description = "Password mode: random passwords instead of certificates (etcd without --client-cert-auth)" };
        var format = CommonOptions.Output();
        var command = new Command("auth",
            "Turn on etcd's authentication for the mesh: per cluster C a role vxmesh-cluster-C that may read the whole\n" +
            "prefix and write only PREFIX nodes/C/ (and vtep-ips/, allocated by compare-and-swap), and its user; role\n" +
            "and user vxmesh-admin that may write the whole prefix (`registry load`); etcd's root user, which manages\n" +
            "users. Then it issues their credentials into --out: client certificates (CN = user) signed by --ca-cert,\n" +
            "or random passwords (--passwords). Give each cluster's agents only their cluster's credentials. Run it\n" +
            "with root's credentials once auth is on; re-running adds new clusters and re-issues credentials (old\n" +
            "certificates stay valid until they expire: etcd has no revocation). root's are issued only when root is\n" +
            "created. See docs/registry.md.\n\n" +
            "Examples:\n" +
            "  vxmesh registry auth --etcd https://10.0.0.5:2379 --etcd-ca ca.crt --etcd-cert root.crt --etcd-key root.key \\\n" +
            "      --ca-cert ca.crt --ca-key ca.key --out /etc/vxmesh/pki\n" +
            "  vxmesh registry auth --etcd https://10.0.0.5:2379 --etcd-ca ca.crt --passwords --out /etc/vxmesh/secrets")
        {
            etcd, prefix, clusters, output, caCert, caKey, passwords, format,
        };
        credentials.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var ca = LoadCa(parse.GetValue(caCert), parse.GetValue(caKey), parse.GetValue(passwords));
            var dir = parse.GetValue(output)!;
            return RegistryCommand.WithEtcdAsync(parse.GetValue(etcd)!, credentials.Read(parse), parse.GetValue(prefix)!, async (client, keys) =>
            {
                using (ca)
                {
                    var names = parse.GetValue(clusters) is { Length: > 0 } given ? given
                        : [.. (await EtcdReads.ReadContentsAsync(client, keys, cancel)).Clusters.Select(c => c.Name)];
                    if (names.Length == 0)
                    {
                        throw new UsageException($"no clusters under {keys.ClustersPrefix}: run `vxmesh registry load` first, or name them with --cluster");
                    }
                    var secrets = ca is null ? Passwords(names) : new Dictionary<string, string>();
                    var users = await RegistryAuth.EnsureUsersAsync(client, keys, names, secrets, cancel);
                    dir.Create();
                    var issued = users.Select(u => Write(u, ca, secrets, dir.FullName)).ToList();
                    await RegistryAuth.EnableAsync(client, cancel);
                    var report = new RegistryAuthReport(client.Description + keys.Prefix, ca is null ? "passwords" : "certificates", true, issued);
                    Print(report, parse.GetValue(format) == "json");
                    return ExitCodes.Ok;
                }
            });
        });
        return command;
    }

    private static CertificateAuthority? LoadCa(FileInfo? cert, FileInfo? key, bool passwords)
    {
        if (passwords == (cert is not null || key is not null) || (cert is null) != (key is null))
        {
            throw new UsageException("give --ca-cert and --ca-key (client certificates) or --passwords (users with passwords), one of the two");
        }
        if (cert is null)
        {
            return null;
        }
        try
        {
            return CertificateAuthority.Load(File.ReadAllText(cert.FullName), File.ReadAllText(key!.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            throw new UsageException($"--ca-cert {cert} / --ca-key {key}: {e.Message}");
        }
    }

    private static Dictionary<string, string> Passwords(IEnumerable<string> clusters) =>
        new[] { RegistryAuth.Root, RegistryAuth.Admin }.Concat(clusters.Select(RegistryAuth.ClusterUser))
            .ToDictionary(u => u, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), StringComparer.Ordinal); // safe in a URL too

    /// <summary>The user's new credentials on disk — none for a root that existed already (its own are in use).</summary>
    private static IssuedCredential Write(RegistryUser user, CertificateAuthority? ca, Dictionary<string, string> secrets, string dir)
    {
        var issue = user.User != RegistryAuth.Root || user.Created;
        string? certificate = null, key = null, passwordFile = null;
        if (issue && ca is not null)
        {
            (certificate, key) = (Path.Combine(dir, user.User + ".crt"), Path.Combine(dir, user.User + ".key"));
            ca.IssueClient(user.User, "vxmesh").WriteTo(certificate, key);
        }
        else if (issue)
        {
            passwordFile = Path.Combine(dir, user.User + ".password");
            SecretFile.Write(passwordFile, secrets[user.User] + "\n");
        }
        return new IssuedCredential(user.User, user.Role, user.Cluster, user.Permissions, user.Created, certificate, key, passwordFile);
    }

    private static void Print(RegistryAuthReport report, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonFormat.Serialize(report));
            return;
        }
        Console.WriteLine($"{report.Source}: authentication on ({report.Mode})");
        foreach (var u in report.Users)
        {
            var files = u.Certificate is not null ? $"{u.Certificate} + {u.Key}" : u.PasswordFile ?? "(existing credentials kept)";
            Console.WriteLine($"  {u.User,-28} {(u.Created ? "created" : "kept   ")}  {string.Join("; ", u.Permissions.DefaultIfEmpty("all (root)"))}");
            Console.WriteLine($"  {"",-28}          {files}");
        }
    }
}
