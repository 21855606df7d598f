using VxMesh.Core.Model;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

/// <summary>
/// The outcome of loading an inventory. <see cref="Inventory"/> is set only when
/// <see cref="Problems"/> is empty, so nothing downstream can act on a half-valid inventory.
/// </summary>
/// <param name="Lab">The untouched <c>lab:</c> section when present; the lab feature validates it.</param>
public sealed record InventoryLoadResult(
    Inventory? Inventory,
    IReadOnlyList<InventoryProblem> Problems,
    YamlMappingNode? Lab)
{
    public bool Ok => Inventory is not null && Problems.Count == 0;
}
