namespace VxMesh.Lab.Kubelet;

/// <summary>What a catalog image runs as, in the image's own terms.</summary>
/// <param name="Kind">nginx, tools (the machine's programs) or vxmesh (this checkout's build).</param>
/// <param name="Entrypoint">The image's ENTRYPOINT; `command` replaces it.</param>
/// <param name="Cmd">The image's CMD; `args` replaces it (and `command` drops it, as a container runtime does).</param>
/// <param name="StopSignal">The image's STOPSIGNAL: what graceful termination sends first.</param>
public sealed record CatalogImage(string Kind, IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd, int StopSignal)
{
    public const string Nginx = "nginx";
    public const string Tools = "tools";
    public const string Vxmesh = "vxmesh";

    /// <summary>argv as a container runtime builds it from the image and the container's command/args.</summary>
    public IReadOnlyList<string> Argv(IList<string>? command, IList<string>? args)
    {
        if (command is { Count: > 0 })
        {
            return [.. command, .. args ?? []];
        }
        return args is { Count: > 0 } ? [.. Entrypoint, .. args] : [.. Entrypoint, .. Cmd];
    }
}

/// <summary>
/// The lab has no container runtime and no images: a small catalog maps the image names people
/// write to what this machine can run. `nginx` (any tag, any registry) is the real nginx in a
/// private configuration; busybox, curlimages/curl, nicolaka/netshoot and networkstatic/iperf3 run
/// the pod's command with the machine's own tools (sh, curl, ping, iperf3, ip…), with each image's
/// entrypoint and default command; `vxmesh` images run this checkout's build. Anything else is not
/// in the catalog, and the pod says so.
/// </summary>
public static class ImageCatalog
{
    private const int SigTerm = 15;
    private const int SigQuit = 3;

    private static readonly Dictionary<string, CatalogImage> Images = new(StringComparer.Ordinal)
    {
        // nginx's image stops gracefully on SIGQUIT (its STOPSIGNAL); its CMD runs nginx in the foreground.
        ["nginx"] = new(CatalogImage.Nginx, ["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], SigQuit),
        ["busybox"] = new(CatalogImage.Tools, [], ["sh"], SigTerm),
        ["curlimages/curl"] = new(CatalogImage.Tools, ["curl"], ["--help"], SigTerm),
        ["nicolaka/netshoot"] = new(CatalogImage.Tools, [], ["sh"], SigTerm),
        ["networkstatic/iperf3"] = new(CatalogImage.Tools, ["iperf3"], ["--help"], SigTerm),
        ["vxmesh"] = new(CatalogImage.Vxmesh, ["vxmesh"], ["--help"], SigTerm),
    };

    /// <summary>Repository names the catalog knows, for messages.</summary>
    public static IReadOnlyList<string> Known => [.. Images.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The catalog entry for an image reference (registry, tag and digest ignored), or null.</summary>
    public static CatalogImage? Resolve(string? image) =>
        image is null ? null : Images.GetValueOrDefault(Repository(image)) ?? (Repository(image).EndsWith("/vxmesh", StringComparison.Ordinal) ? Images["vxmesh"] : null);

    /// <summary>
    /// "docker.io/library/nginx:1.19" → "nginx", "ghcr.io/nicolaka/netshoot@sha256:…" → "nicolaka/netshoot":
    /// the repository without its registry (a first part with a dot or a colon, or localhost), tag or digest.
    /// </summary>
    public static string Repository(string image)
    {
        var name = image;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash)
        {
            name = name[..colon];
        }
        var parts = name.Split('/').ToList();
        if (parts.Count > 1 && (parts[0].Contains('.', StringComparison.Ordinal) || parts[0].Contains(':', StringComparison.Ordinal) || parts[0] == "localhost"))
        {
            parts.RemoveAt(0);
        }
        if (parts.Count > 1 && parts[0] == "library")
        {
            parts.RemoveAt(0);
        }
        return string.Join('/', parts);
    }
}
