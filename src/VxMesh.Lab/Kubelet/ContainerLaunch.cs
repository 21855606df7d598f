using System.Diagnostics;
using System.Text;
using k8s.Models;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubelet;

/// <summary>Where a pod's containers run: its network namespace (null: the node's, hostNetwork) and its hostname.</summary>
public sealed record PodPlace(string? Netns, string Hostname, string Directory, string PodIp, string Node, string Cluster);

/// <summary>
/// The process a container is: `ip netns exec POD` (which also gives it a mount namespace of its
/// own; hostNetwork containers get one with `unshare --mount`) and `unshare --uts`, then a short
/// shell that sets the hostname, bind-mounts the volumes where the spec says, changes to the
/// working directory and execs the image's program with stdout and stderr in the container's log.
/// Every exec keeps the pid, so the pid the node agent started is the container's main process,
/// and signals and exit codes are the program's own. Paths reach the shell single-quoted.
/// </summary>
public static class ContainerLaunch
{
    public const string MarkerVariable = "VXMESH_LAB_POD";

    public static ProcessStartInfo Build(PodPlace place, V1Container container, IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string> env, IReadOnlyList<VolumeMount> mounts, string log, string labMarker, string podUid)
    {
        string[] enter = place.Netns is { } ns
            ? ["ip", "netns", "exec", ns, "unshare", "--uts", "--"]
            : ["unshare", "--mount", "--propagation", "slave", "--uts", "--"];
        var info = new ProcessStartInfo(enter[0]) { UseShellExecute = false };
        foreach (var arg in (string[])[.. enter[1..], "/bin/sh", "-c", Script(place.Hostname, mounts, container.WorkingDir, log), "vxlab-container", .. argv])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Clear();
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }
        // How the lab finds a container's processes again (a restarted node agent cleans up what it left).
        info.Environment[DetachedProcess.MarkerVariable] = labMarker;
        info.Environment[MarkerVariable] = podUid;
        return info;
    }

    public static string Script(string hostname, IReadOnlyList<VolumeMount> mounts, string? workingDir, string log)
    {
        var s = new StringBuilder("set -e\n");
        s.Append("hostname ").Append(Quote(hostname)).Append('\n');
        foreach (var m in mounts)
        {
            s.Append("mount --bind ").Append(Quote(m.Source)).Append(' ').Append(Quote(m.Target)).Append('\n');
            if (m.ReadOnly)
            {
                s.Append("mount -o remount,bind,ro ").Append(Quote(m.Target)).Append('\n');
            }
        }
        s.Append("cd ").Append(Quote(string.IsNullOrEmpty(workingDir) ? "/" : workingDir)).Append('\n');
        s.Append("exec \"$@\" >>").Append(Quote(log)).Append(" 2>&1 </dev/null\n");
        return s.ToString();
    }

    /// <summary>POSIX single quotes: every character literal, a quote written as '\''.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
