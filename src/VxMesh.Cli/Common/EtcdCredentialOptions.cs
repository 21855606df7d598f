using System.CommandLine;
using VxMesh.Agent.Registry.Etcd;

namespace VxMesh.Cli.Common;

/// <summary>
/// How every etcd-speaking verb authenticates: TLS (--etcd-ca, --etcd-cert, --etcd-key) or a user
/// and password. The password never goes on the command line (other users see argv): it is read
/// from --etcd-password-file or $VXMESH_ETCD_PASSWORD, or taken from the URL's user information.
/// Each flag defaults to its $VXMESH_ETCD_* variable.
/// </summary>
public sealed class EtcdCredentialOptions
{
    public Option<string?> Ca { get; } = Env(new("--etcd-ca") { Description = "CA certificate (PEM) that signed etcd's server certificate; only it is trusted (https URLs)" }, "VXMESH_ETCD_CA");

    public Option<string?> Cert { get; } = Env(new("--etcd-cert") { Description = "Client certificate (PEM); with etcd's --client-cert-auth its CN is the etcd user" }, "VXMESH_ETCD_CERT");

    public Option<string?> Key { get; } = Env(new("--etcd-key") { Description = "The client certificate's private key (PEM)" }, "VXMESH_ETCD_KEY");

    public Option<string?> User { get; } = Env(new("--etcd-user") { Description = "etcd user, instead of a client certificate (password: --etcd-password-file or $VXMESH_ETCD_PASSWORD)" }, "VXMESH_ETCD_USER");

    public Option<string?> PasswordFile { get; } = Env(new("--etcd-password-file") { Description = "File holding the etcd user's password (first line)" }, "VXMESH_ETCD_PASSWORD_FILE");

    public IEnumerable<Option> All => [Ca, Cert, Key, User, PasswordFile];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The credentials the flags and environment describe; a usage error when the password file cannot be read.</summary>
    public EtcdCredentials Read(ParseResult parse)
    {
        var password = Environment.GetEnvironmentVariable("VXMESH_ETCD_PASSWORD") is { Length: > 0 } env ? env : null;
        if (parse.GetValue(PasswordFile) is { } file)
        {
            try
            {
                password = File.ReadLines(file).FirstOrDefault()?.TrimEnd('\r') ?? "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--etcd-password-file {file}: {e.Message}");
            }
        }
        return new EtcdCredentials
        {
            CaFile = parse.GetValue(Ca),
            CertFile = parse.GetValue(Cert),
            KeyFile = parse.GetValue(Key),
            User = parse.GetValue(User),
            Password = parse.GetValue(User) is null ? null : password,
        };
    }

    private static Option<string?> Env(Option<string?> option, string variable)
    {
        option.DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
        return option;
    }
}
