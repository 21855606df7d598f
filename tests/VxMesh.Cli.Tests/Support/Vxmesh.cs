using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Support;

/// <summary>Runs the real `vxmesh` CLI (the build next to this test assembly), optionally inside a namespace.</summary>
public static class Vxmesh
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "vxmesh.dll");

    public static Shell.Result Run(params string[] args) => Shell.Run("dotnet", [Dll, .. args]);

    public static Shell.Result RunIn(TestNamespace ns, params string[] args) => ns.Exec(["dotnet", Dll, .. args]);
}
