using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;

namespace VxMesh.Agent.Reconcile;

/// <summary>
/// A device with our name exists but is not ours: another kind, or a VXLAN device without VxMesh's mark
/// (<see cref="Ownership.DeviceAlias"/>) that differs from what VxMesh would create. VxMesh never deletes
/// what it cannot have created, so this is a terminal error for the operator, not something to retry.
/// </summary>
public sealed class DeviceConflictException : Exception
{
    public DeviceConflictException(string name, string? kind)
        : base($"device {name} exists and is {(kind is null ? "a plain device" : $"of kind '{kind}'")}, not VXLAN; " +
               "VxMesh will not delete what it did not create: remove it, or choose another mesh.device")
    {
    }

    private DeviceConflictException(string message)
        : base(message)
    {
    }

    /// <summary>An unmarked VXLAN device of our name whose identity differs from the plan's (<paramref name="differences"/>).</summary>
    public static DeviceConflictException Unmarked(ObservedDevice device, IReadOnlyList<string> differences) =>
        new($"device {device.Name} exists without VxMesh's mark (alias '{Ownership.DeviceAlias}'{(device.Alias is null ? "" : $"; it has alias '{device.Alias}'")}) " +
            $"and is not the device VxMesh would create ({string.Join(", ", differences)}); VxMesh will not delete, recreate or program " +
            $"through a device it did not make: remove it (ip link del {device.Name}), or choose another mesh.device");
}
