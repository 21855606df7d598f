using System.Reflection;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Tests.Support;

/// <summary>Where the repository and the built CLI are, as the build recorded them.</summary>
internal static class TestEnvironment
{
    public static string RepoRoot => Metadata("RepoRoot");

    public static string RepoFile(string relative) => Path.Combine(RepoRoot, relative);

    /// <summary>The agent the end-to-end labs run: the CLI built alongside these tests.</summary>
    public static AgentProgram Agent
    {
        get
        {
            var agent = AgentProgram.ForCli(Metadata("CliDirectory"));
            return File.Exists(agent.Dll) ? agent : throw new InvalidOperationException($"the CLI is not built at {agent.Dll}");
        }
    }

    /// <summary>Kernel tests need root; without it they fail (never skip), saying how to run them.</summary>
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("lab tests build network namespaces and need root: run ./test.sh (it re-runs itself through sudo)");
        }
    }

    /// <summary>A lab name no other test run uses: a letter for the test class, then random [a-z0-9].</summary>
    public static string UniqueLabName(char tag) => tag + Guid.NewGuid().ToString("N")[..7];

    private static string Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}
