using System.CommandLine;

namespace VxMesh.Cli.Common;

/// <summary>Options several verbs share, defined once so they read and behave the same everywhere.</summary>
public static class CommonOptions
{
    public static Option<FileInfo> InventoryFile() => new("--file", "-f")
    {
        Description = "Inventory YAML (see examples/ and docs/inventory.md)",
        Required = true,
    };

    public static Option<string> Output()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table for people, json for scripts (schemas in docs/json.md)",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }
}
