namespace VxMesh.Agent.Reconcile;

/// <summary>
/// A device with our name exists but is not a VXLAN device. VxMesh never deletes what it
/// cannot have created, so this is a terminal error for the operator, not something to retry.
/// </summary>
public sealed class DeviceConflictException(string name, string? kind)
    : Exception($"device {name} exists and is {(kind is null ? "a plain device" : $"of kind '{kind}'")}, not VXLAN; " +
                "VxMesh will not delete what it did not create: remove it, or choose another mesh.device");
