using System.Text.RegularExpressions;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// etcd client URLs as people write them. A URL may carry a user and password
/// (<c>https://user:secret@host:2379</c>); they are taken out of it as credentials, and every URL
/// that is printed goes through <see cref="Redact"/> first, so the password never reaches a log,
/// an error message or a status line.
/// </summary>
public static partial class EtcdUrls
{
    /// <summary><paramref name="text"/> with every <c>user:password@</c> written as <c>user:***@</c>.</summary>
    public static string Redact(string? text) => text is null ? "" : UserInfo().Replace(text, m => $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:***@");

    /// <summary>The URL without user information, and the user and (decoded) password it carried, if any.</summary>
    public static (Uri Endpoint, string? User, string? Password) Split(Uri uri)
    {
        if (uri.UserInfo.Length == 0)
        {
            return (uri, null, null);
        }
        var parts = uri.UserInfo.Split(':', 2);
        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        return (builder.Uri, Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null);
    }

    // With a scheme anywhere; without one (host:port form) at the start or after a separator. The
    // password runs to the next '@' (it may hold '/', ':' or '%'; an '@' in it must be written %40).
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://|(?<=^|[\s,'""=]))(?<user>[^:/@\s,'""]*):[^@\s,'""]*@")]
    private static partial Regex UserInfo();
}
