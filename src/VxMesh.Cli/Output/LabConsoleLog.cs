using Spectre.Console;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Output;

/// <summary>Lab progress on the console, dimmed, for the demo's story on stdout.</summary>
public sealed class LabConsoleLog : ILabLog
{
    public void Step(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
}
