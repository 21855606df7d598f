namespace VxMesh.Lab.Runtime;

/// <summary>
/// How to start `vxmesh` (the agent, and `registry load` in etcd labs): the .NET host and the CLI's dll. The CLI passes its own
/// (AppContext.BaseDirectory/vxmesh.dll), so a lab always runs the agent of the build that
/// started it, from any clone or directory.
/// </summary>
public sealed record AgentProgram(string Host, string Dll)
{
    /// <summary>The CLI in <paramref name="directory"/>, run by the dotnet host running this process when there is one.</summary>
    public static AgentProgram ForCli(string directory) =>
        new(DotnetHost(), Path.Combine(directory, "vxmesh.dll"));

    /// <summary>The command line running `vxmesh ARGS...` with this host and dll (the agent, `registry load`).</summary>
    public IReadOnlyList<string> Command(IEnumerable<string> args) => [Host, Dll, .. args];

    /// <summary>The running host when it is dotnet (`dotnet vxmesh.dll`, test hosts); otherwise the one on PATH.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var candidates = (root is null ? [] : new[] { Path.Combine(root, "dotnet") })
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(p => p.Length > 0).Select(p => Path.Combine(p, "dotnet")))
            .Append("/usr/share/dotnet/dotnet").Append("/usr/lib/dotnet/dotnet");
        return candidates.FirstOrDefault(File.Exists) ?? "dotnet";
    }
}
