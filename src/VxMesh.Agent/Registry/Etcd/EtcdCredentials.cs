using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// How this process proves who it is to etcd, and whom it trusts as etcd. TLS: the CA that signed
/// etcd's server certificate (<see cref="CaFile"/>; without it the system's trust store) and an
/// optional client certificate and key (etcd with --client-cert-auth takes the certificate's CN as
/// the user name). Or a user and password, exchanged for a token (etcd's simple tokens). Never
/// printed with its secrets: <see cref="ToString"/> names files and the user only.
/// </summary>
public sealed class EtcdCredentials
{
    public static EtcdCredentials None { get; } = new();

    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    public bool IsNone => CaFile is null && CertFile is null && User is null;

    /// <summary>What is inconsistent (a certificate without its key, a user without a password), or null.</summary>
    public string? Problem() =>
        (CertFile is null) != (KeyFile is null) ? "--etcd-cert and --etcd-key go together: give both"
        : User is not null && Password is null ? $"etcd user '{User}' needs a password (--etcd-password-file FILE or VXMESH_ETCD_PASSWORD)"
        : User is null && Password is not null ? "an etcd password was given without --etcd-user"
        : User is not null && CertFile is not null ? "give a client certificate or a user and password, not both"
        : null;

    /// <summary>Certificates and key from their files; a clear <see cref="ArgumentException"/> naming the file when one is unreadable.</summary>
    public EtcdTlsMaterial LoadTls()
    {
        X509Certificate2Collection? trust = null;
        if (CaFile is not null)
        {
            trust = [];
            trust.ImportFromPemFile(Readable(CaFile, "--etcd-ca"));
            if (trust.Count == 0)
            {
                throw new ArgumentException($"--etcd-ca {CaFile} holds no PEM certificate");
            }
        }
        X509Certificate2? client = null;
        if (CertFile is not null)
        {
            try
            {
                client = X509Certificate2.CreateFromPemFile(Readable(CertFile, "--etcd-cert"), Readable(KeyFile!, "--etcd-key"));
            }
            catch (CryptographicException e)
            {
                throw new ArgumentException($"--etcd-cert {CertFile} / --etcd-key {KeyFile}: not a PEM certificate and its key ({e.Message})");
            }
        }
        return new EtcdTlsMaterial(trust, client);
    }

    public override string ToString() =>
        IsNone ? "no credentials"
        : string.Join(", ", new[]
        {
            CaFile is null ? null : $"ca {CaFile}",
            CertFile is null ? null : $"certificate {CertFile}",
            User is null ? null : $"user {User} (password redacted)",
        }.OfType<string>());

    private static string Readable(string path, string flag) =>
        File.Exists(path) ? path : throw new ArgumentException($"{flag} {path}: no such file");
}
