using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// The catalog's nginx image: the machine's nginx in the foreground with a private configuration
/// shaped like the image's — one server on port 80 that serves a volume mounted at
/// /usr/share/nginx/html (seeds/002's hostPath page) or, with nothing mounted there, answers with
/// the pod, node and client address it saw (`client=` is how verify tells a kept source address
/// from a masqueraded one); a volume mounted at /etc/nginx/conf.d replaces that server with its
/// *.conf files, as it does in the image. Pid, error log and temp files are the container's own.
/// </summary>
public static class NginxContainer
{
    public const string HtmlPath = "/usr/share/nginx/html";
    public const string ConfDPath = "/etc/nginx/conf.d";

    /// <summary>The image's own command (its entrypoint, or nginx itself with any flags) rather than another program.</summary>
    public static bool RunsNginx(CatalogImage image, IReadOnlyList<string> argv) =>
        image.Kind == CatalogImage.Nginx && argv.Count > 0 && Path.GetFileName(argv[0]) is "docker-entrypoint.sh" or "nginx";

    public static IReadOnlyList<string> Argv(string config) => ["nginx", "-c", config, "-e", "stderr"];

    public static string Config(string pod, string node, string cluster, IReadOnlyList<VolumeMount> mounts, string directory, NginxFeatures features)
    {
        var temp = Path.Combine(directory, "nginx-tmp");
        Directory.CreateDirectory(temp);
        var tempPaths = string.Concat(features.TempPathDirectives.Select(d => $"    {d} {Path.Combine(temp, d.Split('_')[0])};\n"));
        var targets = mounts.Select(m => m.Target.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        var server = targets.Contains(ConfDPath)
            ? $"    include {ConfDPath}/*.conf;\n"
            : $$"""
                  server {
                      listen 80;
                      default_type text/plain;
              {{(targets.Contains(HtmlPath)
                  ? $"        root {HtmlPath};\n        index index.html index.htm;\n        location / {{ }}"
                  : $"        location / {{ return 200 \"pod={pod} node={node} cluster={cluster} client=$remote_addr\\n\"; }}")}}
                  }

              """;
        return $$"""
            # pod {{pod}} (node {{node}}, cluster {{cluster}}), written by the vxmesh lab node agent
            worker_processes 1;
            daemon off;
            pid {{Path.Combine(directory, "nginx.pid")}};
            error_log stderr warn;
            events { worker_connections 256; }
            http {
                access_log off;
                types { text/html html htm; text/plain txt; application/json json; text/css css; application/javascript js; }
            {{tempPaths.TrimEnd('\n')}}
            {{server.TrimEnd('\n')}}
            }

            """;
    }
}
