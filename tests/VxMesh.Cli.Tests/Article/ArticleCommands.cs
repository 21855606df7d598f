using VxMesh.Tests.Shared;

namespace VxMesh.Cli.Tests.Article;

/// <summary>The commands seeds/000 typed on each node (Article/seed-000-commands.txt).</summary>
public static class ArticleCommands
{
    private static readonly Dictionary<string, List<string>> ByNode = Load();

    public static IReadOnlyList<string> Nodes => [.. ByNode.Keys];

    public static IReadOnlyList<string> For(string node) => ByNode[node];

    private static Dictionary<string, List<string>> Load()
    {
        var nodes = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in File.ReadAllLines(Repo.Path("tests", "VxMesh.Cli.Tests", "Article", "seed-000-commands.txt")))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                nodes[line[1..^1]] = current = [];
            }
            else if (current is not null && line.Length > 0 && !line.StartsWith('#'))
            {
                current.Add(line);
            }
        }
        return nodes;
    }
}
