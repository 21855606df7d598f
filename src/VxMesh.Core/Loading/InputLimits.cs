namespace VxMesh.Core.Loading;

/// <summary>
/// How big an inventory or lab file may be, checked before anything else reads it: a document
/// past these is refused with one problem (exit 2), never parsed, expanded or echoed whole. The
/// defaults are far above any real mesh (an inventory nests about 6 levels deep; 10,000 nodes are
/// about 1.5 MB) and far below what hurts: nesting is recursion in the YAML library (80 KB of
/// <c>[[[…</c> overflowed the stack), and aliases multiply the work of every later stage.
/// </summary>
/// <param name="MaxBytes">Size of the text, in bytes as read (UTF-8).</param>
/// <param name="MaxDepth">Levels of nested mappings and lists, aliases followed.</param>
/// <param name="MaxNodes">YAML nodes with every alias expanded (a billion-laughs bound).</param>
/// <param name="MaxScalarChars">Characters of any one key or value: no setting takes more than a DNS name.</param>
public sealed record InputLimits(long MaxBytes, int MaxDepth, int MaxNodes, int MaxScalarChars)
{
    public static InputLimits Default { get; } = new(MaxBytes: 16 * 1024 * 1024, MaxDepth: 64, MaxNodes: 2_000_000, MaxScalarChars: 4096);
}
