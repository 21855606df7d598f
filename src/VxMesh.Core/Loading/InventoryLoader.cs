using VxMesh.Core.Model;
namespace VxMesh.Core.Loading;

/// <summary>
/// Reads and validates an inventory. Every problem in the document is reported in one pass,
/// each with file, line, key path and a fix, and the typed <see cref="Inventory"/> is
/// built only when there are none. Bad input never throws, and input past the
/// <see cref="InputLimits"/> (size, nesting, aliases, value length, invalid UTF-8) is one problem.
/// </summary>
public static class InventoryLoader
{
    public static InventoryLoadResult LoadFile(string path, InputLimits? limits = null)
    {
        var text = InputText.Read(path, "inventory", limits ?? InputLimits.Default, out var problem);
        return text is null ? new InventoryLoadResult(null, [problem!], null) : Parse(text, path, limits);
    }

    public static InventoryLoadResult Parse(string yamlText, string sourceName, InputLimits? limits = null)
    {
        var sink = new ProblemSink(sourceName ?? "");
        var root = YamlDocumentReader.Read(yamlText ?? "", sink, limits ?? InputLimits.Default);
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
