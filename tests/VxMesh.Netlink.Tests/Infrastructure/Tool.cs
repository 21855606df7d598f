using VxMesh.Tests.Shared;

namespace VxMesh.Netlink.Tests.Infrastructure;

/// <summary>Runs iproute2 commands with an argument list (no shell) and returns stdout; a non-zero exit fails.</summary>
internal static class Tool
{
    public static string Run(string file, IEnumerable<string> arguments, string? standardInput = null)
    {
        var args = arguments.ToList();
        return Shell.Run(file, args, standardInput).EnsureSuccess($"{file} {string.Join(' ', args)}").Stdout;
    }
}
