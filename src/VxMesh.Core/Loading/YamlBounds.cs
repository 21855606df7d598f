using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>A document past one of the <see cref="InputLimits"/>: where, and what to do.</summary>
internal sealed class YamlBoundsException(Pos at, string problem, string fix) : Exception(problem)
{
    public Pos At { get; } = at;

    public string Problem { get; } = problem;

    public string Fix { get; } = fix;
}

/// <summary>
/// Keeps a YAML document within <see cref="InputLimits"/> in two steps. While parsing: nesting, so
/// the library's recursive tree building never runs deeper than the limit. After parsing, over the
/// tree with aliases followed (an alias is the same node object, so this walk counts each node once
/// and remembers its size): the expanded node count, the nesting through aliases, anchors that
/// contain themselves (a cycle every later walk would follow for ever), and the length of every
/// key and value. The walk recurses at most <see cref="InputLimits.MaxDepth"/> levels.
/// </summary>
internal static class YamlBounds
{
    /// <summary>Throws <see cref="YamlBoundsException"/> at the first limit the tree passes.</summary>
    public static void Check(YamlNode root, InputLimits limits)
    {
        var walk = new Walk(limits);
        walk.Visit(root, 1);
    }

    private sealed class Walk(InputLimits limits)
    {
        private readonly Dictionary<YamlNode, (long Nodes, int Height)> done = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<YamlNode> open = new(ReferenceEqualityComparer.Instance);

        public (long Nodes, int Height) Visit(YamlNode node, int depth)
        {
            if (done.TryGetValue(node, out var known))
            {
                CheckDepth(node, depth + known.Height - 1);
                return known;
            }
            CheckDepth(node, depth);
            if (!open.Add(node))
            {
                throw new YamlBoundsException(Pos.Of(node), "an alias refers to a node that contains it (a recursive anchor)",
                    "replace the alias with the values it stands for; an inventory cannot contain itself");
            }
            long nodes = 1;
            var height = 1;
            foreach (var child in Children(node))
            {
                var (childNodes, childHeight) = Visit(child, depth + 1);
                nodes += childNodes;
                height = Math.Max(height, childHeight + 1);
                if (nodes > limits.MaxNodes)
                {
                    throw new YamlBoundsException(Pos.Of(node), $"with its aliases expanded, this part of the document has more than {limits.MaxNodes:N0} YAML nodes",
                        "write the values out instead of repeating anchors (*alias); an inventory of 10,000 nodes has about 150,000");
                }
            }
            if (node is YamlScalarNode { Value: { } value } && value.Length > limits.MaxScalarChars)
            {
                throw new YamlBoundsException(Pos.Of(node), $"a value of {value.Length:N0} characters: no setting takes more than {limits.MaxScalarChars:N0}",
                    "shorten the value; names and addresses are far shorter");
            }
            open.Remove(node);
            done[node] = (nodes, height);
            return (nodes, height);
        }

        private void CheckDepth(YamlNode node, int depth)
        {
            if (depth > limits.MaxDepth)
            {
                throw TooDeep(Pos.Of(node), limits);
            }
        }

        private static IEnumerable<YamlNode> Children(YamlNode node) => node switch
        {
            YamlMappingNode map => map.Children.SelectMany(kv => new[] { kv.Key, kv.Value }),
            YamlSequenceNode seq => seq.Children,
            _ => [],
        };
    }

    public static YamlBoundsException TooDeep(Pos at, InputLimits limits) =>
        new(at, $"the document nests more than {limits.MaxDepth} levels deep (an inventory needs about 6)",
            "remove the extra nesting of lists and mappings ([[[ or {{{) here");

    /// <summary>Counts nesting as the parser produces events, so tree building never recurses past the limit.</summary>
    public sealed class DepthLimitedParser(IParser inner, InputLimits limits) : IParser
    {
        private int depth;

        /// <summary>Where the last event ended: the best position when the scanner fails without one.</summary>
        public Mark LastEnd { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (!moved || inner.Current is not { } current)
            {
                return moved;
            }
            LastEnd = current.End;
            if (current is MappingStart or SequenceStart && ++depth > limits.MaxDepth)
            {
                throw TooDeep(new Pos(checked((int)current.Start.Line), checked((int)current.Start.Column)), limits);
            }
            if (current is MappingEnd or SequenceEnd)
            {
                depth--;
            }
            return moved;
        }
    }
}
