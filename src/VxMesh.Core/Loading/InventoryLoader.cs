using VxMesh.Core.Model;
namespace VxMesh.Core.Loading;

/// <summary>
/// Reads and validates an inventory. Every problem in the document is reported in one pass,
/// each with file, line, key path and a fix, and the typed <see cref="Inventory"/> is
/// built only when there are none. Bad input never throws.
/// </summary>
public static class InventoryLoader
{
    public static InventoryLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException or System.Security.SecurityException)
        {
            var problem = new InventoryProblem(path ?? "", 0, 0, "(file)", $"cannot read the inventory: {e.Message}",
                "check the path and that the file exists and is readable");
            return new InventoryLoadResult(null, [problem], null);
        }
        return Parse(text, path);
    }

    public static InventoryLoadResult Parse(string yamlText, string sourceName)
    {
        var sink = new ProblemSink(sourceName ?? "");
        var root = YamlDocumentReader.Read(yamlText ?? "", sink);
        if (root is null)
        {
            return new InventoryLoadResult(null, sink.Sorted(), null);
        }
        var draft = SchemaReader.Read(root, sink);
        VtepResolution.Resolve(draft, sink);
        NetworkChecks.Check(draft, sink);
        AddressChecks.Check(draft, sink);
        IdentityChecks.Check(draft, sink);
        return sink.Count > 0
            ? new InventoryLoadResult(null, sink.Sorted(), draft.Lab)
            : new InventoryLoadResult(InventoryBuilder.Build(draft, sourceName ?? ""), [], draft.Lab);
    }
}
