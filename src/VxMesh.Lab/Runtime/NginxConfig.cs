using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// One pod's nginx: its own pid file, log and temp directories under the pod's lab directory
/// (several instances must not share Debian's /var/lib/nginx or /run/nginx.pid), one worker,
/// listening on the pod's address only, and answering who it is and whom it saw: the
/// `client=` field is how verify tells a preserved source address from a masqueraded one.
/// </summary>
public static class NginxConfig
{
    public static string Build(PodLayout pod, string directory, NginxFeatures features) =>
        Server($"{pod.Name} (node {pod.Node}, cluster {pod.Cluster}), written by vxmesh lab", pod.Ip.ToString(),
            $"pod={pod.Name} node={pod.Node} cluster={pod.Cluster} client=$remote_addr", directory, features);

    /// <summary>One private nginx instance (pid, log and temp paths under <paramref name="directory"/>) answering <paramref name="answer"/> on <paramref name="listen"/>:80.</summary>
    public static string Server(string comment, string listen, string answer, string directory, NginxFeatures features)
    {
        var temp = Path.Combine(directory, "tmp");
        var tempPaths = string.Concat(features.TempPathDirectives.Select(d => $"    {d} {Path.Combine(temp, d.Split('_')[0])};\n"));
        return $$"""
            # {{comment}}
            worker_processes 1;
            daemon on;
            pid {{Path.Combine(directory, "nginx.pid")}};
            error_log {{Path.Combine(directory, "error.log")}} warn;
            events { worker_connections 256; }
            http {
                access_log off;
            {{tempPaths.TrimEnd('\n')}}
                server {
                    listen {{listen}}:80;
                    default_type text/plain;
                    location / { return 200 "{{answer}}\n"; }
                }
            }

            """;
    }

    /// <summary>The first line nginx answers with; readiness and verify check for it.</summary>
    public static string ExpectedPrefix(string pod) => $"pod={pod} ";
}

/// <summary>Which temp-path directives this nginx knows: nginx-light leaves some modules out, and an unknown directive is fatal.</summary>
public sealed record NginxFeatures(IReadOnlyList<string> TempPathDirectives)
{
    private static readonly (string Directive, string Module)[] Candidates =
    [
        ("client_body_temp_path", ""),
        ("proxy_temp_path", "http_proxy_module"),
        ("fastcgi_temp_path", "http_fastcgi_module"),
        ("uwsgi_temp_path", "http_uwsgi_module"),
        ("scgi_temp_path", "http_scgi_module"),
    ];

    /// <summary>From `nginx -V` output: modules are built in unless it says --without-MODULE.</summary>
    public static NginxFeatures FromVersionOutput(string text) =>
        new(Candidates.Where(c => c.Module.Length == 0 || !text.Contains($"--without-{c.Module}", StringComparison.Ordinal))
            .Select(c => c.Directive).ToList());

    public static async Task<NginxFeatures> DetectAsync(CancellationToken cancel)
    {
        var result = await ProcessRunner.RunCheckedAsync("asking nginx for its modules", "nginx", ["-V"], Timeouts.Command, cancel);
        return FromVersionOutput(result.Stderr + result.Stdout);
    }
}
