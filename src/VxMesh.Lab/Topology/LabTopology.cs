namespace VxMesh.Lab.Topology;

/// <summary>
/// A lab to build: a validated inventory plus its validated lab section, under a lab name.
/// </summary>
/// <param name="Name">The lab's name ([a-z0-9]{1,8}); every namespace it creates starts with vxlab-NAME-.</param>
/// <param name="InventoryText">The YAML it came from, written next to the lab's state for the agents to read.</param>
public sealed record LabTopology(string Name, Core.Model.Inventory Inventory, LabSettings Settings, string InventoryText);
